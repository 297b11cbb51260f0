/**
 * A mock FHIR Bulk Data server on 127.0.0.1 for the client's tests: SMART configuration, a token
 * endpoint that verifies the client assertion against the client's public key, `$export` kick-off,
 * a status endpoint that plays a script of answers, and NDJSON files. Every request is logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface MockOptions {
  publicKey: CryptoKey;
  clientId: string;
  /** Answers of the status endpoint, in turn (the last one repeats). */
  status: (base: string) => Answer[];
  /** Files served under /files/<name>. */
  files: Record<string, string>;
  /** Tokens the file endpoint refuses with 401 (an expired token). */
  expired?: Set<string>;
}

const send = (res: ServerResponse, answer: Answer) => {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(
    answer.body === undefined
      ? ''
      : typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body),
  );
};
const read = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
};

export async function startMockBulk(options: MockOptions) {
  const log: { method: string; path: string; auth?: string }[] = [];
  let tokens = 0;
  let polls = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      log.push({
        method: req.method ?? '',
        path: url.pathname + url.search,
        ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
      });
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (url.pathname === '/fhir/.well-known/smart-configuration')
        return send(res, { status: 200, body: { token_endpoint: `${base}/token` } });
      if (url.pathname === '/token') {
        const form = new URLSearchParams(await read(req));
        try {
          const { payload } = await jwtVerify(form.get('client_assertion') ?? '', options.publicKey, {
            issuer: options.clientId,
            subject: options.clientId,
            audience: `${base}/token`,
          });
          if (form.get('grant_type') !== 'client_credentials' || !payload.jti) throw new Error('bad grant');
        } catch (error) {
          return send(res, {
            status: 401,
            body: { error: 'invalid_client', error_description: String(error) },
          });
        }
        tokens += 1;
        return send(res, {
          status: 200,
          body: { access_token: `token-${tokens}`, token_type: 'bearer', expires_in: 3600 },
        });
      }
      if (!bearer.startsWith('token-'))
        return send(res, { status: 401, body: { resourceType: 'OperationOutcome' } });
      if (url.pathname === '/fhir/$export') {
        if (req.headers.prefer !== 'respond-async') return send(res, { status: 400 });
        return send(res, { status: 202, headers: { 'content-location': `${base}/status/1` } });
      }
      if (url.pathname === '/status/1') {
        const script = options.status(base);
        const answer = script[Math.min(polls, script.length - 1)] ?? { status: 500 };
        polls += 1;
        return send(res, answer);
      }
      if (url.pathname.startsWith('/files/')) {
        if (options.expired?.has(bearer))
          return send(res, { status: 401, body: { resourceType: 'OperationOutcome' } });
        const name = url.pathname.slice('/files/'.length);
        const text = options.files[name];
        if (text === undefined) return send(res, { status: 404 });
        return send(res, { status: 200, headers: { 'content-type': 'application/fhir+ndjson' }, body: text });
      }
      return send(res, { status: 404 });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    fhir: `${base}/fhir`,
    log,
    tokensIssued: () => tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
