import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FhirRequestError, describeFhirError } from '../../../src/fhir/errors';

const WHAT = 'the record the prompts need';
const statuses = [200, 400, 401, 403, 404, 405, 409, 410, 422, 429, 500, 503, 0];

describe('describeFhirError: what a clinician reads when the EHR fails a request', () => {
  it('offers Try again only where a button will do it, and names no record twice', () => {
    for (const status of statuses) {
      const problem = describeFhirError(new FhirRequestError(status, 'Observation?patient=p-1', 'x'), WHAT);
      // The panel shows a Try again button exactly when `retry` is set.
      if (/try again/i.test(problem.action))
        assert.ok(problem.retry !== undefined, `${status}: "${problem.action}" with no Try again button`);
      assert.doesNotMatch(problem.title, /record of the record/, `${status}: ${problem.title}`);
      assert.ok(problem.title.includes(WHAT), `${status} names what failed`);
    }
  });

  it('says a 404 did not find the thing, and a 400 will be refused again until support acts', () => {
    const notFound = describeFhirError(new FhirRequestError(404, 'Patient/x', 'gone'), 'the patient');
    assert.equal(notFound.title, 'The EHR did not find the patient.');
    const refused = describeFhirError(new FhirRequestError(400, 'Observation?code:bad=1', 'bad'), WHAT);
    assert.equal(refused.retry, undefined);
    assert.match(refused.action, /EHR support team/);
  });

  it('offers Try again on a timeout or a lock (408, 423, 425), which may pass', () => {
    for (const status of [408, 423, 425]) {
      const problem = describeFhirError(new FhirRequestError(status, 'Observation?patient=p-1', 'x'), WHAT);
      assert.deepEqual([problem.retry, /^Try again/.test(problem.action)], [{}, true], String(status));
    }
  });
});
