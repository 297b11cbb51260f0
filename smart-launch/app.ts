import { SIMULATOR_BUILD } from './build-flags';
import { AppModel } from '../src/app/app-model';
import { findEhr } from '../src/config/load';
import { ISS_KEY } from '../src/launch/authorize';
import '../src/index';

/** The redirect page: hosts the panel and completes the launch. */
const panel = document.createElement('learning-loop');
const app = new AppModel();
panel.app = app;
document.body.append(panel);

void app.start(new URL('learning-loop.config.json', location.href), async (config) => {
  const iss = sessionStorage.getItem(ISS_KEY);
  if (SIMULATOR_BUILD && iss && findEhr(config, iss)?.simulator) {
    const { startMockEhr } = await import('../mocks/browser');
    await startMockEhr();
  }
});
