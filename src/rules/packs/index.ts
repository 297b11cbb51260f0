/**
 * The rule packs a deployment can enable, by id, each loaded on demand (its ELM is large: keep it
 * out of the initial bundle; the app loads it only inside the rules worker).
 *
 * @example
 * const pack = await RULE_PACKS.starter();
 */
import type { RulePack } from '../engine/pack';
import type { RulePackId } from '../../config/rule-packs';

export const RULE_PACKS: Record<RulePackId, () => Promise<RulePack>> = {
  starter: () => import('./starter/index').then((m) => m.starterPack),
};
