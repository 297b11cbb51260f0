/**
 * Stands in for `js-base64` inside fhirclient's browser build, with the three functions fhirclient
 * calls. Browsers have btoa/atob and TextEncoder; the library's 1.5 KB gzip is what keeps the launch
 * page over its budget. A Node test checks each function against js-base64 itself.
 */

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const toUrlSafe = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** base64 of bytes; base64url without padding when `urlsafe`. */
export function fromUint8Array(bytes: Uint8Array, urlsafe = false): string {
  const b64 = bytesToBase64(bytes);
  return urlsafe ? toUrlSafe(b64) : b64;
}

/** base64url (no padding) of a string's UTF-8 bytes. */
export function encodeURL(text: string): string {
  return toUrlSafe(bytesToBase64(new TextEncoder().encode(text)));
}

/** The UTF-8 string from base64 or base64url, padded or not. */
export function decode(input: string): string {
  const b64 = input.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
