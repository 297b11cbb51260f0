import { ensureChrome } from './chrome.mjs';

console.log(`Browser for tests: ${ensureChrome()}`);
