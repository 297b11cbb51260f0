/**
 * The rule packs this build carries, by id: what a deployment may list in its config's `rulePacks`.
 * Kept apart from the packs themselves so the config can be checked without loading any ELM.
 */
export const RULE_PACK_IDS = ['starter'] as const;
export type RulePackId = (typeof RULE_PACK_IDS)[number];
