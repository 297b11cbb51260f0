/**
 * The contract between the page and the rules: what a run needs and gives back, and the messages
 * the rules worker takes and answers (one answer per request id). Both sides import it from here.
 */
import type { Coding, Resource } from '@medplum/fhirtypes';
import type { PromptCard } from '../cds/cards';

/** A rule (or a remote service) that failed or ran out of time; the other cards still show. */
export interface RuleError {
  rule: string;
  message: string;
  /** A remote service's prompts that could not be read (CDS Hooks validation): how many were left out. */
  unreadable?: number;
  /** Remote services that were not called (`rule` names them), and why, in the clinician's words. */
  notAsked?: string;
}

/** Where the patient is, from the context: the unit-type filter and drafted orders need it. */
export interface Placement {
  /** The ward's Location.type codings; undefined when the unit is unknown or the feature is off. */
  unitTypes?: Coding[];
  encounterId?: string;
}

/** The rules, wherever they run (a Web Worker in the app, in-process in tests). */
export interface RulesRunner {
  /** FHIR searches (relative paths) the enabled rules need for this patient. */
  queries(patientId: string, now: Date): string[];
  run(
    patientId: string,
    resources: Resource[],
    now: Date,
    placement: Placement,
  ): Promise<{ cards: PromptCard[]; errors: RuleError[] }>;
}

/** What a run needs besides the record: which packs, and where the patient is. */
export interface RunSettings extends Placement {
  /** Rule pack ids (see packs/index.ts). */
  packs: string[];
}

/** What the page sends the rules worker, and what comes back. */
export interface RunRequest extends RunSettings {
  id: number;
  patientId: string;
  resources: Resource[];
  now: string;
}
export type RunResponse =
  | {
      id: number;
      cards: PromptCard[];
      errors: RuleError[];
      /** Time spent running the rules inside the worker, ms (for the benchmark). */
      ms: number;
    }
  | { id: number; failure: string };
