import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unitTypesOf } from '../../../src/context/unit-types';
import { ward } from '../../factories/fhir';

const ROLE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const LOCAL = 'https://ehr.example.org/ward-type';
const none = { byWard: {}, byType: {} };
const codes = (list: { system?: string; code?: string }[]) => list.map((c) => `${c.system}|${c.code}`);

describe('unitTypesOf: the unit types a ward counts as', () => {
  it("keeps the ward's own coded types", () => {
    const w = ward('w-1', 'Ward 4B', { type: [{ coding: [{ system: ROLE, code: 'HU' }] }] });
    assert.deepEqual(codes(unitTypesOf(w, none)), [`${ROLE}|HU`]);
  });

  it('a ward with no type and no mapping has no unit type (unit type unknown)', () => {
    const w = ward('w-1', 'Ward 4B', { type: undefined });
    assert.deepEqual(unitTypesOf(w, none), []);
  });

  it('maps a local type code, and a ward by its id, to the types the rules use', () => {
    const local = ward('w-1', 'Ward 4B', { type: [{ coding: [{ system: LOCAL, code: 'MED' }] }] });
    const map = { byWard: { 'w-2': [`${ROLE}|ICU`] }, byType: { [`${LOCAL}|MED`]: [`${ROLE}|HU`] } };
    assert.deepEqual(codes(unitTypesOf(local, map)), [`${LOCAL}|MED`, `${ROLE}|HU`]);
    const untyped = ward('w-2', 'ICU', { type: undefined });
    assert.deepEqual(codes(unitTypesOf(untyped, map)), [`${ROLE}|ICU`]);
  });

  it('lists each type once and ignores malformed codings', () => {
    const w = ward('w-1', 'Ward', {
      type: [{ coding: [{ system: ROLE, code: 'HU' }, { code: 'no-system' }] }, { text: 'no coding' }],
    });
    const map = { byWard: { 'w-1': [`${ROLE}|HU`] }, byType: { [`${ROLE}|HU`]: [`${ROLE}|HU`] } };
    assert.deepEqual(codes(unitTypesOf(w, map)), [`${ROLE}|HU`]);
  });
});
