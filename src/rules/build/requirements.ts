/**
 * Second half of `npm run rules:build`: writes each pack's data requirements (read from its ELM) to
 * `src/rules/packs/<pack>/requirements.json`. The page turns them into FHIR searches without loading
 * any ELM or engine code: those stay in the rules worker. `--check` exits 1 when a committed file
 * differs from what the ELM gives, so a test catches a rule change built without this step.
 *
 * @example
 * node --import tsx src/rules/build/requirements.ts --check
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { packDataRequirements } from '../engine/data-requirements';
import { RULE_PACK_IDS } from '../../config/rule-packs';
import { RULE_PACKS } from '../packs/index';

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const id of RULE_PACK_IDS) {
  const pack = await RULE_PACKS[id]();
  const path = fileURLToPath(new URL(`../packs/${id}/requirements.json`, import.meta.url));
  const config = (await prettier.resolveConfig(path)) ?? {};
  const text = await prettier.format(JSON.stringify(packDataRequirements(pack)), {
    ...config,
    parser: 'json',
    filepath: path,
  });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) continue;
  stale.push(path);
  if (!check) writeFileSync(path, text);
}
if (check && stale.length) {
  console.error(`Stale data requirements (run npm run rules:build): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(
  stale.length
    ? `Wrote ${stale.join(', ')}`
    : `Data requirements of ${RULE_PACK_IDS.length} pack(s) up to date`,
);
