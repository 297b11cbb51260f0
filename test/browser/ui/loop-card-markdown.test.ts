import { expect } from '@open-wc/testing';
import { renderMarkdown, safeLinkUrl } from '../../../src/ui/markdown';

/** The rendered HTML as a detached tree, to query. */
function tree(md: string, allowedOrigins: string[] = []): HTMLElement {
  const box = document.createElement('div');
  box.innerHTML = renderMarkdown(md, allowedOrigins);
  return box;
}

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured Markdown: emphasis, lists, tables, strikethrough, code', () => {
    const box = tree(
      '**Risk** _high_ ~~low~~ `INR`\n\n1. one\n2. two\n\n| Lab | Value |\n| --- | ---: |\n| eGFR | 28 |',
    );
    expect(box.querySelector('strong')?.textContent).to.equal('Risk');
    expect(box.querySelector('em')?.textContent).to.equal('high');
    expect(box.querySelector('del')?.textContent).to.equal('low');
    expect(box.querySelector('code')?.textContent).to.equal('INR');
    expect(box.querySelectorAll('ol li')).to.have.length(2);
    expect(box.querySelector('td:last-child')?.textContent).to.equal('28');
  });

  it('keeps headings below the card summary (h4 to h6)', () => {
    const box = tree('# One\n\n## Two\n\n### Three\n\n#### Four');
    expect([...box.children].map((c) => c.tagName)).to.deep.equal(['H4', 'H5', 'H6', 'H6']);
  });

  it('opens https links in a new tab without referrer or opener', () => {
    const a = tree('[NICE](https://www.nice.org.uk/guidance/ng89 "guideline")').querySelector('a');
    expect(a?.getAttribute('href')).to.equal('https://www.nice.org.uk/guidance/ng89');
    expect(a?.getAttribute('target')).to.equal('_blank');
    expect(a?.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(a?.getAttribute('title')).to.equal('guideline');
  });

  it('drops every other link and keeps its text', () => {
    const hrefs = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java&#x09;script:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'http://example.org/',
      '/relative/path',
      'mailto:a@example.org',
      'https://www.cdc.gov@evil.example/x',
      'https://user:pw@guidelines.example/',
    ];
    for (const href of hrefs) {
      const box = tree(`<a href="${href}">text</a> and [md](${encodeURI(href)})`);
      expect(box.querySelectorAll('a'), href).to.have.length(0);
      expect(box.textContent, href).to.include('text');
    }
  });

  it('keeps http links to an allowed dev origin', () => {
    const box = tree('[dev](http://localhost:5173/doc) [other](http://localhost:9999/doc)', [
      'http://localhost:5173',
    ]);
    expect([...box.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      'http://localhost:5173/doc',
    ]);
  });

  it('turns images into their alt text, and drops styles, forms, frames and SVG', () => {
    const box = tree(
      '![chart of eGFR](https://tracker.example/p.png)\n\n' +
        '<p style="color:red" class="x" id="y" data-x="1" aria-hidden="true">styled</p>\n\n' +
        '<form action="https://evil.example"><input name="q"><button>Go</button></form>\n\n' +
        '<iframe src="https://evil.example"></iframe><svg><circle r="1"/></svg><math><mi>x</mi></math>\n\n' +
        '- [x] task done',
    );
    expect(box.textContent).to.include('chart of eGFR');
    expect(box.querySelectorAll('img, form, input, button, iframe, svg, math, style')).to.have.length(0);
    expect(box.querySelectorAll('[style], [class], [id], [data-x], [aria-hidden]')).to.have.length(0);
    expect(box.textContent).to.include('styled');
    expect(box.textContent).to.include('task done');
  });

  it('judges link URLs the same way for the card source and links', () => {
    expect(safeLinkUrl('https://example.org/a b')).to.equal('https://example.org/a%20b');
    expect(safeLinkUrl('javascript:alert(1)')).to.equal(undefined);
    expect(safeLinkUrl('http://localhost:5173/x', ['http://localhost:5173/'])).to.equal(
      'http://localhost:5173/x',
    );
    expect(safeLinkUrl(undefined)).to.equal(undefined);
    expect(safeLinkUrl('not a url')).to.equal(undefined);
  });
});
