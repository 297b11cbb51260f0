/*
 * How long runPack takes on one patient, cold (first run in the process: engine import, FHIR model,
 * pack preparation) and warm. Printed for the record, never asserted: machines differ.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { NOW, bundleFor } from './helpers';

it('prints cold and warm runPack timings', async () => {
  const bundle = bundleFor('p-010');
  const t0 = performance.now();
  const { runPack } = await import('../../../src/rules/engine/run');
  const { starterPack } = await import('../../../src/rules/packs/starter/index');
  const imported = performance.now() - t0;
  const t1 = performance.now();
  // A budget no loaded machine reaches: the cold run must give its cards (run-pack.ts says why).
  const budget = { ruleBudgetMs: 60_000 };
  const cold = await runPack(starterPack, bundle, NOW, budget);
  const coldMs = performance.now() - t1;
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await runPack(starterPack, bundle, NOW, budget);
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)] ?? 0;
  const perRule = Object.entries(cold.timings.rules)
    .map(([id, ms]) => `${id} ${ms.toFixed(1)}`)
    .join(', ');
  console.log(
    `runPack p-010 (${bundle.entry?.length} resources, 7 rules): import ${imported.toFixed(0)} ms, ` +
      `cold ${coldMs.toFixed(0)} ms (load ${cold.timings.loadMs.toFixed(0)} ms; ${perRule}), ` +
      `warm median ${median.toFixed(1)} ms (min ${warm[0]?.toFixed(1)}, max ${warm.at(-1)?.toFixed(1)})`,
  );
  assert.equal(cold.cards.length, 3);
});
