/** Switches that change how the mock EHR behaves, read on every request. */
export interface ServerFlags {
  /** Discovery omits S256 (the app must refuse to launch). */
  noPkce?: boolean;
  /** The FHIR server ignores `_include`, like many real ones: the app must fetch in more waves. */
  noInclude?: boolean;
  /** The FHIR server refuses `_has` reverse chaining (400), as many do: with noInclude, one wave per level. */
  noReverseChain?: boolean;
  /** Milliseconds added to every FHIR and token request (benchmarks use 100). */
  latencyMs?: number;
}

export interface MockServerOptions {
  /** Absolute URL of the simulator's authorize page (a navigation, so a page, not a handler). */
  authorizeUrl: string;
  now: () => number;
  flags: () => ServerFlags;
}

/** sessionStorage key the simulator writes flags to: the iframe's pages share the tab's storage. */
export const FLAGS_KEY = 'learning-loop-sim:flags';
