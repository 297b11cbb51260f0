/**
 * The EHR's look (SMART `smart_style_url`) as `--loop-*` custom properties. Values are checked one
 * by one: a colour must be a colour and a font a list of plain family names, so a hostile style file
 * can change how the panel looks but never inject CSS or load anything.
 */

const COLOUR = /^(#[0-9a-fA-F]{3,8}|rgba?\([\d\s.,%]+\)|hsla?\([\d\s.,%deg]+\))$/;
const FONT = /^[A-Za-z0-9 ,'"-]{1,200}$/;
const LENGTH = /^\d{1,3}(\.\d{1,3})?(px|em|rem)$/;

const MAP: Record<string, { property: string; pattern: RegExp }> = {
  color_background: { property: '--loop-color-background', pattern: COLOUR },
  color_text: { property: '--loop-color-text', pattern: COLOUR },
  color_highlight: { property: '--loop-color-accent', pattern: COLOUR },
  color_error: { property: '--loop-color-critical', pattern: COLOUR },
  color_success: { property: '--loop-color-success', pattern: COLOUR },
  font_family_body: { property: '--loop-font-family', pattern: FONT },
  font_family_heading: { property: '--loop-font-family-heading', pattern: FONT },
  dim_border_radius: { property: '--loop-radius', pattern: LENGTH },
  dim_font_size: { property: '--loop-font-size', pattern: LENGTH },
  dim_spacing_size: { property: '--loop-space', pattern: LENGTH },
};

/** Maps a SMART style JSON to custom properties, dropping anything that is not a safe value. */
export function styleToCustomProperties(style: unknown): Record<string, string> {
  if (typeof style !== 'object' || style === null) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(style)) {
    const spec = MAP[key];
    if (spec && typeof value === 'string' && spec.pattern.test(value.trim()))
      out[spec.property] = value.trim();
  }
  const text = out['--loop-color-text'];
  const background = out['--loop-color-background'];
  // The EHR's palette must keep the panel readable (WCAG AA); otherwise keep ours.
  if (text && background && contrastRatio(text, background) < 4.5) {
    delete out['--loop-color-text'];
    delete out['--loop-color-background'];
  }
  return out;
}

/** WCAG contrast ratio of two hex colours; 21 (assume fine) when either is not hex. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  if (la === undefined || lb === undefined) return 21;
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

function luminance(hex: string): number | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m?.[1]) return undefined;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** Fetches the style file; any failure just keeps the default look. */
export async function loadSmartStyle(url: string | undefined): Promise<Record<string, string>> {
  if (!url) return {};
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.hostname !== 'localhost' && parsed.hostname !== '127.0.0.1')
      return {};
    const response = await fetch(parsed, { signal: AbortSignal.timeout(3000), credentials: 'omit' });
    return response.ok ? styleToCustomProperties(await response.json()) : {};
  } catch {
    return {};
  }
}
