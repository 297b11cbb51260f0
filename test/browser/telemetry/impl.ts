/** The pipeline under test (the repro run pointed this at the code before issue 11). */
export { Telemetry } from '../../../src/telemetry/telemetry';
export { indexedDbOutbox } from '../../../src/telemetry/outbox';
export { ndjsonSink } from '../../../src/telemetry/sinks';
export const SESSION_END_BUILT_IN = true;
