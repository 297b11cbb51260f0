import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Base64 } from 'js-base64';
import { decode, encodeURL, fromUint8Array } from '../../../src/launch/base64-shim';

describe('base64 shim agrees with js-base64 (fhirclient uses it for PKCE and JWTs)', () => {
  it('encodes bytes, plain and url-safe', () => {
    for (let n = 0; n < 200; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      assert.equal(fromUint8Array(bytes), Base64.fromUint8Array(bytes));
      assert.equal(fromUint8Array(bytes, true), Base64.fromUint8Array(bytes, true));
    }
  });

  it('encodes and decodes UTF-8 text, url-safe and padded', () => {
    for (const text of ['', 'a', '{"alg":"none"}', 'Zoë Ødegård — 患者 🩺', 'x'.repeat(100_000)]) {
      assert.equal(encodeURL(text), Base64.encodeURL(text));
      assert.equal(decode(Base64.encode(text)), text);
      assert.equal(decode(Base64.encodeURL(text)), text);
    }
  });
});
