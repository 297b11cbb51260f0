import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceIndex } from '../../../src/fhir/resource-index';
import { resolveUnit, missingLocations, type UnitInputs } from '../../../src/context/unit';
import { encounter, hospital, location, practitionerRole, ward } from '../../factories/fhir';

function indexOf(resources: unknown[]): ResourceIndex {
  const index = new ResourceIndex();
  resources.forEach((r) => index.add(r));
  return index;
}

const base = (): UnitInputs => ({
  fhirContextLocations: [],
  encounter: encounter(),
  roles: [practitionerRole()],
});

describe('unit resolution, in the order DESIGN.md sets', () => {
  it('prefers a fhirContext Location over the encounter', () => {
    const unit = resolveUnit({ ...base(), fhirContextLocations: ['Location/ward-b'] }, indexOf(hospital()));
    assert.equal(unit.status, 'known');
    assert.equal(unit.status === 'known' && unit.ward.name, 'Intensive Care Unit');
    assert.equal(unit.status === 'known' && unit.source, 'fhirContext');
  });

  it("walks the encounter's bed up partOf to the ward", () => {
    const unit = resolveUnit(base(), indexOf(hospital()));
    assert.equal(unit.status === 'known' && unit.ward.name, 'Medical Ward 4B');
    assert.equal(unit.status === 'known' && unit.source, 'encounter');
    assert.deepEqual(unit.status === 'known' && unit.path.map((l) => l.id), ['bed-1', 'room-1', 'ward-a']);
  });

  it('uses only the active encounter location, not a completed one', () => {
    const moved = encounter({
      location: [
        { location: { reference: 'Location/ward-b' }, status: 'completed' },
        { location: { reference: 'Location/bed-1' }, status: 'active' },
      ],
    });
    const unit = resolveUnit({ ...base(), encounter: moved }, indexOf(hospital()));
    assert.equal(unit.status === 'known' && unit.ward.id, 'ward-a');
  });

  it("falls back to the clinician's PractitionerRole when the encounter has no location", () => {
    const unit = resolveUnit(
      { ...base(), encounter: encounter({ location: undefined }) },
      indexOf(hospital()),
    );
    assert.equal(unit.status === 'known' && unit.source, 'practitioner-role');
    assert.equal(unit.status === 'known' && unit.ward.id, 'ward-b');
  });

  it('falls back to the role when there is no encounter at all', () => {
    const unit = resolveUnit({ ...base(), encounter: undefined }, indexOf(hospital()));
    assert.equal(unit.status === 'known' && unit.source, 'practitioner-role');
  });

  it('says the unit is unknown when every source is missing', () => {
    const unit = resolveUnit(
      { fhirContextLocations: [], encounter: undefined, roles: [] },
      indexOf(hospital()),
    );
    assert.equal(unit.status, 'unknown');
  });

  it('survives a partOf cycle and says why', () => {
    const cyclic = [location('x', 'bd', 'y'), location('y', 'ro', 'x')];
    const unit = resolveUnit(
      {
        fhirContextLocations: [],
        encounter: encounter({ location: [{ location: { reference: 'Location/x' }, status: 'active' }] }),
        roles: [],
      },
      indexOf(cyclic),
    );
    assert.equal(unit.status, 'unknown');
    assert.match(unit.status === 'unknown' ? unit.reason : '', /loops back/);
  });

  it('does not take a bed with no ward above it for a unit, and falls through to the role', () => {
    const orphan = [location('lonely-bed', 'bd'), ward('ward-b', 'Intensive Care Unit')];
    const unit = resolveUnit(
      {
        ...base(),
        encounter: encounter({
          location: [{ location: { reference: 'Location/lonely-bed' }, status: 'active' }],
        }),
      },
      indexOf(orphan),
    );
    assert.equal(unit.status === 'known' && unit.source, 'practitioner-role');
  });

  it('ignores references of the wrong type and malformed ones', () => {
    const bad = encounter({
      location: [
        { location: { reference: 'Patient/p-1' }, status: 'active' },
        { location: { reference: 42 as unknown as string }, status: 'active' },
      ],
    });
    const unit = resolveUnit({ fhirContextLocations: [], encounter: bad, roles: [] }, indexOf(hospital()));
    assert.equal(unit.status, 'unknown');
  });

  it('lists the locations it still needs, for the next request wave', () => {
    const partial = indexOf([location('bed-1', 'bd', 'room-1')]);
    assert.deepEqual(missingLocations(base(), partial).sort(), ['Location/room-1', 'Location/ward-b']);
  });
});
