/**
 * The simulated CDS Hooks provider: where it lives and the switches that make it misbehave. No msw
 * import here, so the simulator's pages can read and write the flags without loading msw.
 */

/** Base URL of the demo provider (ends before `/cds-services`). `.invalid` never resolves without msw. */
export const CDS_SIM_BASE = 'https://cds.sim.invalid';
/** Its one `patient-view` service. */
export const CDS_SIM_SERVICE_ID = 'flu-vaccine-reminder';
/** sessionStorage key the simulator writes CdsFlags to. */
export const CDS_FLAGS_KEY = 'learning-loop-sim:cds-flags';

/** What the service call does instead of answering normally. */
export type CdsFailure =
  /** Never answers (until the client gives up and aborts). */
  | 'hang'
  | 'error-500'
  /** `200` with a body that is not JSON. */
  | 'malformed'
  /** `200` with JSON that has no `cards` array. */
  | 'wrong-shape'
  /** The flu card plus cards carrying script tags, event handlers and `javascript:` links. */
  | 'hostile'
  /** The flu card plus cards the client must drop (no summary, bad indicator, no source label, ...). */
  | 'invalid-cards';

/** Switches read on every request. */
export interface CdsFlags {
  failure?: CdsFailure;
  /** Discovery misbehaves too (or alone). */
  discoveryFailure?: 'hang' | 'error-500' | 'malformed';
  /** The feedback endpoint answers 500. */
  feedbackFailure?: boolean;
  /** Milliseconds added to every answer. */
  latencyMs?: number;
}

export interface CdsMockOptions {
  flags: () => CdsFlags;
  /** Patient ids the service has a flu card for; every patient when absent. */
  patients?: () => readonly string[] | undefined;
}
