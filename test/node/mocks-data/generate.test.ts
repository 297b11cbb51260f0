import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { Encounter, Location, Patient, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { generateDataset } from '../../../mocks/data/index';
import type { SyntheticDataset } from '../../../mocks/data/index';

const NOW = new Date('2026-03-02T09:30:00Z');
const data = generateDataset({ seed: 7, now: NOW });
const byKey = new Map(data.resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
const ofType = <T extends Resource>(type: T['resourceType']): T[] =>
  data.resources.filter((r): r is T => r.resourceType === type);
const isType = (l: Location, code: string) => l.physicalType?.coding?.some((c) => c.code === code) ?? false;

function references(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') found.push(v);
      else references(v, found);
    }
  }
  return found;
}

const ids = (d: SyntheticDataset) => d.resources.map((r) => `${r.resourceType}/${r.id}`);

describe('generateDataset: determinism', () => {
  it('gives byte-identical JSON for the same seed and now', () => {
    assert.equal(JSON.stringify(generateDataset({ seed: 7, now: NOW })), JSON.stringify(data));
  });

  it('keeps every id when only now changes, and moves the dates with it', () => {
    const later = generateDataset({ seed: 7, now: new Date(NOW.getTime() + 36 * 3_600_000) });
    assert.deepEqual(ids(later), ids(data));
    assert.notEqual(JSON.stringify(later.resources), JSON.stringify(data.resources));
    const enc = (d: SyntheticDataset) => d.resources.find((r): r is Encounter => r.id === 'enc-p-001');
    const shift = Date.parse(enc(later)?.period?.start ?? '') - Date.parse(enc(data)?.period?.start ?? '');
    assert.equal(shift, 36 * 3_600_000);
  });

  it('defaults to seed 42 and the fixed instant 2026-01-15T08:00:00Z, never the clock', () => {
    const fixed = generateDataset({ seed: 42, now: new Date('2026-01-15T08:00:00Z') });
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2031-07-01T00:00:00Z') });
    try {
      const defaulted = generateDataset();
      assert.equal(defaulted.now, '2026-01-15T08:00:00.000Z');
      assert.equal(JSON.stringify(defaulted), JSON.stringify(fixed));
    } finally {
      mock.timers.reset();
    }
  });

  it('keeps the scenario patients on the same ids and tags whatever the seed', () => {
    const other = generateDataset({ seed: 12345, now: NOW });
    assert.deepEqual(
      other.patients.map((p) => [p.id, p.scenarios, p.unitId, p.encounterId]),
      data.patients.map((p) => [p.id, p.scenarios, p.unitId, p.encounterId]),
    );
  });

  it('is fast and small', () => {
    const start = performance.now();
    generateDataset({ seed: 99, now: NOW });
    assert.ok(performance.now() - start < 200, 'generation takes under 200 ms');
    assert.ok(data.resources.length < 3000);
  });
});

