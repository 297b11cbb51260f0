/**
 * The EHR's look (SMART `smart_style_url`) as `--loop-*` custom properties. Values are checked one
 * by one: a colour must parse as a colour (every hex, rgb() and hsl() form; written back as `rgb()`),
 * a font a list of plain family names, a size a length within sensible bounds, so a hostile or
 * careless style file can change how the panel looks but never inject CSS, load anything, or hide it.
 *
 * Readability holds whatever subset the EHR sends (WCAG 2.1 AA): text over background at 4.5:1,
 * checked with the panel's own colour for whichever of the two the EHR left out and with translucent
 * colours painted over what lies beneath; the panel's muted text follows the EHR's text colour where
 * it would not reach 4.5:1; borders (accent, critical, success) need 3:1.
 *
 * @example styleToCustomProperties({ color_text: 'rgb(20 20 20)', dim_font_size: '0px' })
 * // { '--loop-color-text': 'rgb(20 20 20 / 1)' } (a 0px font is refused)
 */
import { WHITE, contrast, cssColour, parseColour, type Rgba } from './colour';

const FONT = /^[A-Za-z0-9 ,'"-]{1,200}$/;

/** The panel's own colours (tokens.styles.ts, learning-loop.styles.ts). */
const DEFAULT_TEXT: Rgba = { r: 0x1f, g: 0x29, b: 0x33, a: 1 };
const DEFAULT_MUTED: Rgba = { r: 0x4b, g: 0x55, b: 0x63, a: 1 };

/** Allowed range of each size, in px (em and rem count as 16 px). */
const SIZES: Record<string, { property: string; min: number; max: number }> = {
  dim_font_size: { property: '--loop-font-size', min: 10, max: 32 },
  dim_spacing_size: { property: '--loop-space', min: 0, max: 32 },
  dim_border_radius: { property: '--loop-radius', min: 0, max: 24 },
};

const COLOURS: Record<string, string> = {
  color_background: '--loop-color-background',
  color_text: '--loop-color-text',
  color_highlight: '--loop-color-accent',
  color_error: '--loop-color-critical',
  color_success: '--loop-color-success',
};

const FONTS: Record<string, string> = {
  font_family_body: '--loop-font-family',
  font_family_heading: '--loop-font-family-heading',
};

/** A length in px, em or rem, as px; undefined when it is not one. */
export function lengthPx(value: string): number | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3})?)(px|em|rem)$/.exec(value.trim());
  if (!m?.[1]) return undefined;
  return Number(m[1]) * (m[2] === 'px' ? 1 : 16);
}

/** The critical tone's own light background, under a critical card's badge and error lines. */
const CRITICAL_TINT: Rgba = { r: 0xfd, g: 0xec, b: 0xee, a: 1 };

/**
 * Whether a colour the panel also uses for normal-size text reads at 4.5:1 (WCAG 1.4.3) where it is:
 * the highlight under the recommended suggestion's white label; the error colour as the text of a
 * critical badge and error line, on their light tint.
 */
function carriesText(key: string, colour: Rgba): boolean {
  if (key === 'color_highlight') return contrast(WHITE, colour) >= 4.5;
  if (key === 'color_error') return contrast(colour, CRITICAL_TINT) >= 4.5 && contrast(colour, WHITE) >= 4.5;
  return true;
}

/** Maps a SMART style JSON to custom properties, dropping anything that is not a safe, readable value. */
export function styleToCustomProperties(style: unknown): Record<string, string> {
  if (typeof style !== 'object' || style === null) return {};
  const entries = Object.entries(style as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === 'string' ? [[key, value.trim()] as const] : [],
  );
  const out: Record<string, string> = {};
  const colours: Record<string, Rgba> = {};
  for (const [key, value] of entries) {
    const colour = COLOURS[key] ? parseColour(value) : undefined;
    if (colour) colours[key] = colour;
    const font = FONTS[key];
    if (font && FONT.test(value)) out[font] = value;
    const size = SIZES[key];
    const px = size ? lengthPx(value) : undefined;
    if (size && px !== undefined && px >= size.min && px <= size.max) out[size.property] = value;
  }
  const background = colours.color_background ?? WHITE;
  const text = colours.color_text ?? DEFAULT_TEXT;
  if (contrast(text, background) >= 4.5) {
    if (colours.color_background) out['--loop-color-background'] = cssColour(background);
    if (colours.color_text) out['--loop-color-text'] = cssColour(text);
    if (contrast(DEFAULT_MUTED, background) < 4.5) out['--loop-color-muted'] = cssColour(text);
  }
  // Borders are measured against the background the panel will actually have (3:1, WCAG 1.4.11).
  const shown = out['--loop-color-background'] ? background : WHITE;
  for (const key of ['color_highlight', 'color_error', 'color_success']) {
    const colour = colours[key];
    const property = COLOURS[key];
    if (colour && property && contrast(colour, shown) >= 3 && carriesText(key, colour))
      out[property] = cssColour(colour);
  }
  return out;
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
