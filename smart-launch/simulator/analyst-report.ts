import DOMPurify from 'dompurify';
import { LitElement, css, html, unsafeCSS, type CSSResultGroup, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ReportParts } from '../../src/analytics/report';

/**
 * One sanitiser for the page: each DOMPurify instance creates its own 'dompurify' Trusted Types policy,
 * and the page's CSP allows that name once, so a second instance would fail and show an empty report.
 */
const purifier = DOMPurify(window);

/** What the analyst's view shows: `pending` while PGlite starts and the metrics run. */
export type AnalystState =
  | { status: 'idle' }
  | { status: 'pending'; events: number }
  | { status: 'ready'; report: ReportParts; html: string; events: number }
  | { status: 'error'; message: string };

const BASE = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(70rem, 94vw);
    max-height: 90vh;
    padding: 0;
    border: 1px solid #767676;
    border-radius: 6px;
  }
  header {
    position: sticky;
    top: 0;
    display: flex;
    gap: 12px;
    align-items: center;
    flex-wrap: wrap;
    padding: 10px 16px;
    background: #f3f4f6;
    border-bottom: 1px solid #767676;
    font:
      14px/1.4 system-ui,
      sans-serif;
  }
  header .title {
    font-size: 16px;
    font-weight: 600;
    margin: 0 auto 0 0;
  }
  button,
  a.download {
    font: inherit;
    padding: 6px 12px;
    border-radius: 4px;
  }
  button {
    background: #1a5fb4;
    color: #fff;
    border: 0;
    cursor: pointer;
  }
  a.download {
    color: #0b4a8b;
    border: 1px solid #0b4a8b;
  }
  :focus-visible {
    outline: 3px solid #1a5fb4;
    outline-offset: 2px;
  }
  .status {
    padding: 16px;
    font:
      14px/1.4 system-ui,
      sans-serif;
  }
`;

/**
 * @summary The analyst's view in the simulator: the uptake report of the events the simulator's
 * NDJSON sink received, in a modal dialog, with the self-contained report.html to download.
 */
@customElement('sim-analyst-report')
export class SimAnalystReport extends LitElement {
  /** With a report, its own style sheet joins these (adopted: the page's CSP allows no inline style). */
  static override styles: CSSResultGroup = [BASE];

  @property({ attribute: false }) state: AnalystState = { status: 'idle' };
  @query('dialog') private dialog: HTMLDialogElement | undefined;
  /** The report as DOM nodes (sanitised by DOMPurify: no HTML string reaches a sink). */
  private fragment: DocumentFragment | undefined;
  private download: string | undefined;

  /** Opens the dialog (modal: Escape closes it). */
  async open(): Promise<void> {
    await this.updateComplete;
    if (this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('state')) return;
    this.release();
    if (this.state.status !== 'ready') return;
    const { css: sheet, main } = this.state.report;
    // The report's `body` rules style its container here.
    const scoped = sheet.replace(/(^|\})body\{/g, '$1.report{');
    const sheets = [BASE, unsafeCSS(scoped)].flatMap((c) => (c.styleSheet ? [c.styleSheet] : []));
    if (this.shadowRoot) this.shadowRoot.adoptedStyleSheets = sheets;
    // The report has no style attribute (the page's CSP forbids them); none may come in with data.
    this.fragment = purifier.sanitize(`<main class="report">${main}</main>`, {
      RETURN_DOM_FRAGMENT: true,
      FORBID_ATTR: ['style'],
    });
    this.download = URL.createObjectURL(new Blob([this.state.html], { type: 'text/html' }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
  }

  private release(): void {
    if (this.download) URL.revokeObjectURL(this.download);
    this.download = undefined;
    this.fragment = undefined;
  }

  override render() {
    const { state } = this;
    return html`<dialog aria-labelledby="analyst-title" @click=${this.onClick}>
      <header>
        <!-- A label, not a heading: the report's own h1 starts the dialog's outline. -->
        <p class="title" id="analyst-title">Analyst's view: the events logged in this simulator</p>
        ${
          this.download
            ? html`<a class="download" href=${this.download} download="learning-loop-report.html"
                >Download report.html</a
              >`
            : null
        }
        <button type="button" @click=${() => this.dialog?.close()}>Close</button>
      </header>
      ${
        state.status === 'pending'
          ? html`<p class="status" role="status">
              Computing the metrics of ${state.events} events with the analytics SQL on PostgreSQL (PGlite) in
              this page…
            </p>`
          : state.status === 'error'
            ? html`<p class="status" role="alert">The analyst's view could not be made: ${state.message}</p>`
            : state.status === 'ready'
              ? html`<p class="status">
                    ${state.events} events from the simulator's NDJSON sink (pseudonymised, as the sink
                    receives them; no role is joined). Nothing is suppressed here: a real report suppresses
                    small cells.
                  </p>
                  ${this.fragment}`
              : null
      }
    </dialog>`;
  }

  /** The report's table of contents links to ids inside this shadow root: scroll there. */
  private onClick(event: Event): void {
    const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
    const id = link?.getAttribute('href')?.slice(1);
    if (!id) return;
    event.preventDefault();
    this.shadowRoot?.getElementById(id)?.scrollIntoView();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sim-analyst-report': SimAnalystReport;
  }
}
