import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeCards, normalise } from '../../../src/cds/merge';
import type { Indicator, PromptCard } from '../../../src/cds/cards';

function prompt(
  uuid: string,
  summary: string,
  indicator: Indicator,
  label: string,
  remote = false,
): PromptCard {
  return {
    card: { uuid, summary, indicator, source: { label } },
    origin: remote
      ? { kind: 'remote', source: 'svc', serviceBase: 'https://cds.example' }
      : { kind: 'local', source: 'pack' },
  };
}

describe('mergeCards', () => {
  it('drops a remote card with a local card’s uuid, keeping the local one', () => {
    const local = prompt('same', 'Local text', 'info', 'Pack');
    const merged = mergeCards([local], [prompt('same', 'Remote text', 'critical', 'Svc', true)]);
    assert.deepEqual(merged, [local]);
  });

  it('drops a remote card saying what a local card says, whatever its case, spacing or final stop', () => {
    const local = prompt('l-1', 'Consider influenza vaccination', 'info', 'Immunisation Service');
    const merged = mergeCards(
      [local],
      [prompt('r-1', '  consider  INFLUENZA vaccination. ', 'warning', 'immunisation service', true)],
    );
    assert.deepEqual(merged, [local]);
  });

  it('keeps the same summary from a different source', () => {
    const merged = mergeCards(
      [prompt('l-1', 'Check potassium', 'info', 'Pack')],
      [prompt('r-1', 'Check potassium', 'info', 'Other service', true)],
    );
    assert.equal(merged.length, 2);
  });

  it('de-duplicates between services, first answer kept', () => {
    const first = prompt('r-1', 'Same', 'info', 'Svc', true);
    assert.deepEqual(mergeCards([], [first, prompt('r-1', 'Different', 'info', 'Svc', true)]), [first]);
  });

  it('orders critical, warning, info, stable within a level, local before remote', () => {
    const merged = mergeCards(
      [prompt('l-info', 'a', 'info', 'P'), prompt('l-warn', 'b', 'warning', 'P')],
      [
        prompt('r-info', 'c', 'info', 'S', true),
        prompt('r-crit', 'd', 'critical', 'S', true),
        prompt('r-warn', 'e', 'warning', 'S', true),
      ],
    );
    assert.deepEqual(
      merged.map((p) => p.card.uuid),
      ['r-crit', 'l-warn', 'r-warn', 'l-info', 'r-info'],
    );
  });

  it('normalises text for comparison only', () => {
    assert.equal(normalise(' Ｆｕｌｌ  width… '), 'full width');
  });
});
