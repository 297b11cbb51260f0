import * as v from 'valibot';
import { ehr, featureSwitches } from './ehr-schema';
import { RULE_PACK_IDS } from './rule-packs';
import { objectMessage, plainObject } from './schema-messages';
import { isAllowedServerUrl } from './server-urls';
import { telemetry } from './telemetry-schema';

export { isAllowedServerUrl, normalIss } from './server-urls';

/**
 * The deployment config (`smart-launch/learning-loop.config.json`): one entry per EHR, and the
 * features switched on. Every message names what was expected, because the reader is an informatics
 * analyst with the file open, not a developer with a debugger.
 */

/** The app's features: `patient` is always on, the others are switched on or off per deployment and EHR. */
export const FEATURE_IDS = [
  'patient',
  'encounter',
  'clinician',
  'unit',
  'prompts',
  'orders',
  'events',
  'feedback',
] as const;
export type FeatureId = (typeof FEATURE_IDS)[number];

/** A remote CDS Hooks service provider whose patient-view cards join the local ones. */
const cdsService = plainObject(
  v.strictObject(
    {
      base: v.pipe(
        v.string('expected the base URL that ends before /cds-services'),
        v.check(
          isAllowedServerUrl,
          (issue) =>
            `expected an https URL such as "https://cds.example.org" (http only for localhost), got ${JSON.stringify(issue.input)}`,
        ),
        v.transform((s) => s.replace(/\/+$/, '')),
      ),
      ids: v.optional(v.array(v.string('expected a service id'), 'expected a list of service ids')),
      timeoutMs: v.optional(
        v.pipe(
          v.number('expected milliseconds'),
          v.integer('expected whole milliseconds'),
          v.minValue(100, 'expected at least 100 ms'),
          v.maxValue(10_000, 'expected at most 10000 ms'),
        ),
        1000,
      ),
      /** Send the clinician's override comment to this service (off: least data by default). */
      keepComments: v.optional(v.boolean('expected true or false'), false),
      // Retired: the app never hands the clinician's FHIR token to a third party. `false` still reads.
      shareFhirAuthorization: v.optional(
        v.literal(false, 'no longer supported: the FHIR token is never sent to a CDS service'),
      ),
    },
    objectMessage('base, ids, timeoutMs, keepComments'),
  ),
  'expected an object such as { "base": "https://cds.example.org" }',
);

/**
 * How the prompts treat the clinician's answers and what they may draft: an override keeps its card
 * away until the card's data changes (or for a number of hours); suggestions (local or from a remote
 * CDS service) may draft only these resource types, always as drafts for the clinician to sign.
 */
const promptSettings = plainObject(
  v.strictObject(
    {
      overrideFor: v.optional(
        v.union(
          [
            v.literal('until-data-changes'),
            v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 90)),
          ],
          'expected "until-data-changes" or a whole number of hours from 1 to 2160',
        ),
        'until-data-changes',
      ),
      draftTypes: v.optional(
        v.pipe(
          v.array(
            v.picklist(
              ['MedicationRequest', 'ServiceRequest'],
              'expected "MedicationRequest" or "ServiceRequest" (the order types the app may draft)',
            ),
            'expected a list of resource types',
          ),
          v.minLength(1, 'expected at least one resource type'),
        ),
        ['MedicationRequest', 'ServiceRequest'],
      ),
    },
    objectMessage('overrideFor, draftTypes'),
  ),
  'expected an object such as { "overrideFor": "until-data-changes" }',
);

/**
 * The clinician's outcome feedback: a rate on fewer patients than `minCases` shows as "too few
 * patients" (small numbers mislead and can point at a person); 5 is the usual floor.
 */
const feedbackSettings = plainObject(
  v.strictObject(
    {
      minCases: v.optional(
        v.pipe(
          v.number('expected a whole number of patients'),
          v.integer('expected a whole number of patients'),
          v.minValue(1, 'expected at least 1 patient'),
          v.maxValue(1000, 'expected at most 1000 patients'),
        ),
        5,
      ),
    },
    objectMessage('minCases'),
  ),
  'expected an object such as { "minCases": 5 }',
);

export const configSchema = plainObject(
  v.strictObject(
    {
      $schema: v.optional(v.string('expected the path of the JSON Schema, a string')),
      ehrs: v.pipe(
        v.array(ehr, 'expected a list of EHRs'),
        v.minLength(1, 'expected at least one EHR entry'),
        v.check(
          (list) => new Set(list.map((e) => e.iss)).size === list.length,
          'expected each iss at most once',
        ),
        v.check(
          (list) => list.filter((e) => e.standalone).length <= 1,
          'expected at most one EHR with "standalone": true',
        ),
      ),
      features: v.optional(featureSwitches, {}),
      redirectUri: v.optional(
        v.pipe(
          v.string('expected a page of this app such as "app.html"'),
          v.regex(/^[a-z0-9][a-z0-9._/-]*\.html$/i, 'expected a page of this app such as "app.html"'),
        ),
        'app.html',
      ),
      cdsServices: v.optional(v.array(cdsService, 'expected a list of CDS Hooks services'), []),
      rulePacks: v.optional(
        v.array(
          v.picklist(RULE_PACK_IDS, `expected a rule pack of this build: ${RULE_PACK_IDS.join(', ')}`),
          'expected a list of rule pack ids such as ["starter"]',
        ),
        ['starter'],
      ),
      telemetry: v.optional(telemetry, {
        sinks: [],
        seenAfterMs: 1000,
        batchMs: 2000,
        warnAfterMs: 300_000,
        retention: {},
      }),
      prompts: v.optional(promptSettings, {
        overrideFor: 'until-data-changes',
        draftTypes: ['MedicationRequest', 'ServiceRequest'],
      }),
      feedback: v.optional(feedbackSettings, { minCases: 5 }),
    },
    objectMessage('ehrs, features, redirectUri, cdsServices, rulePacks, telemetry, prompts, feedback'),
  ),
  'expected a JSON object with ehrs, features, redirectUri, cdsServices, rulePacks, telemetry, prompts, feedback',
);

export type LoopConfig = v.InferOutput<typeof configSchema>;
export type EhrConfig = LoopConfig['ehrs'][number];
