import * as v from 'valibot';
import { RULE_PACK_IDS } from './rule-packs';

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

/**
 * The one normal form of a FHIR base URL (`iss`), used wherever the app compares or keys by it: the
 * allow-list, the `aud` of the authorize request, the session, the outbox, the snoozes and the sinks'
 * Web Locks. A trailing slash, an upper-case host or an explicit default port must not make one EHR
 * look like two (two outboxes, two snooze stores) or let a variant pass one check and fail another.
 *
 * @example normalIss('HTTPS://EHR.example.org:443/fhir/R4/') // 'https://ehr.example.org/fhir/R4'
 */
export function normalIss(iss: string): string {
  let url: URL;
  try {
    url = new URL(iss.trim());
  } catch {
    return iss.trim().replace(/\/+$/, '');
  }
  // URL lower-cases scheme and host and drops a default port; the path keeps its case (servers differ).
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}${url.hash}`;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http only on this machine (a local FHIR server during development). */
export function isAllowedServerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password || url.search || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

/** One message for an object's own problems: an unknown field, a missing one, or not an object at all. */
function objectMessage(fields: string) {
  return (issue: v.BaseIssue<unknown>) => {
    if (issue.expected === 'never') return `unknown field ${issue.received}: expected only ${fields}`;
    if (issue.received === 'undefined' && issue.expected?.startsWith('"'))
      return `required field missing: expected ${issue.expected}`;
    return `expected an object with ${fields}`;
  };
}

/** valibot's object schemas take an array for an empty object; a config that says `[]` meant something else. */
function plainObject<T extends v.GenericSchema>(schema: T, message: string) {
  return v.pipe(
    v.custom<unknown>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), message),
    schema,
  );
}

const serverUrl = v.pipe(
  v.string('expected a string: the FHIR base URL the EHR sends as iss'),
  v.check(
    isAllowedServerUrl,
    (issue) =>
      `expected an https URL such as "https://ehr.example.org/fhir/R4" (http only for localhost), got ${JSON.stringify(issue.input)}`,
  ),
  v.transform(normalIss),
);

const featureSwitches = plainObject(
  v.strictObject(
    {
      encounter: v.optional(v.boolean('expected true or false')),
      clinician: v.optional(v.boolean('expected true or false')),
      unit: v.optional(v.boolean('expected true or false')),
      prompts: v.optional(v.boolean('expected true or false')),
      orders: v.optional(v.boolean('expected true or false')),
      events: v.optional(v.boolean('expected true or false')),
      feedback: v.optional(v.boolean('expected true or false')),
    },
    (issue) =>
      issue.expected === 'never'
        ? `unknown feature ${issue.received}: expected one of encounter, clinician, unit, prompts, orders, events, feedback`
        : 'expected an object of feature switches',
  ),
  'expected an object of feature switches such as { "unit": true }',
);

/** `system|code`: a Coding written the way FHIR token searches write it. */
const codingToken = v.pipe(
  v.string('expected a coding as "system|code"'),
  v.regex(
    /^[^|\s]+\|[^|\s]+$/,
    (issue) =>
      `expected a coding as "system|code" such as "http://terminology.hl7.org/CodeSystem/v3-RoleCode|HU", got ${JSON.stringify(issue.input)}`,
  ),
);

/**
 * Unit types for wards the EHR does not type in a way the rules know (many EHRs type wards locally,
 * or not at all): by the ward's Location id, or by a local `Location.type` coding, the unit types the
 * rules' `useContext` venues use. A ward keeps its own types as well.
 */
const unitTypeMap = plainObject(
  v.strictObject(
    {
      byWard: v.optional(
        v.record(
          v.pipe(
            v.string(),
            v.regex(
              /^[A-Za-z0-9\-.]{1,64}$/,
              (issue) => `expected a Location id as a key, got ${JSON.stringify(issue.input)}`,
            ),
          ),
          v.array(codingToken, 'expected a list of codings as "system|code"'),
          'expected an object of Location id: list of codings',
        ),
        {},
      ),
      byType: v.optional(
        v.record(
          codingToken,
          v.array(codingToken, 'expected a list of codings as "system|code"'),
          'expected an object of "system|code": list of codings',
        ),
        {},
      ),
    },
    objectMessage('byWard, byType'),
  ),
  'expected an object such as { "byType": { "https://ehr.example.org/ward-type|MED": ["http://terminology.hl7.org/CodeSystem/v3-RoleCode|HU"] } }',
);

const ehr = v.strictObject(
  {
    name: v.pipe(
      v.string('expected a display name such as "Epic production"'),
      v.nonEmpty('expected a display name'),
    ),
    iss: serverUrl,
    clientId: v.pipe(
      v.string('expected the client_id the EHR issued at registration'),
      v.nonEmpty('expected the client_id the EHR issued at registration'),
    ),
    scopeSyntax: v.optional(
      v.picklist(['v2', 'v1'], 'expected "v2" (SMART 2, .rs) or "v1" (SMART 1, .read)'),
      'v2',
    ),
    standalone: v.optional(v.boolean('expected true or false'), false),
    simulator: v.optional(v.boolean('expected true or false'), false),
    features: v.optional(featureSwitches),
    connectOrigins: v.optional(
      v.array(
        v.pipe(
          v.string('expected an origin such as "https://auth.ehr.example.org"'),
          v.check(
            (s) => isAllowedServerUrl(s) && new URL(s).origin === s,
            (issue) =>
              `expected an origin such as "https://auth.ehr.example.org" (scheme and host, no path), got ${JSON.stringify(issue.input)}`,
          ),
        ),
        'expected a list of origins',
      ),
      [],
    ),
    unitTypes: v.optional(unitTypeMap, { byWard: {}, byType: {} }),
  },
  objectMessage(
    'name, iss, clientId, scopeSyntax, standalone, simulator, features, connectOrigins, unitTypes',
  ),
);

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

/** A whole number of milliseconds (or a count), at least `min`. */
const ms = (min: number) => v.pipe(v.number('expected a whole number'), v.integer(), v.minValue(min));

/** A field that no longer exists, with what to do instead. */
const retired = (message: string) => v.optional(v.never(message));

const privacyFields = {
  /** Where the browser gets the deployment's pseudonym key at launch (never the key itself). */
  pseudonymKeyUrl: v.optional(
    v.pipe(v.string(), v.check(isAllowedServerUrl, 'expected the https URL of the key endpoint')),
  ),
  keepComments: v.optional(v.boolean('expected true or false'), false),
  pseudonymKey: retired('a key here is public: give the URL of a key endpoint as pseudonymKeyUrl'),
  dropComments: retired('comments are left out unless "keepComments": true'),
};

/** Where interaction events go; several at once. The CDS feedback sink is added for remote services. */
const telemetrySink = v.variant(
  'type',
  [
    v.strictObject(
      { type: v.literal('fhir'), ...privacyFields },
      objectMessage('type, pseudonymKeyUrl, keepComments'),
    ),
    v.strictObject(
      {
        type: v.literal('ndjson'),
        url: v.pipe(
          v.string('expected the URL that takes application/x-ndjson'),
          v.check(
            isAllowedServerUrl,
            (issue) =>
              `expected an https URL such as "https://analytics.example.org/events" (http only for localhost), got ${JSON.stringify(issue.input)}`,
          ),
        ),
        ...privacyFields,
      },
      objectMessage('type, url, pseudonymKeyUrl, keepComments'),
    ),
  ],
  'expected a sink with "type": "fhir" or "ndjson"',
);

/** How long the outbox keeps events on this computer (see src/telemetry/retention.ts); defaults there. */
const retention = plainObject(
  v.strictObject(
    {
      maxAgeMs: v.optional(ms(60_000)),
      maxEvents: v.optional(ms(100)),
      maxSetAside: v.optional(ms(1)),
      sinkExpiryMs: v.optional(ms(0)),
      releaseAfterMs: v.optional(ms(0)),
    },
    objectMessage('maxAgeMs, maxEvents, maxSetAside, sinkExpiryMs, releaseAfterMs'),
  ),
  'expected an object such as { "maxAgeMs": 604800000 }',
);

const telemetry = plainObject(
  v.strictObject(
    {
      sinks: v.optional(v.array(telemetrySink, 'expected a list of sinks'), []),
      seenAfterMs: v.optional(ms(0), 1000),
      batchMs: v.optional(ms(0), 2000),
      warnAfterMs: v.optional(ms(1000), 300_000),
      retention: v.optional(retention, {}),
    },
    objectMessage('sinks, seenAfterMs, batchMs, warnAfterMs, retention'),
  ),
  'expected an object such as { "sinks": [{ "type": "fhir" }] }',
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
