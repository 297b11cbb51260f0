/** Where the interaction events go, what they carry, and how long the outbox keeps them. */
import * as v from 'valibot';
import { ms, objectMessage, plainObject, retired } from './schema-messages';
import { isAllowedServerUrl } from './server-urls';

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

export const telemetry = plainObject(
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
