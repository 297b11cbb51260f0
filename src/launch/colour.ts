/**
 * CSS colours as an EHR's `smart_style_url` may write them, parsed so their contrast can be checked:
 * hex (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`), `rgb()`/`rgba()` and `hsl()`/`hsla()` in the comma
 * and the space syntax, with numbers or percentages, hue in deg, turn, rad or grad, and alpha. Hand-
 * written: the few colour libraries on npm are larger than the panel's whole style code, and this is
 * the CSS Color 4 grammar for three functions.
 *
 * @example parseColour('hsl(210deg 50% 40% / 0.8)') // { r: 51, g: 102, b: 153, a: 0.8 }
 */
export interface Rgba {
  /** 0..255 */
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A number, or a percentage of `full`; NaN when neither. */
function amount(text: string, full: number): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(%?)$/i.exec(text);
  if (!m?.[1]) return NaN;
  const n = Number(m[1]);
  return m[2] ? (n / 100) * full : n;
}

function hue(text: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(deg|turn|rad|grad)?$/i.exec(text);
  if (!m?.[1]) return NaN;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'deg').toLowerCase();
  const deg =
    unit === 'turn' ? n * 360 : unit === 'rad' ? (n * 180) / Math.PI : unit === 'grad' ? n * 0.9 : n;
  return ((deg % 360) + 360) % 360;
}

/** The arguments of `name(...)`: three, and an optional alpha, comma- or space-separated. */
function args(value: string, names: RegExp): string[] | undefined {
  const m = new RegExp(`^(?:${names.source})\\(\\s*([^()]*)\\)$`, 'i').exec(value);
  if (!m?.[1]) return undefined;
  const body = m[1].trim();
  const parts = body.includes(',')
    ? body.split(/\s*,\s*/)
    : body
        .split(/\s*\/\s*/)
        .flatMap((part, i) => (i === 0 ? part.split(/\s+/) : [part]))
        .filter(Boolean);
  return parts.length === 3 || parts.length === 4 ? parts : undefined;
}

function alpha(text: string | undefined): number {
  return text === undefined ? 1 : clamp(amount(text, 1), 0, 1);
}

function fromHsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const f = (n: number) => l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

/** The colour, or undefined when it is not one of the forms above (named colours are not taken). */
export function parseColour(input: string): Rgba | undefined {
  const value = input.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(value)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const [r = 0, g = 0, b = 0, a = 255] = [0, 2, 4, 6].map((i) =>
      i < full.length ? parseInt(full.slice(i, i + 2), 16) : 255,
    );
    return { r, g, b, a: a / 255 };
  }
  const rgb = args(value, /rgba?/);
  if (rgb) {
    const [r, g, b] = rgb.slice(0, 3).map((c) => amount(c, 255));
    const a = alpha(rgb[3]);
    if ([r, g, b, a].some((x) => x === undefined || Number.isNaN(x))) return undefined;
    return { r: clamp(r ?? 0, 0, 255), g: clamp(g ?? 0, 0, 255), b: clamp(b ?? 0, 0, 255), a };
  }
  const hsl = args(value, /hsla?/);
  if (hsl) {
    const h = hue(hsl[0] ?? '');
    // Saturation and lightness: percentages, or (CSS Color 4) plain numbers out of 100.
    const [s, l] = [hsl[1] ?? '', hsl[2] ?? ''].map((p) => amount(p, 100) / 100);
    const a = alpha(hsl[3]);
    if ([h, s, l, a].some((x) => x === undefined || Number.isNaN(x))) return undefined;
    const [r, g, b] = fromHsl(h, clamp(s ?? 0, 0, 1), clamp(l ?? 0, 0, 1));
    return { r, g, b, a };
  }
  return undefined;
}

/** `top` painted over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (x: number, y: number) => x * top.a + y * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

function luminance({ r, g, b }: Rgba): number {
  const [lr, lg, lb] = [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (lr ?? 0) + 0.7152 * (lg ?? 0) + 0.0722 * (lb ?? 0);
}

/** WCAG 2 contrast ratio of a text colour over a background, both made opaque first (over `page`). */
export function contrast(text: Rgba, background: Rgba, page: Rgba = WHITE): number {
  const bg = over(background, page);
  const [hi, lo] = [luminance(over(text, bg)), luminance(bg)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

export const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/** A colour as CSS the panel writes back (so what it applies is exactly what it checked). */
export function cssColour({ r, g, b, a }: Rgba): string {
  const n = (x: number) => Math.round(x);
  return `rgb(${n(r)} ${n(g)} ${n(b)} / ${Math.round(a * 1000) / 1000})`;
}
