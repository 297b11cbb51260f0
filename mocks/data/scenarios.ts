/*
 * Patients p-001 to p-029: one or more per starter rule (DESIGN.md, "Rules"), each tagged with what the
 * rule should do (`<rule>:trigger...` or `<rule>:miss-...`). Values a rule decides on are fixed in these
 * tables, never drawn from the seed. Patients outside a rule's scenarios are kept clear of it: VTE
 * prophylaxis when 50 or older or in the ICU, stable creatinine, no opioid, no lipid panel.
 */
import { AKI_HBA1C_PATIENTS } from './scenarios-aki-hba1c';
import { STATIN_PATIENTS } from './scenarios-statin';
import { VTE_OPIOID_PATIENTS } from './scenarios-vte-opioid';
import type { PatientSpec } from './spec';

export const SCENARIO_PATIENTS: PatientSpec[] = [
  ...VTE_OPIOID_PATIENTS,
  ...AKI_HBA1C_PATIENTS,
  ...STATIN_PATIENTS,
];
