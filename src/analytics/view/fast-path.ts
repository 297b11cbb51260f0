/**
 * Plain JavaScript accessors for the simple FHIRPath the views use most (`a.b`, `where(x.y = 'lit')`,
 * `first()`, `exists()`, `empty()`, `choice.ofType(T)`, `getResourceKey()`, `getReferenceKey(T)`), typed with the same FHIR R4
 * model fhirpath.js uses. fhirpath costs about 4.5 us per evaluation (TOOLCHAIN.md): a million
 * AuditEvents by twenty columns is minutes, a plain accessor is milliseconds. Anything else is left to
 * fhirpath (compile returns undefined), and an accessor that meets data it cannot judge (a primitive
 * with an `_element` extension, a repeated where operand) answers FALLBACK so fhirpath decides.
 */
import { referenceKey } from './keys';
import {
  capital,
  choices as choicesOf,
  element,
  IDENT,
  literal,
  RESERVED,
  segments,
  whereEquals as splitWhere,
} from './subset';

/** Returned by an accessor for data only fhirpath should judge. */
export const FALLBACK = Symbol('fallback');
export type Accessor = (node: unknown, resource: unknown) => unknown[] | typeof FALLBACK;
export interface FastPath {
  run: Accessor;
  /** The model type of what it returns (for nested paths), e.g. `HumanName`, `Patient.contact`. */
  type: string;
}

type Step = (items: unknown[], resource: unknown) => unknown[] | typeof FALLBACK;

/** The model type reached by `name` from `type`, or undefined for unknown or choice elements. */
const child = (type: string, name: string): string | undefined => element(type, name)?.type;

const EMPTY: unknown[] = [];

/**
 * Steps are generated with their property names as literals: each gets its own code and so its own
 * inline caches, where one shared closure reading `record[name]` would be megamorphic (three to four
 * times slower on the app's view). The names come from compiled paths, quoted with JSON.stringify.
 */
function generate(source: string): Step {
  return new Function('FALLBACK', 'EMPTY', `"use strict"; return ${source};`)(FALLBACK, EMPTY) as Step;
}

/** `.name`: fhirpath merges `_name` (a primitive's id and extensions) into the value, so that falls back. */
function navigate(name: string): Step {
  const key = JSON.stringify(name);
  const extension = JSON.stringify(`_${name}`);
  return generate(`function navigate(items) {
    if (items.length === 1) {
      const record = items[0];
      if (record === null || typeof record !== 'object') return EMPTY;
      if (record[${extension}] !== undefined) return FALLBACK;
      const value = record[${key}];
      if (value === undefined || value === null) return EMPTY;
      if (!Array.isArray(value)) return [value];
      for (let i = 0; i < value.length; i += 1) if (value[i] === null || value[i] === undefined) return value.filter((v) => v !== null && v !== undefined);
      return value;
    }
    const out = [];
    for (const record of items) {
      if (record === null || typeof record !== 'object') continue;
      if (record[${extension}] !== undefined) return FALLBACK;
      const value = record[${key}];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) { for (const v of value) if (v !== null && v !== undefined) out.push(v); }
      else out.push(value);
    }
    return out;
  }`);
}

/** `where(name = lit)` on one plain element: FHIRPath `=` compares whole collections, so one value. */
function whereEquals(name: string, value: string | boolean | number): Step {
  const key = JSON.stringify(name);
  const extension = JSON.stringify(`_${name}`);
  const literal = JSON.stringify(value);
  return generate(`function whereEquals(items) {
    const out = [];
    for (const record of items) {
      if (record === null || typeof record !== 'object') continue;
      if (record[${extension}] !== undefined) return FALLBACK;
      const v = record[${key}];
      if (v === ${literal} || (Array.isArray(v) && v.length === 1 && v[0] === ${literal})) out.push(record);
    }
    return out;
  }`);
}

function compileSteps(parts: string[], startType: string): { steps: Step[]; type: string } | undefined {
  const steps: Step[] = [];
  let type = startType;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    const ofType = next?.match(/^ofType\(([A-Za-z]+)\)$/);
    if (IDENT.test(part) && !RESERVED.has(part) && ofType) {
      const choices = choicesOf(type, part);
      const wanted = capital(ofType[1] ?? '');
      if (!choices?.includes(wanted)) return undefined;
      steps.push(navigate(`${part}${wanted}`));
      type = ofType[1] ?? '';
      i += 1;
    } else if (IDENT.test(part) && !RESERVED.has(part)) {
      const next = child(type, part);
      if (next === undefined) return undefined;
      steps.push(navigate(part));
      type = next;
    } else if (part === 'first()') {
      steps.push((items) => (items.length > 1 ? items.slice(0, 1) : items));
    } else if ((part === 'exists()' || part === 'empty()') && i === parts.length - 1) {
      const exists = part === 'exists()';
      steps.push((items) => [items.length > 0 === exists]);
      type = 'boolean';
    } else if (part === 'getResourceKey()' && i === 0) {
      steps.push((items) =>
        items.flatMap((r) => ((r as { id?: unknown }).id === undefined ? [] : [(r as { id: unknown }).id])),
      );
      type = 'string';
    } else if (/^getReferenceKey\(([A-Za-z]*)\)$/.test(part) && type === 'Reference') {
      const wanted = /^getReferenceKey\(([A-Za-z]*)\)$/.exec(part)?.[1] ?? '';
      steps.push((items) => items.flatMap((r) => referenceKey(r, wanted || undefined)));
      type = 'string';
    } else {
      const { left, right } = splitWhere(part) ?? {};
      if (left === undefined || right === undefined) return undefined;
      const lit = literal(right);
      const operand = compileSteps(left.split('.'), type);
      if (!lit || !operand) return undefined;
      if (!left.includes('.')) {
        steps.push(whereEquals(left, lit.value));
        continue;
      }
      const test = operand.steps;
      steps.push((items, resource) => {
        const out: unknown[] = [];
        for (const item of items) {
          const left = apply(test, [item], resource);
          if (left === FALLBACK) return FALLBACK;
          // FHIRPath `=` compares whole collections: one value equal to the literal, else false.
          if (left.length === 1 && left[0] === lit.value) out.push(item);
        }
        return out;
      });
    }
  }
  return { steps, type };
}

function apply(steps: Step[], start: unknown[], resource: unknown): unknown[] | typeof FALLBACK {
  let items = start;
  for (const step of steps) {
    const next = step(items, resource);
    if (next === FALLBACK) return FALLBACK;
    items = next;
  }
  return items;
}

/**
 * The plain accessor for `path` on nodes of model type `type`, or undefined when fhirpath must do it.
 *
 * @example compileFastPath("entity.where(type.code = '2').name", 'AuditEvent')?.run(auditEvent, auditEvent)
 */
export function compileFastPath(path: string, type: string): FastPath | undefined {
  const parts = segments(path.trim());
  if (!parts) return undefined;
  const compiled = compileSteps(parts, type);
  if (!compiled) return undefined;
  const { steps } = compiled;
  return { run: (node, resource) => apply(steps, [node], resource), type: compiled.type };
}
