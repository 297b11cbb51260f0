/**
 * Trusted Types for every page of the build (the build adds `require-trusted-types-for 'script'` to
 * the CSP and loads this module first). With them enforced, no string reaches an HTML or script sink
 * unless a named policy made it:
 *
 * - `lit-html`: Lit's own, for its template strings (developer-written, parsed before any value);
 * - `dompurify`: DOMPurify's own, to parse a card's Markdown HTML into an inert document it cleans;
 * - `learning-loop-markdown`: the one path from data to HTML, Markdown through marked and DOMPurify
 *   (src/ui/markdown.ts);
 * - `default` (this module): script URLs only, and only http(s) of this origin (the rules worker, the
 *   mock EHR's service worker in the simulator; no blob: or data:); no HTML and no script from a
 *   string, anywhere.
 *
 * @example in the page, before anything else: import '../src/launch/trusted-types';
 */
interface PolicyFactory {
  createPolicy(name: string, rules: { createScriptURL: (url: string) => string }): unknown;
}

/** The URL when it is a script of this origin; throws otherwise (the sink then refuses it). */
export function sameOriginScript(url: string, base: string = location.href): string {
  const resolved = new URL(url, base);
  // Not blob: or data: either: a script made from a string is what Trusted Types keep out.
  if (resolved.origin !== new URL(base).origin || !/^https?:$/.test(resolved.protocol))
    throw new TypeError(`script refused: ${resolved.protocol}//${resolved.host}`);
  return resolved.href;
}

(globalThis as { trustedTypes?: PolicyFactory }).trustedTypes?.createPolicy('default', {
  createScriptURL: (url) => sameOriginScript(url),
});
