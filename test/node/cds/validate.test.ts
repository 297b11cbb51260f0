import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  GENERATED_UUID_PREFIX,
  MAX_SUMMARY,
  hasServiceUuid,
  validateCard,
  validateCards,
} from '../../../src/cds/validate';
import type { Card } from '../../../src/cds/cards';

const base = {
  uuid: 'c-1',
  summary: 'Check potassium',
  indicator: 'warning',
  source: { label: 'Renal service' },
};

function valid(value: unknown): Card {
  const card = validateCard(value);
  assert.ok(typeof card !== 'string', `dropped: ${String(card)}`);
  return card;
}

describe('remote card validation', () => {
  it('keeps a minimal card as is', () => {
    assert.deepEqual(valid(base), base);
  });

  it('drops cards missing a required field or with an unknown indicator', () => {
    assert.equal(typeof validateCard({ ...base, summary: ' ' }), 'string');
    assert.equal(typeof validateCard({ ...base, indicator: 'hard-stop' }), 'string');
    assert.equal(typeof validateCard({ ...base, source: {} }), 'string');
    assert.equal(typeof validateCard({ ...base, source: 'Renal' }), 'string');
    assert.equal(typeof validateCard(null), 'string');
  });

  it('cuts a long summary to 140 characters and opens the detail with the full text', () => {
    const summary = 'x'.repeat(200);
    const card = valid({ ...base, summary, detail: 'More.' });
    assert.equal(card.summary.length, MAX_SUMMARY);
    assert.ok(card.summary.endsWith('…'));
    assert.equal(card.detail, `${summary}\n\nMore.`);
  });

  it('gives a card without uuid a local one that feedback will skip', () => {
    const card = valid({ ...base, uuid: undefined });
    assert.ok(card.uuid.startsWith(GENERATED_UUID_PREFIX));
    assert.equal(hasServiceUuid(card), false);
    assert.equal(hasServiceUuid(valid(base)), true);
  });

  it('treats suggestions without a known selectionBehavior as an error', () => {
    const suggestions = [{ label: 'Order' }];
    assert.equal(typeof validateCard({ ...base, suggestions }), 'string');
    assert.equal(typeof validateCard({ ...base, suggestions, selectionBehavior: 'all' }), 'string');
    assert.deepEqual(valid({ ...base, suggestions, selectionBehavior: 'any' }).suggestions, suggestions);
  });

  it('drops a suggestion with a malformed action, and the selectionBehavior with the last suggestion', () => {
    const card = valid({
      ...base,
      selectionBehavior: 'any',
      suggestions: [{ label: 'Bad', actions: [{ type: 'create', description: 'no resource' }] }],
    });
    assert.equal(card.suggestions, undefined);
    assert.equal(card.selectionBehavior, undefined);
    const kept = valid({
      ...base,
      selectionBehavior: 'any',
      suggestions: [
        {
          label: 'Stop',
          uuid: 's-1',
          actions: [{ type: 'delete', description: 'Stop it', resourceId: 'MedicationRequest/1' }],
        },
        {
          label: 'Old style',
          actions: [{ type: 'delete', description: 'Stop it', resource: 'MedicationRequest/2' }],
        },
      ],
    });
    assert.deepEqual(
      kept.suggestions?.map((s) => s.actions?.[0]?.resourceId),
      ['MedicationRequest/1', 'MedicationRequest/2'],
    );
  });

  it('keeps only https links (no user name or password) of type absolute or smart, and appContext only on smart links', () => {
    const card = valid({
      ...base,
      links: [
        { label: 'a', url: 'javascript:alert(1)', type: 'absolute' },
        { label: 'b', url: 'JaVaScRiPt:alert(1)', type: 'smart' },
        { label: 'c', url: '/relative', type: 'absolute' },
        { label: 'd', url: 'http://example.org', type: 'absolute' },
        { label: 'e', url: 'https://example.org', type: 'weird' },
        { label: 'f', url: 'https://example.org/a', type: 'absolute', appContext: 'dropped' },
        { label: 'g', url: 'https://smart.example/launch', type: 'smart', appContext: '{"x":1}' },
        { label: 'h', url: 'https://www.cdc.gov@evil.example/x', type: 'absolute' },
        { label: 'i', url: 'https://user:pw@guidelines.example/', type: 'absolute' },
      ],
      source: { label: 'S', url: 'https://www.cdc.gov@evil.example/' },
    });
    assert.equal(card.source.url, undefined, 'a URL with credentials hides its host');
    assert.deepEqual(card.links, [
      { label: 'f', url: 'https://example.org/a', type: 'absolute' },
      { label: 'g', url: 'https://smart.example/launch', type: 'smart', appContext: '{"x":1}' },
    ]);
  });

  it('keeps the 20 most urgent cards of a flood, says what it left out, and bounds each card', () => {
    const flood = [
      ...Array.from({ length: 23 }, (_, i) => ({ ...base, summary: `Info ${i}`, indicator: 'info' })),
      { ...base, summary: 'Critical', indicator: 'critical', label: 'x', detail: 'd'.repeat(30_000) },
      {
        ...base,
        summary: 'Warning',
        indicator: 'warning',
        source: { label: 'L'.repeat(500) },
        links: Array.from({ length: 15 }, (_, i) => ({
          label: `l${i}`,
          url: 'https://a.example/',
          type: 'absolute',
        })),
      },
    ];
    const { cards, dropped } = validateCards(flood);
    assert.equal(cards.length, 20);
    assert.deepEqual(
      cards.slice(-2).map((c) => c.summary),
      ['Critical', 'Warning'],
      'in their order, the urgent ones kept',
    );
    assert.deepEqual(
      dropped.map((d) => [d.index, d.reason]),
      [18, 19, 20, 21, 22].map((i) => [i, 'more than 20 cards in one answer']),
    );
    const critical = cards.find((c) => c.summary === 'Critical');
    assert.ok((critical?.detail?.length ?? 0) < 20_100);
    assert.match(critical?.detail ?? '', /the rest of a longer detail is not shown\)$/);
    const warning = cards.find((c) => c.summary === 'Warning');
    assert.equal(Array.from(warning?.source.label ?? '').length, 200);
    assert.equal(warning?.links?.length, 10);
  });

  it('keeps override reasons with a code and display only, and strips unknown fields', () => {
    const card = valid({
      ...base,
      extra: 'gone',
      overrideReasons: [
        { system: 's', code: 'a', display: 'A' },
        { system: 's', code: 'b' },
      ],
    });
    assert.deepEqual(card.overrideReasons, [{ system: 's', code: 'a', display: 'A' }]);
    assert.equal('extra' in card, false);
  });
});
