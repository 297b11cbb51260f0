import { fromUint8Array } from '../../src/launch/base64-shim';

/** S256 PKCE check, as an authorization server does it (RFC 7636 §4.6). */
export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return fromUint8Array(new Uint8Array(digest), true);
}

export async function verifyPkce(verifier: string | null, challenge: string): Promise<boolean> {
  if (!verifier || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return (await s256(verifier)) === challenge;
}
