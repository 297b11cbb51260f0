/**
 * Why a CDS Hooks exchange failed. `timeout` and `network` mean no usable answer; `http` carries the
 * status; `malformed` means the body was not the JSON shape the spec requires; `aborted` means the caller
 * cancelled (a newer patient, a closed panel).
 */
export type CdsErrorKind = 'timeout' | 'network' | 'http' | 'malformed' | 'aborted';

/** A failed discovery, service call or feedback POST. Never shown raw: the panel names the service. */
export class CdsError extends Error {
  constructor(
    readonly kind: CdsErrorKind,
    readonly url: string,
    message: string,
    /** HTTP status for kind `http`. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CdsError';
  }
}
