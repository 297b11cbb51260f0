/**
 * The starter pack: the five starter rules of DESIGN.md as seven prompts (the opioid rule gives
 * three: daily dose, naloxone, benzodiazepine). One CQL library per rule, all sharing the project's
 * FHIRHelpers, LoopCommon and EndOfLife. Value sets (published expansions, pinned) and parameter
 * tables (the opioid product table, drug classes) are written by the terminology build.
 *
 * @example
 * const { starterPack } = await import('./packs/starter/index');
 */
import { loadPack } from '../../engine/pack';
import EndOfLife from '../shared/EndOfLife.json' with { type: 'json' };
import FHIRHelpers from '../shared/FHIRHelpers.json' with { type: 'json' };
import LoopCommon from '../shared/LoopCommon.json' with { type: 'json' };
import DiabetesHbA1c from './DiabetesHbA1c.json' with { type: 'json' };
import NephrotoxinAKI from './NephrotoxinAKI.json' with { type: 'json' };
import OpioidSafety from './OpioidSafety.json' with { type: 'json' };
import StatinPrimaryPrevention from './StatinPrimaryPrevention.json' with { type: 'json' };
import VTEProphylaxis from './VTEProphylaxis.json' with { type: 'json' };
import parameters from './parameters.json' with { type: 'json' };
import planDefinitions from './plan-definitions.json' with { type: 'json' };
import valueSets from './valuesets.json' with { type: 'json' };

export const starterPack = loadPack({
  id: 'starter',
  title: 'Learning Loop starter rules',
  libraries: [
    FHIRHelpers,
    LoopCommon,
    EndOfLife,
    VTEProphylaxis,
    OpioidSafety,
    NephrotoxinAKI,
    DiabetesHbA1c,
    StatinPrimaryPrevention,
  ],
  valueSets,
  parameters,
  planDefinitions,
});
