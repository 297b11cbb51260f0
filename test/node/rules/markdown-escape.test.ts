/*
 * Record text in a card's Markdown detail shows as the text it is: it can add no heading, list, link,
 * image, emphasis or HTML to the card (issue 11, item 9). Rendered with the panel's own Markdown
 * renderer (marked, GFM), short of the sanitiser, so the escaping alone is what is tested.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { escapeMarkdown, fillPlaceholders } from '../../../src/rules/engine/format';

const render = (md: string) => marked.parse(md, { async: false, gfm: true }) as string;

describe('escapeMarkdown: record text in a Markdown template', () => {
  const hostile = [
    'Oxycodone 5 MG\n# Take twenty\n- [confirm order](https://evil.example/x)',
    '![pixel](https://evil.example/p.png) <img src=x onerror=alert(1)>',
    '*urgent* __now__ `code` ~~struck~~ | a | b |',
    'visit https://evil.example or www.evil.example or mail me@evil.example',
    '&lt;script&gt; 1-2 tablets 9.6% (max 4)',
  ];

  for (const text of hostile)
    it(`keeps ${JSON.stringify(text.slice(0, 40))} as plain text`, () => {
      const html = render(`Current order: {{Order}}.`.replace('{{Order}}', escapeMarkdown(text)));
      assert.doesNotMatch(html, /<(h\d|ul|ol|li|a|img|em|strong|code|del|table|script)\b/);
      const shown = html
        .replace(/<\/?p>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .trim();
      assert.equal(shown, `Current order: ${text.replace(/\s+/g, ' ')}.`);
    });

  it('escapes values only in the Markdown detail, not in the plain-text summary', () => {
    const values = { Order: '*Oxycodone*' };
    assert.equal(fillPlaceholders('{{Order}}', values), '*Oxycodone*');
    assert.equal(fillPlaceholders('{{Order}}', values, { markdown: true }), '\\*Oxycodone\\*');
  });
});
