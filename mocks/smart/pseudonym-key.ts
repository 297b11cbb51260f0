/**
 * The simulated EHR's pseudonym key endpoint (`GET {iss}/learning-loop/pseudonym-key`), as a
 * deployment would serve it: only to a valid access token, with `Cache-Control: no-store`. Its key is
 * drawn at random once per browser profile and kept by the mock server (localStorage), never written
 * in a file of the build, so even the simulator's pseudonyms need what a real one does to reverse.
 */
import { HttpResponse, http, type HttpHandler } from 'msw';
import { SIM_PSEUDONYM_KEY_URL, decodeHandle, type SimToken } from '../sim-constants';

const STORAGE_KEY = 'learning-loop-sim:pseudonym-key';

function drawKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** The profile's key: kept across pages and launches where localStorage exists, for this process otherwise. */
export function simPseudonymKey(storage: Storage | undefined = globalThis.localStorage): () => string {
  let memory: string | undefined;
  return () => {
    const kept = storage?.getItem(STORAGE_KEY) ?? memory;
    if (kept) return kept;
    const key = drawKey();
    if (storage) storage.setItem(STORAGE_KEY, key);
    else memory = key;
    return key;
  };
}

export function pseudonymKeyHandlers(now: () => number, key = simPseudonymKey()): HttpHandler[] {
  return [
    http.get(SIM_PSEUDONYM_KEY_URL, ({ request }) => {
      const header = request.headers.get('Authorization') ?? '';
      const token = header.startsWith('Bearer ') ? decodeHandle<SimToken>(header.slice(7)) : undefined;
      if (!token || token.kind !== 'access' || token.exp < now())
        return HttpResponse.json(
          { error: 'invalid_token' },
          { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
        );
      return HttpResponse.json({ key: key() }, { headers: { 'Cache-Control': 'no-store' } });
    }),
  ];
}
