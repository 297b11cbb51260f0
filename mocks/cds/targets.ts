import type { Patient } from '@medplum/fhirtypes';
import type { SyntheticDataset } from '../data/types';

/**
 * The patients the simulated immunisation service reminds about an influenza vaccine: aged 65 and over
 * (the age ACIP puts first), and not the quiet background patients, who stand in for those already
 * vaccinated this season, so that "no prompt" patients stay quiet in the simulator.
 */
export function fluDuePatients(dataset: SyntheticDataset, now: Date): string[] {
  const cutoff = `${now.getUTCFullYear() - 65}${now.toISOString().slice(4, 10)}`;
  const tagged = new Set(dataset.patients.filter((p) => p.scenarios.length > 0).map((p) => p.id));
  return dataset.resources
    .filter((r): r is Patient => r.resourceType === 'Patient')
    .filter((p) => !!p.id && tagged.has(p.id) && !!p.birthDate && p.birthDate <= cutoff)
    .map((p) => p.id as string);
}
