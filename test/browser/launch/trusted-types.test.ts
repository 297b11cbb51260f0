import { expect } from '@open-wc/testing';
import { waitFor } from '../e2e/harness';
import { sameOriginScript } from '../../../src/launch/trusted-types';

/**
 * The pages' Trusted Types (src/launch/trusted-types.ts, src/ui/markdown.ts) under the CSP the build
 * writes, in Chromium: what the app needs works, nothing else gets through. The production build's
 * own check (the whole app under the same CSP) is in test/e2e/build-smoke.ts.
 */
describe('Trusted Types', () => {
  it('let Lit, the Markdown policy and a same-origin worker work, and refuse the rest', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/test/browser/launch/fixtures/trusted-types.html';
    document.body.append(frame);
    const results = () =>
      (frame.contentWindow as unknown as { results?: Record<string, string>; pwned?: number } | null)
        ?.results;
    await waitFor(() => results() !== undefined, 'the fixture page', 20_000);
    const r = results() ?? {};
    expect(r['lit with markdownFragment']).to.equal('allowed');
    expect(r['lit with unsafeHTML(renderMarkdown)']).to.equal('allowed');
    for (const rendered of [r.fragmentHtml ?? '', r.stringHtml ?? '']) {
      expect(rendered).to.include('<strong>bold</strong>');
      expect(rendered).to.include('<h4>Heading</h4>');
      expect(rendered).not.to.match(/onerror|<script|javascript:|<img/);
    }
    expect(r['raw innerHTML']).to.match(/^refused/);
    expect(r['cross-origin worker']).to.match(/^refused/);
    expect(r['blob worker']).to.match(/^refused/);
    expect(r.worker).to.equal('up');
    expect((frame.contentWindow as unknown as { pwned?: number }).pwned).to.equal(undefined);
    frame.remove();
  });

  it('the default policy takes script URLs of this origin only', () => {
    const base = 'https://app.example/app.html';
    expect(sameOriginScript('./assets/rules.worker.js', base)).to.equal(
      'https://app.example/assets/rules.worker.js',
    );
    expect(() => sameOriginScript('https://cdn.example/x.js', base)).to.throw(/refused/);
    expect(() => sameOriginScript('data:text/javascript,1', base)).to.throw(/refused/);
  });
});
