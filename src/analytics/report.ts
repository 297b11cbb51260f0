/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, nothing fetched), so it
 * opens from a mail attachment or a shared drive. Per metric: its definition, a text summary, a chart
 * by rule (by measure for feedback drill-downs, by unit for the other feedback metrics, by reason for
 * the reason mix) and the table of every group.
 */
import { barChart, describe, escape, label, table } from './report-chart';
import { gapSummary, type LogGap } from './gaps';
import { METRICS, type MetricRow } from './metrics';

export interface ReportInput {
  metrics: MetricRow[];
  /** The log's record of events dropped before delivery (gaps.ts); none when absent. */
  gaps?: readonly LogGap[];
  files: {
    path: string;
    format: string;
    loaded: number;
    skipped: { line: number; reason: string }[];
    /** Lines counted with a field read as empty (load.ts): the first thousand, and how many in all. */
    unread?: { line: number; reason: string }[];
    unreadLines?: number;
  }[];
  /** What the analyst should know that is not a bad line (analyze.ts): events of unknown types, say. */
  warnings?: readonly string[];
  minN: number;
  /** When the report was made (ISO), passed in: the renderer has no clock of its own. */
  generatedAt: string;
  title?: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;color:#111;background:#fff;max-width:62rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-top:1px solid #767676;padding-top:1rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #767676;padding:.2rem .5rem;text-align:left}td{font-variant-numeric:tabular-nums}
.definition{color:#333}.gaps{border:2px solid #8a4b00;padding:0 1rem;margin-top:1rem}.gaps h2{border-top:0;margin-top:.8rem}details{margin:.4rem 0}summary{cursor:pointer;color:#0b4a8b}figure svg{max-width:640px}`;

function chartRows(id: string, rows: MetricRow[]): { by: string; rows: MetricRow[] } {
  if (id === 'override_reason') return { by: 'reason', rows: rows.filter((r) => r.dimension === 'all') };
  const byMeasure = rows.filter((r) => r.dimension === 'measure');
  if (byMeasure.length) return { by: 'measure', rows: byMeasure };
  if (id.startsWith('feedback')) return { by: 'unit', rows: rows.filter((r) => r.dimension === 'unit') };
  return { by: 'rule', rows: rows.filter((r) => r.dimension === 'rule') };
}

function section(id: string, rows: MetricRow[], minN: number): string {
  const info = METRICS.find((m) => m.id === id);
  if (!info) return '';
  const overall = rows.filter((r) => r.dimension === 'all');
  const { by, rows: charted } = chartRows(id, rows);
  const shown = charted.filter((r) => !r.suppressed && r.value !== null);
  const sorted = [...shown].sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const extremes =
    sorted.length > 1
      ? ` Highest by ${by}: ${label(sorted[0] as MetricRow)}, ${describe(sorted[0] as MetricRow, info, minN)}; lowest: ${label(sorted[sorted.length - 1] as MetricRow)}, ${describe(sorted[sorted.length - 1] as MetricRow, info, minN)}.`
      : '';
  const summary =
    id === 'override_reason'
      ? `Overrides by reason: ${overall.map((r) => `${label(r)} ${describe(r, info, minN)}`).join('; ')}.`
      : `Overall: ${overall[0] ? describe(overall[0], info, minN) : 'no data'}.${extremes}`;
  return (
    `<section aria-labelledby="${id}"><h2 id="${id}">${escape(info.title)}</h2>` +
    `<p class="definition">${escape(info.definition)} (${escape(info.unit)}).</p>` +
    `<p>${escape(summary)}</p>` +
    (charted.length
      ? `<figure>${barChart(`chart-${id}`, `${info.title} by ${by}`, charted, info, minN)}` +
        `<figcaption>${escape(info.title)} by ${by}; bars show the value${info.kind === 'proportion' ? ', whiskers the 95% interval' : ''}.</figcaption></figure>`
      : '') +
    (rows.length
      ? `<details><summary>Table of every group (${escape([...new Set(rows.map((r) => r.dimension))].join(', '))})</summary>${table(rows, info, minN)}</details>`
      : '') +
    '</section>'
  );
}

/** The gaps, before the first metric: every figure below undercounts where they fall. */
function gapsSection(gaps: readonly LogGap[]): string {
  const summary = gapSummary(gaps);
  if (!summary) return '<p>The log records no gap: no events-dropped record was found.</p>';
  const rows = gaps
    .map(
      (g) =>
        `<tr><td>${escape(g.sink ?? '(unnamed)')}</td><td>${escape(g.month)}</td><td>${escape(g.reason)}</td>` +
        `<td>${g.events}</td><td>${escape(g.first ?? '')} to ${escape(g.last ?? '')}</td></tr>`,
    )
    .join('');
  return (
    `<section aria-labelledby="log-gaps" class="gaps"><h2 id="log-gaps">Gaps in the log</h2><p>${escape(summary)}</p>` +
    `<table><caption>Events dropped before delivery, by the sink that misses them, month recorded and reason</caption>` +
    `<thead><tr><th scope="col">Sink</th><th scope="col">Recorded</th><th scope="col">Reason</th>` +
    `<th scope="col">Events</th><th scope="col">Emitted</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

/** The report's parts: its title, its style sheet and the HTML of its `<main>`. */
export interface ReportParts {
  title: string;
  css: string;
  main: string;
}

/**
 * The report's parts, for a page that shows it inside its own (the simulator's analyst view puts the
 * style sheet in a shadow root's adopted sheets, where a page's CSP allows no inline style).
 *
 * @example const { css, main } = reportParts({ metrics, files, minN: 1, generatedAt })
 */
export function reportParts(input: ReportInput): ReportParts {
  const title = input.title ?? 'Learning Loop: prompt uptake report';
  const loaded = input.files.reduce((n, f) => n + f.loaded, 0);
  const skipped = input.files.flatMap((f) => f.skipped.map((s) => ({ ...s, path: f.path })));
  const unread = input.files.flatMap((f) => (f.unread ?? []).map((s) => ({ ...s, path: f.path })));
  const unreadLines = input.files.reduce((n, f) => n + (f.unreadLines ?? 0), 0);
  const files = input.files
    .map(
      (f) =>
        `<li>${escape(f.path)}: ${escape(f.format)}, ${f.loaded} lines read, ${f.skipped.length} skipped${f.unreadLines ? `, ${f.unreadLines} counted with a field read as empty` : ''}</li>`,
    )
    .join('');
  const lineList = (lines: typeof skipped, summary: string) =>
    `<details><summary>${summary}</summary><ul>${lines
      .slice(0, 200)
      .map((s) => `<li>${escape(s.path)} line ${s.line}: ${escape(s.reason)}</li>`)
      .join('')}</ul></details>`;
  const skippedList =
    (skipped.length ? lineList(skipped, `${skipped.length} lines skipped`) : '<p>No line was skipped.</p>') +
    (unread.length ? lineList(unread, `${unreadLines} lines counted with a field read as empty`) : '');
  // Per-clinician rows (clinicians times months) stay in by-clinician.csv: a report for the whole
  // organisation does not rank its clinicians.
  const overall = input.metrics.filter((r) => r.dimension !== 'practitioner');
  const sections = METRICS.map((m) =>
    section(
      m.id,
      overall.filter((r) => r.metric === m.id),
      input.minN,
    ),
  ).join('');
  const main = `<h1>${escape(title)}</h1>
<p>Made ${escape(input.generatedAt)} from ${loaded} lines (each event counted once by its id). Cells with a denominator under ${input.minN} are suppressed. Intervals are 95% Wilson score intervals.</p>
<ul>${files}</ul>${skippedList}${(input.warnings ?? []).map((w) => `<p><strong>Warning:</strong> ${escape(w)}</p>`).join('')}
${gapsSection(input.gaps ?? [])}
<nav aria-label="Metrics"><ul>${METRICS.map((m) => `<li><a href="#${m.id}">${escape(m.title)}</a></li>`).join('')}</ul></nav>
${sections}`;
  return { title, css: STYLE, main };
}

/**
 * The report as one HTML string.
 *
 * @example await writeFile('report.html', renderReport({ metrics, files, minN: 5, generatedAt: new Date().toISOString() }))
 */
export function renderReport(input: ReportInput): string {
  const { title, css, main } = reportParts(input);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${css}</style></head><body><main>
${main}
</main></body></html>
`;
}
