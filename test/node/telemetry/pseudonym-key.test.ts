import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FhirRequester } from '../../../src/fhir/requester';
import { onEhr, pseudonymKeySource } from '../../../src/telemetry/pseudonym-key';

const ISS = 'https://ehr.example.org/fhir/R4';
const KEY = 'k'.repeat(40);

describe('pseudonym key endpoint', () => {
  it('sends the SMART token only to an endpoint on the EHR FHIR server', () => {
    assert.equal(onEhr(`${ISS}/learning-loop/pseudonym-key`, ISS), true);
    assert.equal(onEhr(`${ISS}/`.replace('/R4/', '/R4x/k'), ISS), false, 'a sibling path is another server');
    assert.equal(onEhr('https://ehr.example.org.evil.example/fhir/R4/k', ISS), false);
    assert.equal(onEhr('https://keys.example.org/k', ISS), false);
  });

  it("on the EHR, asks through the app's requester (token, refresh); elsewhere with cookies and no token", async () => {
    const asked: string[] = [];
    const request: FhirRequester = async (path) => {
      asked.push(path);
      return { key: KEY };
    };
    assert.equal(
      await pseudonymKeySource(`${ISS}/learning-loop/pseudonym-key`, { iss: ISS, request })(),
      KEY,
    );
    assert.deepEqual(asked, [`${ISS}/learning-loop/pseudonym-key`]);
    const inits: RequestInit[] = [];
    const fetchImpl = async (_url: string, init?: RequestInit) => {
      inits.push(init ?? {});
      return new Response(JSON.stringify({ key: KEY }), { status: 200 });
    };
    const elsewhere = pseudonymKeySource('https://keys.example.org/k', { iss: ISS, request }, fetchImpl);
    assert.equal(await elsewhere(), KEY);
    assert.equal(inits[0]?.credentials, 'include');
    assert.equal(new Headers(inits[0]?.headers).get('Authorization'), null);
    assert.equal(asked.length, 1, 'the requester (and its token) was not used for another host');
  });

  it('refuses an answer without a long enough key, and a failed answer', async () => {
    const request: FhirRequester = async () => ({ key: 'short' });
    await assert.rejects(pseudonymKeySource(`${ISS}/k`, { iss: ISS, request })(), /at least 32 characters/);
    const down = pseudonymKeySource(
      'https://keys.example.org/k',
      { iss: ISS, request },
      async () => new Response('', { status: 503 }),
    );
    await assert.rejects(down(), /503/);
  });
});