describe('generateDataset: integrity', () => {
  it('has unique ids and every reference resolves to a resource in the set', () => {
    assert.equal(new Set(ids(data)).size, data.resources.length);
    const refs = references(data.resources);
    assert.ok(refs.length > 500);
    for (const ref of refs) assert.ok(byKey.has(ref), `${ref} resolves`);
  });

  it('has two or more wards, an ICU among them, matching the unit summaries', () => {
    const wards = ofType<Location>('Location').filter((l) => isType(l, 'wa'));
    assert.ok(wards.length >= 2);
    assert.ok(wards.some((w) => w.type?.some((t) => t.coding?.some((c) => c.code === 'ICU'))));
    assert.ok(
      wards.every(
        (w) => w.partOf === undefined && w.managingOrganization?.reference === 'Organization/org-001',
      ),
    );
    assert.deepEqual(data.units.map((u) => u.id).sort(), wards.map((w) => w.id).sort());
    assert.deepEqual(data.units.map((u) => u.kind).sort(), ['icu', 'medical-ward']);
  });

  it('walks every bed up to a ward through partOf in at most 3 steps', () => {
    const beds = ofType<Location>('Location').filter((l) => isType(l, 'bd'));
    assert.ok(beds.length >= 40);
    for (const bed of beds) {
      let at: Location | undefined = bed;
      let steps = 0;
      while (at && !isType(at, 'wa') && steps < 3) {
        at = byKey.get(at.partOf?.reference ?? '') as Location | undefined;
        steps++;
      }
      assert.ok(at && isType(at, 'wa'), `${bed.id} reaches a ward`);
    }
  });

  it('has six practitioners, each with an active PractitionerRole located at a ward', () => {
    assert.equal(ofType('Practitioner').length, 6);
    assert.equal(data.practitioners.length, 6);
    for (const p of data.practitioners) {
      const role = byKey.get(`PractitionerRole/${p.practitionerRoleId}`) as PractitionerRole | undefined;
      assert.equal(role?.practitioner?.reference, `Practitioner/${p.id}`);
      assert.equal(role?.active, true);
      const loc = byKey.get(role?.location?.[0]?.reference ?? '') as Location | undefined;
      assert.ok(loc && isType(loc, 'wa') && loc.id === p.unitId);
    }
    const roles = new Set(data.practitioners.map((p) => p.role));
    assert.deepEqual([...roles].sort(), ['Nurse', 'Pharmacist', 'Physician']);
    assert.deepEqual([...new Set(data.practitioners.map((p) => p.unitId))].sort(), ['unit-4b', 'unit-icu']);
  });

  it('has forty patients with MRNs, and encounters in-progress in distinct active beds', () => {
    assert.equal(data.patients.length, 40);
    assert.equal(ofType<Patient>('Patient').length, 40);
    assert.ok(ofType<Patient>('Patient').every((p) => p.identifier?.[0]?.type?.coding?.[0]?.code === 'MR'));
    const occupied = new Set<string>();
    for (const s of data.patients) {
      if (!s.encounterId) continue;
      const enc = byKey.get(`Encounter/${s.encounterId}`) as Encounter | undefined;
      assert.equal(enc?.status, 'in-progress');
      assert.ok(['IMP', 'ACUTE'].includes(enc?.class?.code ?? ''));
      assert.equal(enc?.subject?.reference, `Patient/${s.id}`);
      assert.ok(Date.parse(enc?.period?.start ?? '') < NOW.getTime());
      const active = (enc?.location ?? []).filter((l) => l.status === 'active');
      if (s.unitId === undefined) continue;
      assert.equal(active.length, 1, `${s.id} has one active location`);
      const bed = byKey.get(active[0]?.location?.reference ?? '') as Location | undefined;
      assert.ok(bed && isType(bed, 'bd'));
      assert.ok(bed.id && !occupied.has(bed.id), `${bed.id} holds one patient`);
      occupied.add(bed.id);
      assert.equal(bed.operationalStatus?.code, 'O');
    }
    assert.ok(
      data.patients.some((p) => p.unitId === 'unit-4b') && data.patients.some((p) => p.unitId === 'unit-icu'),
    );
  });

  it('includes the edge cases the simulator must show', () => {
    const tagged = (tag: string) => data.patients.filter((p) => p.scenarios.includes(tag));
    const [noName] = tagged('edge:no-name');
    assert.equal(noName?.name, '(no name)');
    assert.equal((byKey.get(`Patient/${noName?.id}`) as Patient).name, undefined);
    const [noLocation] = tagged('edge:encounter-no-location');
    assert.equal((byKey.get(`Encounter/${noLocation?.encounterId}`) as Encounter).location, undefined);
    assert.equal(noLocation?.unitId, undefined);
    const [noEncounter] = tagged('edge:no-encounter');
    assert.equal(noEncounter?.encounterId, undefined);
    assert.ok(
      !ofType<Encounter>('Encounter').some((e) => e.subject?.reference === `Patient/${noEncounter?.id}`),
    );
    for (const moved of tagged('edge:transferred')) {
      const enc = byKey.get(`Encounter/${moved.encounterId}`) as Encounter;
      const done = enc.location?.filter((l) => l.status === 'completed') ?? [];
      assert.equal(done.length, 1);
      assert.ok(done[0]?.period?.end);
    }
  });
});
