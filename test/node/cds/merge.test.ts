import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeCards, normalise } from '../../../src/cds/merge';
import type { Indicator } from '../../../src/cds/cards';
import { prompt, remoteOrigin } from '../../factories/cards';

/** A card with just the fields the merge compares: uuid, summary, urgency and source label. */
const card = (uuid: string, summary: string, indicator: Indicator, label: string, remote = false) =>
  prompt({ uuid, summary, indicator, source: { label } }, remote ? remoteOrigin() : { source: 'pack' });

describe('mergeCards', () => {
  it('drops a remote card with a local card’s uuid, keeping the local one', () => {
    const local = card('same', 'Local text', 'info', 'Pack');
    const merged = mergeCards([local], [card('same', 'Remote text', 'critical', 'Svc', true)]);
    assert.deepEqual(merged, [local]);
  });

  it('drops a remote card saying what a local card says, whatever its case, spacing or final stop', () => {
    const local = card('l-1', 'Consider influenza vaccination', 'info', 'Immunisation Service');
    const merged = mergeCards(
      [local],
      [card('r-1', '  consider  INFLUENZA vaccination. ', 'warning', 'immunisation service', true)],
    );
    assert.deepEqual(merged, [local]);
  });

  it('keeps the same summary from a different source', () => {
    const merged = mergeCards(
      [card('l-1', 'Check potassium', 'info', 'Pack')],
      [card('r-1', 'Check potassium', 'info', 'Other service', true)],
    );
    assert.equal(merged.length, 2);
  });

  it('de-duplicates between services, first answer kept', () => {
    const first = card('r-1', 'Same', 'info', 'Svc', true);
    assert.deepEqual(mergeCards([], [first, card('r-1', 'Different', 'info', 'Svc', true)]), [first]);
  });

  it('orders critical, warning, info, stable within a level, local before remote', () => {
    const merged = mergeCards(
      [card('l-info', 'a', 'info', 'P'), card('l-warn', 'b', 'warning', 'P')],
      [
        card('r-info', 'c', 'info', 'S', true),
        card('r-crit', 'd', 'critical', 'S', true),
        card('r-warn', 'e', 'warning', 'S', true),
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
