/** One EHR entry of the deployment config: its FHIR server, client id, features and ward types. */
import * as v from 'valibot';
import { objectMessage, plainObject } from './schema-messages';
import { isAllowedServerUrl, normalIss } from './server-urls';

const serverUrl = v.pipe(
  v.string('expected a string: the FHIR base URL the EHR sends as iss'),
  v.check(
    isAllowedServerUrl,
    (issue) =>
      `expected an https URL such as "https://ehr.example.org/fhir/R4" (http only for localhost), got ${JSON.stringify(issue.input)}`,
  ),
  v.transform(normalIss),
);

export const featureSwitches = plainObject(
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

export const ehr = v.strictObject(
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
