/** What a clinician is told when something fails: what happened, and what to do about it. */
export interface UserFacingError {
  /** A stable code, for tests, logs and the README's troubleshooting table. */
  code: string;
  /** One sentence: what happened. */
  title: string;
  /** One sentence: what to do next. */
  action: string;
  /** Technical detail for the informatics team (never shown first). */
  detail?: string;
  /**
   * Set when the problem may pass by itself (no answer, a busy or failing server): the message offers
   * "Try again", not before `afterSeconds` when the server said how long to wait (Retry-After).
   */
  retry?: { afterSeconds?: number };
}

/** A feature that the EHR did not grant what it needs: it says it is off, the rest works. */
export interface FeatureOff {
  feature: string;
  label: string;
  missingScopes: string[];
}
