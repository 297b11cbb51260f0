// Worker threads do not inherit the parent's `--import tsx` loader: register it here, then load the
// TypeScript worker. In a build that ships compiled JavaScript this file is the place to point at it.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
