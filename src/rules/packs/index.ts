/**
 * The rule packs a deployment can enable, by id, each loaded on demand (its ELM is large: keep it
 * out of the initial bundle).
 *
 * @example
 * const pack = await RULE_PACKS.starter();
 */
import type { RulePack } from '../engine/pack';

export const RULE_PACKS: Record<string, () => Promise<RulePack>> = {
  starter: () => import('./starter/index').then((m) => m.starterPack),
};
