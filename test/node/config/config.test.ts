import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError, enabledFeatures, parseConfig } from '../../../src/config/load';

const valid = { ehrs: [{ name: 'Sim', iss: 'https://ehr.example.org/fhir/', clientId: 'abc' }] };

function problems(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('config validation', () => {
  it('accepts the shipped config', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../../../smart-launch/learning-loop.config.json', import.meta.url), 'utf8'),
    );
    const config = parseConfig(shipped);
    assert.equal(config.ehrs[0]?.simulator, true);
  });

  it('fills defaults and keeps iss in its one normal form', () => {
    const config = parseConfig(valid);
    assert.equal(config.ehrs[0]?.iss, 'https://ehr.example.org/fhir');
    assert.equal(
      parseConfig({ ehrs: [{ ...valid.ehrs[0], iss: 'https://EHR.example.org:443/fhir//' }] }).ehrs[0]?.iss,
      'https://ehr.example.org/fhir',
    );
    assert.equal(config.ehrs[0]?.scopeSyntax, 'v2');
    assert.equal(config.redirectUri, 'app.html');
    assert.deepEqual(enabledFeatures(config, config.ehrs[0] as never), [
      'patient',
      'encounter',
      'clinician',
      'unit',
      'prompts',
      'orders',
      'feedback',
    ]);
    assert.equal(config.feedback.minCases, 5);
  });

  it('names the field and the expected value', () => {
    assert.deepEqual(problems({ ehrs: [{ name: 'X', iss: 'http://ehr.example.org', clientId: 'a' }] }), [
      'ehrs.0.iss: expected an https URL such as "https://ehr.example.org/fhir/R4" (http only for localhost), got "http://ehr.example.org"',
    ]);
    assert.match(
      problems({ ehrs: [{ name: 'X', iss: 'https://a.org', clientId: '' }] })[0] ?? '',
      /^ehrs\.0\.clientId: expected the client_id/,
    );
    assert.match(
      problems({ ehrs: [{ name: 'X', iss: 'https://a.org', clientId: 'a', scopeSyntax: 'v3' }] })[0] ?? '',
      /^ehrs\.0\.scopeSyntax: expected "v2"/,
    );
    assert.match(problems({ ehrs: [] })[0] ?? '', /^ehrs: expected at least one EHR/);
    assert.match(problems({})[0] ?? '', /^ehrs: required field missing: expected "ehrs"/);
    assert.match(problems({ ehrs: 'x' })[0] ?? '', /^ehrs: expected a list of EHRs/);
    assert.match(
      problems({ ehrs: [{ iss: 'https://a.org', clientId: 'a' }] })[0] ?? '',
      /^ehrs\.0\.name: required field missing/,
    );
  });

  it('rejects arrays where an object is expected, and wrong types with the house message', () => {
    assert.deepEqual(problems([]), [
      '(top level): expected a JSON object with ehrs, features, redirectUri, cdsServices, rulePacks, telemetry, prompts, feedback',
    ]);
    assert.deepEqual(problems({ ...valid, features: [] }), [
      'features: expected an object of feature switches such as { "unit": true }',
    ]);
    assert.deepEqual(problems({ ...valid, redirectUri: 5 }), [
      'redirectUri: expected a page of this app such as "app.html"',
    ]);
  });

  it('rejects unknown fields and features, so typos do not pass silently', () => {
    assert.deepEqual(problems({ ...valid, featurez: {} }), [
      'featurez: unknown field "featurez": expected only ehrs, features, redirectUri, cdsServices, rulePacks, telemetry, prompts, feedback',
    ]);
    assert.match(
      problems({ ...valid, features: { reminders: true } }).join('\n'),
      /^features\.reminders: unknown feature "reminders": expected one of encounter, clinician, unit, prompts, orders/,
    );
  });

  it('rejects a duplicated iss and two standalone EHRs', () => {
    const ehr = valid.ehrs[0];
    assert.match(problems({ ehrs: [ehr, ehr] })[0] ?? '', /each iss at most once/);
    assert.match(
      problems({
        ehrs: [
          { ...ehr, standalone: true },
          { ...ehr, iss: 'https://b.org', standalone: true },
        ],
      })[0] ?? '',
      /at most one EHR with "standalone": true/,
    );
  });

  it('maps wards and local ward types to the unit types the rules use, naming a malformed coding', () => {
    const HU = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode|HU';
    const unitTypes = { byType: { 'https://ehr.example.org/ward-type|MED': [HU] }, byWard: { 'w-7': [HU] } };
    const ok = parseConfig({ ehrs: [{ ...valid.ehrs[0], unitTypes }] });
    assert.deepEqual(ok.ehrs[0]?.unitTypes, unitTypes);
    assert.deepEqual(parseConfig(valid).ehrs[0]?.unitTypes, { byWard: {}, byType: {} });
    assert.deepEqual(problems({ ehrs: [{ ...valid.ehrs[0], unitTypes: { byType: { MED: [HU] } } }] }), [
      'ehrs.0.unitTypes.byType.MED: expected a coding as "system|code" such as "http://terminology.hl7.org/CodeSystem/v3-RoleCode|HU", got "MED"',
    ]);
  });

  it('takes extra origins for the CSP, only as bare https origins', () => {
    const ok = parseConfig({ ehrs: [{ ...valid.ehrs[0], connectOrigins: ['https://auth.example.org'] }] });
    assert.deepEqual(ok.ehrs[0]?.connectOrigins, ['https://auth.example.org']);
    assert.deepEqual(parseConfig(valid).ehrs[0]?.connectOrigins, []);
    assert.deepEqual(
      problems({ ehrs: [{ ...valid.ehrs[0], connectOrigins: ['https://auth.example.org/token'] }] }),
      [
        'ehrs.0.connectOrigins.0: expected an origin such as "https://auth.ehr.example.org" (scheme and host, no path), got "https://auth.example.org/token"',
      ],
    );
    assert.equal(
      problems({ ehrs: [{ ...valid.ehrs[0], connectOrigins: ['http://auth.example.org'] }] }).length,
      1,
    );
  });

  it('takes remote CDS services with a timeout that defaults to 1 s', () => {
    const config = parseConfig({ ...valid, cdsServices: [{ base: 'https://cds.example.org/' }] });
    assert.deepEqual(config.cdsServices, [
      { base: 'https://cds.example.org', timeoutMs: 1000, keepComments: false },
    ]);
    assert.deepEqual(
      problems({ ...valid, cdsServices: [{ base: 'https://cds.example.org', timeoutMs: 60_000 }] }),
      ['cdsServices.0.timeoutMs: expected at most 10000 ms'],
    );
    assert.match(
      problems({ ...valid, cdsServices: [{ base: 'ftp://cds' }] })[0] ?? '',
      /^cdsServices\.0\.base: expected an https URL/,
    );
  });

  it('enables the starter rule pack by default and names the packs a config may list', () => {
    assert.deepEqual(parseConfig(valid).rulePacks, ['starter']);
    assert.deepEqual(parseConfig({ ...valid, rulePacks: [] }).rulePacks, []);
    assert.deepEqual(problems({ ...valid, rulePacks: ['sepsis'] }), [
      'rulePacks.0: expected a rule pack of this build: starter',
    ]);
  });

  it('retires shareFhirAuthorization: false still reads, true says why it is gone', () => {
    const old = parseConfig({
      ...valid,
      cdsServices: [{ base: 'https://cds.example.org', shareFhirAuthorization: false }],
    });
    assert.equal(old.cdsServices[0]?.keepComments, false);
    assert.deepEqual(
      problems({
        ...valid,
        cdsServices: [{ base: 'https://cds.example.org', shareFhirAuthorization: true }],
      }),
      [
        'cdsServices.0.shareFhirAuthorization: no longer supported: the FHIR token is never sent to a CDS service',
      ],
    );
  });

  it('keeps no comment and no key in the config: a key endpoint, and comments only where kept', () => {
    const config = parseConfig({
      ...valid,
      telemetry: {
        sinks: [
          { type: 'fhir' },
          {
            type: 'ndjson',
            url: 'https://analytics.example.org/events',
            pseudonymKeyUrl: 'https://ehr.example.org/fhir/learning-loop/pseudonym-key',
            keepComments: true,
          },
        ],
        retention: { maxAgeMs: 259_200_000 },
      },
    });
    assert.deepEqual(
      config.telemetry.sinks.map((s) => s.keepComments),
      [false, true],
    );
    assert.equal(config.telemetry.retention.maxAgeMs, 259_200_000);
    assert.match(
      problems({
        ...valid,
        telemetry: { sinks: [{ type: 'fhir', pseudonymKey: 'a-key-of-sixteen-chars' }] },
      })[0] ?? '',
      /^telemetry\.sinks\.0\.pseudonymKey: a key here is public: .* pseudonymKeyUrl/,
    );
    assert.match(
      problems({ ...valid, telemetry: { sinks: [{ type: 'fhir', dropComments: true }] } })[0] ?? '',
      /dropComments.*keepComments/,
    );
    assert.match(
      problems({
        ...valid,
        telemetry: { sinks: [{ type: 'fhir', pseudonymKeyUrl: 'http://keys.example.org/k' }] },
      })[0] ?? '',
      /pseudonymKeyUrl: expected the https URL of the key endpoint/,
    );
    assert.match(
      problems({ ...valid, telemetry: { retention: { maxAgeMs: 10 } } })[0] ?? '',
      /^telemetry\.retention\.maxAgeMs: /,
    );
  });

  it('rejects an iss with credentials or a query', () => {
    assert.equal(problems({ ehrs: [{ ...valid.ehrs[0], iss: 'https://u:p@a.org/fhir' }] }).length, 1);
    assert.equal(problems({ ehrs: [{ ...valid.ehrs[0], iss: 'https://a.org/fhir?x=1' }] }).length, 1);
  });
});
