import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { analyzeFiles } from '../../../src/analytics/analyze';
import { appViewSql } from '../../../src/analytics/load';
import { readAsShaped } from '../../../src/analytics/view/shape-read';
import { toAuditEvent } from '../../../src/telemetry/audit-event';
import type { LoopEvent } from '../../../src/telemetry/event';

/**
 * AuditEvents with a list, an object or a value of the wrong JSON shape where the app's view reads:
 * DuckDB's strict reading refuses the file, and the JavaScript reader counts the event, reads that
 * value as empty and names line and path; before, DuckDB read such a value as empty unseen.
 */
const dir = await tempDir('analytics-audit-shapes-');
const fixture = fileURLToPath(new URL('./fixtures/small.ndjson', import.meta.url));
const events = (await readFile(fixture, 'utf8'))
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as LoopEvent);
/** An AuditEvent as plain JSON, to break on purpose. */
interface Obj {
  [key: string]: unknown;
}
const list = (v: unknown) => v as Obj[];
const audit = (e: LoopEvent) => JSON.parse(JSON.stringify(toAuditEvent(e))) as Obj;
/** The index of the app's event entity (type code 2), which carries the details. */
const eventEntity = (a: Obj) => list(a.entity).findIndex((x) => (x.type as Obj | undefined)?.code === '2');
const details = (a: Obj) => list(list(a.entity)[eventEntity(a)]?.detail);
const write = async (name: string, lines: string[]) => {
  const path = join(dir, name);
  await writeFile(path, lines.join('\n') + '\n');
  return path;
};

describe('AuditEvents with a value of the wrong shape', () => {
  it('names each value read as empty by its path, and keeps the rest of the resource', async () => {
    const view = await appViewSql();
    assert.ok(view, 'the app view compiles to SQL');
    const a = audit(events[1] as LoopEvent);
    const entityIndex = eventEntity(a);
    (list(a.entity)[entityIndex] as Obj).detail = { type: 'unit', valueString: 'x' };
    (list(a.agent)[0] as Obj).who = 'Practitioner/x';
    a.recorded = 20260101;
    const { value, unread } = readAsShaped(a, view.shape);
    assert.deepEqual(unread, [
      `agent[0].who: "Practitioner/x" is not an object`,
      `entity[${entityIndex}].detail: {"type":"unit","valueString":"x"} is not a list`,
    ]);
    const read = value as Obj;
    // A number where text goes is read as its text, as DuckDB reads it.
    assert.equal(read.recorded, '20260101');
    assert.equal(list(read.agent)[0]?.who, undefined);
    assert.equal(list(read.entity)[entityIndex]?.detail, undefined);
    assert.deepEqual(read.subtype, a.subtype, 'what had the right shape is left as it was');
  });

  it('counts the events, names line and path, and gives the metrics of the file without those values', async () => {
    const lines = events.slice(0, 4).map((e) => JSON.stringify(audit(e)));
    const without = [...lines];
    // Line 2: the event's details an object, not a list.
    const shaped = audit(events[1] as LoopEvent);
    const index = eventEntity(shaped);
    const entity = list(shaped.entity)[index] as Obj;
    entity.detail = list(entity.detail)[0];
    lines[1] = JSON.stringify(shaped);
    delete entity.detail;
    without[1] = JSON.stringify(shaped);
    // Line 3: the clinician a string, not a reference.
    const who = audit(events[2] as LoopEvent);
    const agent = list(who.agent)[0] as Obj;
    agent.who = 'Practitioner/x';
    lines[2] = JSON.stringify(who);
    delete agent.who;
    without[2] = JSON.stringify(who);
    // Line 4: a detail's value a number too long for JSON.parse to keep.
    const long = audit(events[3] as LoopEvent);
    const detail = details(long)[0] as Obj;
    detail.valueString = 'PLACEHOLDER';
    lines[3] = JSON.stringify(long).replace('"PLACEHOLDER"', '12345678901234567891');
    delete detail.valueString;
    without[3] = JSON.stringify(long);
    const analysis = await analyzeFiles([await write('shapes.ndjson', lines)], { minN: 1 });
    const [file] = analysis.files;
    assert.deepEqual([file?.format, file?.loaded, file?.skipped, file?.unreadLines], ['audit', 4, [], 3]);
    assert.deepEqual(
      file?.unread.map((u) => [u.line, u.reason.replace(/: read as empty$/, '')]),
      [
        [
          2,
          `entity[${index}].detail: ${JSON.stringify(details(audit(events[1] as LoopEvent))[0]).slice(0, 40)} is not a list`,
        ],
        [3, `agent[0].who: "Practitioner/x" is not an object`],
        [
          4,
          `entity[${index}].detail[0].valueString: 12345678901234567000 is a number too long to read exactly`,
        ],
      ],
    );
    // The file without those values takes DuckDB's own path: the same metrics, so nothing else of the
    // events was read differently.
    const clean = await analyzeFiles([await write('shapes-without.ndjson', without)], { minN: 1 });
    assert.equal(clean.files[0]?.unreadLines, 0);
    assert.deepEqual(analysis.metrics, clean.metrics);
  });

  it('reads a requestor that is not true or false as empty and names it, where DuckDB took "yes" and 1 as true', async () => {
    const lines = events.slice(0, 3).map((e) => JSON.stringify(audit(e)));
    const without = [...lines];
    for (const [i, requestor] of [
      [1, 'yes'],
      [2, 1],
    ] as const) {
      const a = audit(events[i] as LoopEvent);
      const agent = list(a.agent)[0] as Obj;
      agent.requestor = requestor;
      lines[i] = JSON.stringify(a);
      delete agent.requestor;
      without[i] = JSON.stringify(a);
    }
    const analysis = await analyzeFiles([await write('requestor.ndjson', lines)], { minN: 1 });
    assert.deepEqual(
      analysis.files[0]?.unread.map((u) => [u.line, u.reason]),
      [
        [2, 'agent[0].requestor: "yes" is not true or false: read as empty'],
        [3, 'agent[0].requestor: 1 is not true or false: read as empty'],
      ],
    );
    // Read as empty: those events have no clinician, as the same events without a requestor.
    const clean = await analyzeFiles([await write('requestor-without.ndjson', without)], { minN: 1 });
    assert.equal(clean.files[0]?.unreadLines, 0, 'a file of true and false requestors takes DuckDB’s path');
    assert.deepEqual(analysis.metrics, clean.metrics);
  });

  it('reads a key given twice in one object as empty, names its path, and keeps the rest', async () => {
    const lines = events.slice(0, 3).map((e) => JSON.stringify(audit(e)));
    const without = [...lines];
    // Line 2: the first detail gives its valueString twice.
    const a = audit(events[1] as LoopEvent);
    const index = eventEntity(a);
    const detail = details(a)[0] as Obj;
    detail.valueString = 'PLACEHOLDER';
    lines[1] = JSON.stringify(a).replace(
      '"valueString":"PLACEHOLDER"',
      '"valueString":"a","valueString":"b"',
    );
    delete detail.valueString;
    without[1] = JSON.stringify(a);
    const analysis = await analyzeFiles([await write('twice.ndjson', lines)], { minN: 1 });
    const [file] = analysis.files;
    assert.deepEqual(
      [file?.loaded, file?.unread],
      [
        3,
        [{ line: 2, reason: `entity[${index}].detail[0].valueString: given more than once: read as empty` }],
      ],
    );
    const clean = await analyzeFiles([await write('twice-without.ndjson', without)], { minN: 1 });
    assert.deepEqual(analysis.metrics, clean.metrics);
  });
});
