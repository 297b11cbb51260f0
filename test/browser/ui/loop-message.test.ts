import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/ui/loop-message/loop-message';
import type { LoopMessage } from '../../../src/ui/loop-message/loop-message';
import type { UserFacingError } from '../../../src/core/status';

const problem: UserFacingError = {
  code: 'fhir-5xx',
  title: "The EHR's FHIR server had an error while loading the patient.",
  action: 'Try again in a minute; if it keeps happening, tell your EHR support team.',
  detail: '503 Service Unavailable for Patient/p-1',
};

const mount = (tone: 'error' | 'notice', p: UserFacingError | undefined) =>
  fixture<LoopMessage>(html`<loop-message tone=${tone} .problem=${p}></loop-message>`);

describe('<loop-message>', () => {
  it('an error interrupts: what happened, what to do, the detail folded away', async () => {
    const el = await mount('error', problem);
    const box = el.shadowRoot?.querySelector('[part="message"]');
    expect(box?.getAttribute('role')).to.equal('alert');
    expect(box?.getAttribute('data-code')).to.equal('fhir-5xx');
    expect(el.shadowRoot?.querySelector('.message__title')?.textContent).to.equal(problem.title);
    expect(el.shadowRoot?.querySelector('.message__action')?.textContent).to.equal(problem.action);
    const details = el.shadowRoot?.querySelector('details');
    expect(details?.open).to.equal(false);
    expect(details?.querySelector('pre')?.textContent).to.equal(problem.detail);
    await expect(el).to.be.accessible();
  });

  it('a notice is polite and shows no detail section when there is none', async () => {
    const el = await mount('notice', { ...problem, detail: undefined });
    expect(el.shadowRoot?.querySelector('[part="message"]')?.getAttribute('role')).to.equal('status');
    expect(el.shadowRoot?.querySelector('details')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows hostile text as text', async () => {
    const el = await mount('error', { ...problem, title: '<img src=x onerror=alert(1)>' });
    expect(el.shadowRoot?.querySelector('img')).to.equal(null);
    expect(el.shadowRoot?.querySelector('.message__title')?.textContent).to.equal(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('renders nothing without a problem', async () => {
    const el = await mount('notice', undefined);
    expect(el.shadowRoot?.querySelector('[part="message"]') === null).to.equal(true);
  });
});

describe('<loop-message> Try again', () => {
  it('waits as long as the server asked before "Try again" can be pressed, then asks to retry', async () => {
    const el = await mount('error', { ...problem, code: 'fhir-429', retry: { afterSeconds: 1 } });
    const button = () => el.shadowRoot?.querySelector<HTMLButtonElement>('.message__retry');
    expect(button()?.disabled).to.equal(true);
    expect(button()?.textContent?.trim()).to.equal('Try again in 1 s');
    await new Promise((r) => setTimeout(r, 1200));
    await el.updateComplete;
    expect(button()?.disabled).to.equal(false);
    const asked: string[] = [];
    el.addEventListener('loop-retry-request', (e) => asked.push(e.detail.code));
    button()?.click();
    expect(asked).to.deep.equal(['fhir-429']);
    await expect(el).to.be.accessible();
  });

  it('offers no "Try again" for a problem that will not pass by itself', async () => {
    const el = await mount('error', problem);
    expect(el.shadowRoot?.querySelector('.message__retry') === null).to.equal(true);
  });
});
