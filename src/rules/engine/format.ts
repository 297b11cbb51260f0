/*
 * CQL results as card text: what a `{{Define Name}}` placeholder becomes. In a card's Markdown detail
 * a value from the record (a medication's name, say) is escaped, so record text can never add a
 * heading, a link or an image to the card; the UI still sanitises the HTML it renders.
 */
import cql from 'cql-execution';

/** UCUM codes as clinicians write them. */
const UNIT_TEXT: Record<string, string> = {
  '1': '',
  '10*3/uL': 'x10^3/uL',
  '10*9/L': 'x10^9/L',
  'mm[Hg]': 'mmHg',
  '[iU]': 'IU',
  'kg/m2': 'kg/m²',
};

/** At most `places` decimals, trailing zeros dropped: 1.30 -> "1.3", 60 -> "60". */
export function formatNumber(value: number, places = 2): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(places))) : String(value);
}

export function formatUnit(unit: string): string {
  return UNIT_TEXT[unit] ?? unit.replace(/\{([^}]*)\}/g, '$1');
}

/** A CQL value as text; `missing` stands in for null (a define a rule expected but could not compute). */
export function formatValue(value: unknown, missing = '(unknown)'): string {
  if (value === null || value === undefined) return missing;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value.length ? value.map((v) => formatValue(v, missing)).join(', ') : 'none';
  if (value instanceof cql.Quantity) {
    const unit = formatUnit(String(value.unit ?? ''));
    const number = formatNumber(Number(value.value));
    return unit === '' ? number : unit === '%' ? `${number}%` : `${number} ${unit}`;
  }
  if (value instanceof cql.DateTime || value instanceof cql.Date) return value.toString().slice(0, 10);
  if (value instanceof cql.Code) return value.display ?? value.code;
  if (value instanceof cql.Concept) return value.display ?? formatValue(value.codes[0], missing);
  return String(value);
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/**
 * Text as Markdown that shows exactly that text: one line (no block can start), and every character
 * that could open an inline construct (emphasis, code, link, image, HTML, table, strikethrough,
 * entity, and GFM's bare-URL and e-mail autolinks) backslash-escaped, which CommonMark renders as the
 * character itself.
 *
 * @example
 * escapeMarkdown('Oxycodone\n# [x](https://evil)'); // 'Oxycodone \\# \\[x\\]\\(https\\://evil\\)'
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]()#+!|<>~&:.@-]/g, (c) => `\\${c}`);
}

/**
 * Replaces each `{{Name}}` with the formatted value of the define `Name`; `markdown` escapes each
 * value for a Markdown template (the card's detail), not for plain text (its summary).
 */
export function fillPlaceholders(
  text: string,
  values: Readonly<Record<string, unknown>>,
  { markdown = false } = {},
): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = formatValue(values[name]);
    return markdown ? escapeMarkdown(value) : value;
  });
}

/** CDS Hooks caps the summary at 140 characters. */
export function clampSummary(text: string, max = 140): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
