/** The pipeline under test (the repro run pointed this at the code before issue 11). */
export { Telemetry } from '../../../src/telemetry/telemetry';
export { indexedDbOutbox } from '../../../src/telemetry/outbox';
export { fhirSink, ndjsonSink } from '../../../src/telemetry/sinks';
export { createRequester } from '../../../src/fhir/requester';
export const SESSION_END_BUILT_IN = true;
