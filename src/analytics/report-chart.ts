/**
 * One metric as an accessible figure: an inline SVG bar chart (values written on the bars, 95%
 * intervals as whiskers, so nothing is told by colour alone), a one-paragraph text summary, and the
 * full table of every group as the chart's alternative.
 */
import type { MetricInfo, MetricRow } from './metrics';

export const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A readable group name: a rule or measure canonical becomes its last segment (`vte`,
 * `vte-prophylaxis`), a unit its id.
 */
export const label = (row: MetricRow): string => {
  const text =
    row.metric === 'override_reason' && row.dimension === 'all' ? (row.category ?? '') : row.dimension_value;
  return text.replace(/^https?:\/\/.*\/(?:PlanDefinition|Measure)\//, '').replace(/^Location\//, '');
};

const digits = (v: number, info: MetricInfo) => (info.kind === 'mean' ? v.toFixed(2) : v.toFixed(1));

/** `29.8% (95% CI 26.2 to 33.6), 176 of 591` or `suppressed (n < 5)`. */
export function describe(row: MetricRow, info: MetricInfo, minN: number): string {
  if (row.suppressed || row.value === null) return `suppressed (n < ${minN})`;
  const unit = info.unit === '%' || info.unit.startsWith('% ') ? '%' : ` ${info.unit}`;
  const ci =
    row.ci_low !== null && row.ci_high !== null
      ? ` (95% CI ${digits(row.ci_low, info)} to ${digits(row.ci_high, info)})`
      : '';
  const counts = info.kind === 'median' ? `n = ${row.denominator}` : `${row.numerator} of ${row.denominator}`;
  return `${digits(row.value, info)}${unit}${ci}, ${counts}`;
}

/**
 * The SVG: one bar per group, value and interval drawn and written.
 *
 * @example barChart('acceptance-by-rule', 'Acceptance by rule', rows, info, 5)
 */
export function barChart(
  id: string,
  title: string,
  rows: MetricRow[],
  info: MetricInfo,
  minN: number,
): string {
  const left = 170;
  const width = 640;
  const barHeight = 22;
  const gap = 10;
  const plot = width - left - 170;
  const max = Math.max(1e-9, ...rows.map((r) => Math.max(r.value ?? 0, r.ci_high ?? 0)));
  const x = (v: number) => left + (v / max) * plot;
  const height = rows.length * (barHeight + gap) + gap;
  const bars = rows.map((row, i) => {
    const y = gap + i * (barHeight + gap);
    const name = `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escape(label(row))}</text>`;
    if (row.suppressed || row.value === null)
      return `${name}<text x="${left + 4}" y="${y + 15}" font-style="italic">suppressed (n &lt; ${minN})</text>`;
    const whisker =
      row.ci_low !== null && row.ci_high !== null
        ? `<line x1="${x(row.ci_low)}" x2="${x(row.ci_high)}" y1="${y + 11}" y2="${y + 11}" stroke="#111" stroke-width="2"/>` +
          `<line x1="${x(row.ci_low)}" x2="${x(row.ci_low)}" y1="${y + 5}" y2="${y + 17}" stroke="#111" stroke-width="2"/>` +
          `<line x1="${x(row.ci_high)}" x2="${x(row.ci_high)}" y1="${y + 5}" y2="${y + 17}" stroke="#111" stroke-width="2"/>`
        : '';
    const end = Math.max(x(row.value), row.ci_high === null ? 0 : x(row.ci_high));
    return (
      `${name}<rect x="${left}" y="${y}" width="${Math.max(1, x(row.value) - left)}" height="${barHeight}" fill="#1d4f91"/>` +
      `${whisker}<text x="${end + 6}" y="${y + 15}">${escape(digits(row.value, info))}</text>`
    );
  });
  return (
    // Its largest width is the report's style sheet's: a style attribute breaks a page whose CSP
    // allows no inline style (the simulator's analyst view shows this same HTML).
    `<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" ` +
    `font-family="system-ui, sans-serif" font-size="13" fill="#111">` +
    `<title id="${id}-title">${escape(title)}</title>` +
    `<desc id="${id}-desc">${escape(rows.map((r) => `${label(r)}: ${describe(r, info, minN)}`).join('; '))}</desc>` +
    `${bars.join('')}</svg>`
  );
}

/**
 * Every group of a metric as a table (the chart's alternative).
 *
 * @example table(rows, info, 5)
 */
export function table(rows: MetricRow[], info: MetricInfo, minN: number): string {
  const category = info.id === 'override_reason';
  const head = [
    'Dimension',
    'Group',
    ...(category ? ['Reason'] : []),
    'Value',
    '95% CI',
    'Numerator',
    'Denominator',
  ];
  const body = rows.map((r) => {
    const cells = [
      r.dimension,
      r.dimension === 'rule' || r.dimension === 'measure' ? label(r) : r.dimension_value,
      ...(category ? [r.category ?? ''] : []),
      r.suppressed || r.value === null ? `suppressed (n < ${minN})` : digits(r.value, info),
      r.ci_low !== null && r.ci_high !== null
        ? `${digits(r.ci_low, info)} to ${digits(r.ci_high, info)}`
        : '',
      r.numerator === null ? '' : String(r.numerator),
      r.denominator === null ? '' : String(r.denominator),
    ];
    const cell = (c: string, i: number) =>
      i === 1 ? `<th scope="row">${escape(c)}</th>` : `<td>${escape(c)}</td>`;
    return `<tr>${cells.map(cell).join('')}</tr>`;
  });
  return (
    `<table><caption>${escape(info.title)} (${escape(info.unit)}), every group</caption>` +
    `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>` +
    `<tbody>${body.join('')}</tbody></table>`
  );
}
