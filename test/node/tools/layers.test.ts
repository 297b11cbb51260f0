/*
 * The layer rule in the lint run: a backward import fails the lint, a downward one passes. Lints
 * source text as if it sat at a path in src/ (the file need not exist).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ overrideConfigFile: 'test/tools/eslint.config.js' });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('one direction of flow, kept by the linter', () => {
  it('refuses an import that points up the layers, static or dynamic', async () => {
    const [upward] = await problems('src/core/x.ts', "import { AppModel } from '../app/app-model';");
    assert.match(upward ?? '', /src\/core imports no other layer/);
    assert.equal(
      (await problems('src/fhir/x.ts', "import type { LoopConfig } from '../config/schema';")).length,
      1,
    );
    assert.equal(
      (await problems('src/config/x.ts', "import { planLaunch } from '../launch/plan';")).length,
      1,
    );
    assert.equal(
      (await problems('src/rules/x.ts', "export const p = import('../prompts/accept');")).length,
      1,
    );
    assert.equal(
      (await problems('src/cds/x.ts', "import type { Rule } from '../rules/engine/pack';")).length,
      1,
    );
  });

  it('lets a layer import the layers below it', async () => {
    assert.deepEqual(await problems('src/launch/x.ts', "import { findEhr } from '../config/load';"), []);
    assert.deepEqual(
      await problems('src/rules/engine/x.ts', "import type { Card } from '../../cds/cards';"),
      [],
    );
    assert.deepEqual(await problems('src/app/x.ts', "export const ui = import('../ui/events');"), []);
  });

  it('keeps fhirclient in src/launch', async () => {
    assert.equal((await problems('src/context/x.ts', "import FHIR from 'fhirclient';")).length, 1);
    assert.equal((await problems('src/fhir/x.ts', "import type C from 'fhirclient/lib/Client';")).length, 1);
    assert.deepEqual(await problems('src/launch/x.ts', "import FHIR from 'fhirclient';"), []);
  });

  it('keeps the mocks, and the Node-side tools, out of src/ browser code', async () => {
    assert.equal(
      (await problems('src/app/x.ts', "import { startMockEhr } from '../../mocks/browser';")).length,
      1,
    );
    assert.equal((await problems('src/index.ts', "import '../mocks/browser';")).length, 1);
    assert.equal((await problems('src/ui/a/x.ts', "import '../../analytics/cli';")).length, 1);
    assert.equal((await problems('src/analytics/x.ts', "import '../ui/events';")).length, 1);
    assert.deepEqual(
      await problems('src/measures/x.ts', "import type { LoopEvent } from '../telemetry/event';"),
      [],
    );
  });

  it('lets elements import a model only as a type', async () => {
    const code = "import { PromptsModel } from '../../prompts/prompts-model';";
    assert.equal((await problems('src/ui/a/x.ts', code)).length, 1);
    assert.deepEqual(await problems('src/ui/a/x.ts', code.replace('import {', 'import type {')), []);
  });
});
