import { loadConfig } from '../src/config/load';
import { authorize } from '../src/launch/authorize';
import { startupProblem } from '../src/launch/errors';
import { planLaunch } from '../src/launch/plan';
import { SIMULATOR_BUILD } from './build-flags';
import { showPageError } from './page-error';

/** The SMART launch URL: check the EHR against the allow-list, then redirect to its authorize page. */
async function main(): Promise<void> {
  const url = new URL(location.href);
  try {
    const config = await loadConfig(new URL('learning-loop.config.json', url));
    const plan = planLaunch(config, url.searchParams);
    if (SIMULATOR_BUILD && plan.ehr.simulator) {
      const { startMockEhr } = await import('../mocks/browser');
      await startMockEhr({ withFeedback: false }); // this page only asks for the authorize endpoint
    }
    await authorize(config, plan, url, window.self !== window.top);
  } catch (error) {
    showPageError(startupProblem(error));
  }
}

void main();
