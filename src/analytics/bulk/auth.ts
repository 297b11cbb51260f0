/**
 * SMART Backend Services authorization (SMART App Launch 2.x, "Backend Services"): a
 * `client_credentials` grant with a `private_key_jwt` client assertion signed by the client's own key
 * (RS384 or ES384, as the spec requires servers to support), the access token kept until shortly
 * before it expires, and thrown away at once when the server answers 401.
 */
import { importJWK, importPKCS8, SignJWT, type JWK } from 'jose';
import { namedFetch } from '../../core/errors';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface BackendAuthOptions {
  /** The token endpoint (from `.well-known/smart-configuration` when not given). */
  tokenUrl: string;
  clientId: string;
  /** The private key: a JWK (JSON text) or PKCS#8 PEM. */
  privateKey: string;
  /** Key id registered with the server's JWKS. */
  kid?: string;
  alg?: 'RS384' | 'ES384';
  scope?: string;
  fetch?: Fetch;
  /** Milliseconds since the epoch; passed in for tests. */
  now?: () => number;
}

export interface BackendAuth {
  /** A valid access token, fetched once and reused until 30 s before it expires. */
  token(): Promise<string>;
  /** Forget the token (the server answered 401): the next call asks for a new one. */
  invalidate(): void;
}

export class AuthError extends Error {
  override name = 'AuthError';
}

async function signingKey(text: string, alg: string) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return importJWK(JSON.parse(trimmed) as JWK, alg);
  return importPKCS8(trimmed, alg);
}

/**
 * The token source for one client.
 *
 * @example const auth = backendAuth({ tokenUrl, clientId: 'analytics', privateKey: pem, kid: 'k1' })
 */
export function backendAuth(options: BackendAuthOptions): BackendAuth {
  const doFetch = options.fetch ?? namedFetch;
  const now = options.now ?? (() => Date.now());
  const alg = options.alg ?? 'RS384';
  let cached: { token: string; expires: number } | undefined;
  return {
    invalidate() {
      cached = undefined;
    },
    async token() {
      if (cached && now() < cached.expires - 30_000) return cached.token;
      const key = await signingKey(options.privateKey, alg);
      const seconds = Math.floor(now() / 1000);
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg, typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) })
        .setIssuer(options.clientId)
        .setSubject(options.clientId)
        .setAudience(options.tokenUrl)
        .setJti(crypto.randomUUID())
        .setIssuedAt(seconds)
        .setExpirationTime(seconds + 300)
        .sign(key);
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        scope: options.scope ?? 'system/AuditEvent.rs',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      });
      const response = await doFetch(options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
      });
      const answer = (await response.json().catch(() => ({}))) as {
        access_token?: unknown;
        expires_in?: unknown;
        error?: unknown;
        error_description?: unknown;
      };
      if (!response.ok || typeof answer.access_token !== 'string')
        throw new AuthError(
          `the token endpoint refused the client (${response.status}${answer.error ? `: ${String(answer.error)}` : ''}${answer.error_description ? `, ${String(answer.error_description)}` : ''})`,
        );
      const lifetime = typeof answer.expires_in === 'number' ? answer.expires_in : 300;
      cached = { token: answer.access_token, expires: now() + lifetime * 1000 };
      return cached.token;
    },
  };
}

/**
 * The token endpoint a FHIR server advertises.
 *
 * @example await discoverTokenUrl('https://ehr.example.org/fhir')
 */
export async function discoverTokenUrl(base: string, doFetch: Fetch = namedFetch): Promise<string> {
  const response = await doFetch(`${base.replace(/\/$/, '')}/.well-known/smart-configuration`, {
    headers: { accept: 'application/json' },
  });
  const config = (await response.json().catch(() => ({}))) as { token_endpoint?: unknown };
  if (!response.ok || typeof config.token_endpoint !== 'string')
    throw new AuthError(
      `${base} advertises no token endpoint (.well-known/smart-configuration: ${response.status})`,
    );
  return config.token_endpoint;
}
