/**
 * The generator's rules: the starter pack's PlanDefinitions (canonical, version, override reasons,
 * suggestions), each with a firing rate, an indicator and an acceptance rate of its own so that the
 * metrics differ by rule as real ones do.
 */
import plans from '../rules/packs/starter/plan-definitions.json' with { type: 'json' };

export interface RuleInfo {
  url: string;
  version: string;
  indicator: 'info' | 'warning' | 'critical';
  fireRate: number;
  acceptRate: number;
  suggestions: string[];
  reasons: { system: string; code: string; display: string }[];
}

const RATES: Record<string, [number, number, RuleInfo['indicator']]> = {
  vte: [0.22, 0.45, 'warning'],
  'opioid-mme': [0.06, 0.25, 'critical'],
  naloxone: [0.05, 0.55, 'warning'],
  'opioid-benzo': [0.03, 0.2, 'critical'],
  aki: [0.04, 0.35, 'critical'],
  hba1c: [0.12, 0.3, 'info'],
  statin: [0.15, 0.15, 'info'],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function walk(node: Json, visit: (o: { [key: string]: Json }) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

/**
 * The starter rules as the generator uses them.
 *
 * @example catalogue().map((r) => r.url)
 */
export function catalogue(): RuleInfo[] {
  const list = (Array.isArray(plans) ? plans : []) as unknown as { [key: string]: Json }[];
  return list.map((plan) => {
    const url = String(plan.url);
    const [fireRate, acceptRate, indicator] = RATES[url.split('/').pop() ?? ''] ?? [0.05, 0.3, 'info'];
    const reasons: RuleInfo['reasons'] = [];
    const suggestions: string[] = [];
    walk(plan, (o) => {
      const coding = o.valueCoding as { system?: string; code?: string; display?: string } | undefined;
      if (typeof o.url === 'string' && o.url.endsWith('/override-reason') && coding?.code)
        reasons.push({
          system: coding.system ?? '',
          code: coding.code,
          display: coding.display ?? coding.code,
        });
      // The suggestion's id as the rules engine reads it (src/rules/engine/pack.ts): the sub-action's
      // own id, else its contained ActivityDefinition's (`definitionCanonical: '#id'`).
      if (typeof o.definitionCanonical === 'string')
        suggestions.push(typeof o.id === 'string' ? o.id : o.definitionCanonical.replace(/^#/, ''));
    });
    return {
      url,
      version: String(plan.version ?? ''),
      indicator,
      fireRate,
      acceptRate,
      suggestions,
      reasons,
    };
  });
}
