import DOMPurify from 'dompurify';
import { Marked } from 'marked';

/**
 * Markdown from cards (local rule packs and remote CDS services) as sanitised HTML. The one place the
 * panel turns data into HTML, and under Trusted Types the one policy that may
 * (`learning-loop-markdown`, see src/launch/trusted-types.ts): marked, then DOMPurify, inside the
 * policy's `createHTML`, so nothing else can produce HTML from a card. `markdownFragment` gives the
 * result as DOM nodes for a child binding (no HTML string leaves this module); `renderMarkdown` gives
 * the string for Lit's `unsafeHTML` (which Lit passes through its own policy).
 *
 * The allow-list is deliberately small:
 * - no `img`: an image from a remote card loads from any origin as soon as it renders, which tells a
 *   third party that this patient's chart is open (and when) and defeats the CSP's intent; cards need no
 *   pictures, so an image becomes its alt text;
 * - no `style`, no `class`, `id` or `data-*`: the panel's look is its own, and ids could clash;
 * - no forms, inputs, iframes, SVG or MathML (GFM task-list checkboxes become plain list items);
 * - links only to absolute `https:` URLs, or to an allowed origin (a dev server), always in a new tab
 *   with `rel="noopener noreferrer"`; any other link keeps its text and loses the link.
 *
 * @example
 * html`<div>${unsafeHTML(renderMarkdown(card.detail ?? ''))}</div>`
 */

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'sub', 'sup', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]; // prettier-ignore
const ALLOWED_ATTR = ['href', 'title', 'start', 'align'];

/** `&`, `<`, `>`, `"` and `'` as entities: for text placed into HTML. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * The URL as an absolute string when it may be linked to: `https:`, or an allowed origin, with no user
 * name or password. `undefined` for anything else (relative, `http:` elsewhere, `javascript:`, `data:`,
 * `vbscript:`, credentials, unparseable).
 */
export function safeLinkUrl(
  url: string | undefined,
  allowedOrigins: readonly string[] = [],
): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  // A user name or password hides the host (https://www.cdc.gov@evil.example/ goes to evil.example).
  if (parsed.username || parsed.password) return undefined;
  if (parsed.protocol === 'https:') return parsed.href;
  const origins = allowedOrigins.flatMap((o) => {
    try {
      return [new URL(o).origin];
    } catch {
      return [];
    }
  });
  const webProtocol = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  return webProtocol && origins.includes(parsed.origin) ? parsed.href : undefined;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // The card's summary is an h3: the detail's own headings sit below it, so the outline stays whole.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 3, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    image({ text }) {
      return escapeHtml(text);
    },
    checkbox() {
      return '';
    },
  },
});

let purifier: ReturnType<typeof DOMPurify> | undefined;

function purify(): ReturnType<typeof DOMPurify> {
  // Its own instance, so no other code's hooks or config reach these cards.
  purifier ??= DOMPurify(window);
  // DOMPurify without a DOM returns its input untouched: fail closed instead.
  if (!purifier.isSupported) throw new Error('renderMarkdown needs a DOM to sanitise HTML.');
  return purifier;
}

/** The sanitiser itself: only ever called through the policy (or directly where there is none). */
function sanitised(md: string, allowedOrigins: readonly string[]): string {
  const html = marked.parse(md, { async: false });
  const fragment = purify().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: /^https?:/i,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const a of [...fragment.querySelectorAll('a')]) {
    const href = safeLinkUrl(a.getAttribute('href') ?? undefined, allowedOrigins);
    if (!href) {
      a.replaceWith(...a.childNodes);
      continue;
    }
    a.setAttribute('href', href);
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  }
  const box = document.createElement('div');
  box.append(fragment);
  return box.innerHTML;
}

interface HtmlPolicy {
  createHTML(markdown: string, allowedOrigins: readonly string[]): unknown;
}
interface PolicyFactory {
  createPolicy(
    name: string,
    rules: { createHTML: (input: string, origins: readonly string[]) => string },
  ): HtmlPolicy;
}

let policy: HtmlPolicy | null | undefined;

/** The page's Markdown policy, created once; null where the browser has no Trusted Types. */
function markdownPolicy(): HtmlPolicy | null {
  if (policy === undefined) {
    const factory = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;
    policy = factory
      ? factory.createPolicy('learning-loop-markdown', {
          createHTML: (markdown, origins) => sanitised(markdown, origins ?? []),
        })
      : null;
  }
  return policy;
}

/** TrustedHTML (or a plain string without Trusted Types) of a card's Markdown. */
function trusted(md: string, allowedOrigins: readonly string[]): unknown {
  const p = markdownPolicy();
  return p ? p.createHTML(md, allowedOrigins) : sanitised(md, allowedOrigins);
}

/**
 * GitHub-flavoured Markdown to sanitised HTML.
 *
 * @param md Markdown from a card's `detail` (may hold raw, hostile HTML).
 * @param allowedOrigins Origins (e.g. `http://localhost:5173`) whose `http:` links may stay, for dev.
 */
export function renderMarkdown(md: string, allowedOrigins: string[] = []): string {
  return String(trusted(md, allowedOrigins));
}

/**
 * The same, as DOM nodes for a Lit child binding: `html`<div>${markdownFragment(detail)}</div>``.
 * Under Trusted Types this is the path that needs no HTML string outside the policy.
 */
export function markdownFragment(md: string, allowedOrigins: readonly string[] = []): DocumentFragment {
  const template = document.createElement('template');
  // A TrustedHTML where the browser has Trusted Types; the policy's output is the sanitiser's.
  template.innerHTML = trusted(md, allowedOrigins) as string;
  return template.content;
}
