/**
 * The starter measures: one per starter rule plus a patient-reported outcome, each defined by a CQL
 * library of `src/measures/cql/`. This file is the data the build turns into FHIR `Measure` resources
 * (title, scoring, improvement notation, rationale, citations, populations); the logic is in the CQL.
 *
 * @example
 * const vte = OUTCOME_MEASURES.find((m) => m.id === 'vte-prophylaxis');
 */

export const MEASURE_BASE = 'https://learning-loop.example.org/fhir';
export const MEASURE_VERSION = '1.0.0';

export type PopulationCode =
  'initial-population' | 'denominator' | 'denominator-exclusion' | 'denominator-exception' | 'numerator';

/** The CQL define each population reads; every starter library names them alike. */
export const POPULATION_CRITERIA: Record<PopulationCode, string> = {
  'initial-population': 'Initial Population',
  denominator: 'Denominator',
  'denominator-exclusion': 'Denominator Exclusion',
  'denominator-exception': 'Denominator Exception',
  numerator: 'Numerator',
};

export interface Citation {
  label: string;
  citation: string;
  url: string;
}

export interface OutcomeMeasure {
  /** Measure.id and the last part of its canonical URL. */
  id: string;
  title: string;
  /** The CQL library (file name without `.cql`). */
  library: string;
  /** `increase`: a higher rate is better; `decrease`: a lower one is. */
  improvementNotation: 'increase' | 'decrease';
  /** process or outcome (Measure.type), patient-reported outcomes are `PRO`. */
  type: 'process' | 'outcome' | 'PRO';
  populations: PopulationCode[];
  description: string;
  rationale: string;
  /** The guideline line the measure follows, quoted or paraphrased with its source. */
  guideline: string;
  citations: Citation[];
  /** The starter rule (PlanDefinition id) whose prompt this measure follows up. */
  rule?: string;
}

const CDC_2022: Citation = {
  label: 'CDC 2022 opioid guideline',
  citation:
    'Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice Guideline for Prescribing Opioids for Pain. MMWR Recomm Rep 2022;71(No. RR-3):1-95.',
  url: 'https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm',
};

const BASIC: PopulationCode[] = ['initial-population', 'denominator', 'denominator-exclusion', 'numerator'];

export const OUTCOME_MEASURES: OutcomeMeasure[] = [
  {
    id: 'vte-prophylaxis',
    title: 'VTE prophylaxis within 24 hours of admission for medical inpatients at risk',
    library: 'VTEProphylaxisMeasure',
    improvementNotation: 'increase',
    type: 'process',
    populations: BASIC,
    description:
      'Adult inpatients admitted in the period with a Padua Prediction Score of 4 or more who had pharmacological or mechanical VTE prophylaxis ordered within 24 hours of admission.',
    rationale:
      'Hospital-acquired VTE is a leading preventable cause of death in hospital; electronic alerts raised prophylaxis from 14.5% to 33.5% and cut 90-day VTE from 8.2% to 4.9% (Kucher 2005).',
    guideline:
      'ASH 2018, recommendation 1: for acutely ill medical patients, pharmacological VTE prophylaxis (UFH, LMWH or fondaparinux) over none; mechanical prophylaxis when anticoagulants are not used.',
    citations: [
      {
        label: 'ASH 2018 VTE guideline',
        citation:
          'Schünemann HJ et al. American Society of Hematology 2018 guidelines for management of venous thromboembolism: prophylaxis for hospitalized and nonhospitalized medical patients. Blood Adv 2018;2(22):3198-3225.',
        url: 'https://doi.org/10.1182/bloodadvances.2018022954',
      },
      {
        label: 'Kucher, NEJM 2005',
        citation:
          'Kucher N et al. Electronic alerts to prevent venous thromboembolism among hospitalized patients. N Engl J Med 2005;352:969-977.',
        url: 'https://doi.org/10.1056/NEJMoa041533',
      },
    ],
    rule: 'vte',
  },
  {
    id: 'naloxone-coprescribing',
    title: 'Naloxone co-prescribed with opioids at 50 MME/day or more',
    library: 'NaloxoneCoPrescribing',
    improvementNotation: 'increase',
    type: 'process',
    populations: BASIC,
    description:
      'Patients whose opioid orders of a day reached 50 MME/day or more in the period, who had an opioid antagonist ordered from 30 days before to 1 day after.',
    rationale:
      'Overdose risk rises with daily dose; naloxone in hand reverses an overdose, and co-prescribing is recommended from 50 MME/day.',
    guideline:
      'CDC 2022, recommendation 8: offer naloxone when factors increase the risk of overdose, such as a dosage of 50 MME/day or more, or concurrent benzodiazepine use.',
    citations: [CDC_2022],
    rule: 'naloxone',
  },
  {
    id: 'hba1c-poor-control',
    title: 'Diabetes: HbA1c above 9% or not measured',
    library: 'DiabetesHbA1cPoorControl',
    improvementNotation: 'decrease',
    type: 'outcome',
    populations: BASIC,
    description:
      'Patients aged 18 to 75 with diabetes seen in the period whose latest HbA1c of the past 12 months is above 9.0%, or who have none (inverse measure: lower is better).',
    rationale:
      'An HbA1c above 9% marks poor glycaemic control, with higher risk of micro- and macrovascular complications; a missing test is counted as poor control, as CMS122 does.',
    guideline:
      'ADA Standards of Care 2025, section 6: an HbA1c goal below 7% for many adults, assessed at least twice a year (quarterly when not at goal); CMS122 counts above 9% or missing.',
    citations: [
      {
        label: 'ADA Standards of Care 2025',
        citation:
          'American Diabetes Association Professional Practice Committee. 6. Glycemic Goals and Hypoglycemia: Standards of Care in Diabetes-2025. Diabetes Care 2025;48(Suppl 1):S128-S145.',
        url: 'https://doi.org/10.2337/dc25-S006',
      },
      {
        label: 'CMS122',
        citation:
          'CMS122v12: Diabetes: Glycemic Status Assessment Greater Than 9%. eCQI Resource Center, 2024.',
        url: 'https://ecqi.healthit.gov/ecqm/ec/2024/cms0122v12',
      },
    ],
    rule: 'hba1c',
  },
  {
    id: 'statin-primary-prevention',
    title: 'Statin for primary prevention in adults at 10% or more 10-year ASCVD risk',
    library: 'StatinPrimaryPreventionMeasure',
    improvementNotation: 'increase',
    type: 'process',
    populations: [...BASIC, 'denominator-exception'],
    description:
      'Adults aged 40 to 75 seen in the period, without ASCVD, with a risk factor and a 10-year ASCVD risk of 10% or more, who had a statin ordered or in force.',
    rationale:
      'In adults with risk factors and a 10-year risk of 10% or more, statins reduce cardiovascular events and all-cause mortality.',
    guideline:
      'USPSTF 2022 (grade B): prescribe a statin for adults aged 40 to 75 with one or more CVD risk factors and an estimated 10-year CVD risk of 10% or greater.',
    citations: [
      {
        label: 'USPSTF 2022 statins',
        citation:
          'US Preventive Services Task Force. Statin Use for the Primary Prevention of Cardiovascular Disease in Adults. JAMA 2022;328(8):746-753.',
        url: 'https://www.uspreventiveservicestaskforce.org/uspstf/recommendation/statin-use-in-adults-preventive-medication',
      },
      {
        label: 'Pooled cohort equations',
        citation:
          'Goff DC Jr et al. 2013 ACC/AHA guideline on the assessment of cardiovascular risk. Circulation 2014;129(25 Suppl 2):S49-S73.',
        url: 'https://doi.org/10.1161/01.cir.0000437741.48606.98',
      },
    ],
    rule: 'statin',
  },
  {
    id: 'nephrotoxin-aki',
    title: 'Acute kidney injury among inpatients given a nephrotoxic medication',
    library: 'NephrotoxinAKIMeasure',
    improvementNotation: 'decrease',
    type: 'outcome',
    populations: BASIC,
    description:
      'Adult inpatients who started a nephrotoxic medication in the period, with a creatinine baseline, who met the KDIGO creatinine criterion for AKI within 7 days (inverse measure: lower is better).',
    rationale:
      'Nephrotoxic medications cause a large share of hospital AKI; systematic creatinine monitoring and review of nephrotoxins reduced exposure and AKI (NINJA).',
    guideline:
      'KDIGO 2012, 2.1.1: AKI is a rise in serum creatinine of 0.3 mg/dL or more within 48 hours, or to 1.5 times baseline or more within the prior 7 days.',
    citations: [
      {
        label: 'KDIGO 2012 AKI guideline',
        citation:
          'Kidney Disease: Improving Global Outcomes (KDIGO) Acute Kidney Injury Work Group. KDIGO Clinical Practice Guideline for Acute Kidney Injury. Kidney Int Suppl 2012;2:1-138.',
        url: 'https://kdigo.org/guidelines/acute-kidney-injury/',
      },
      {
        label: 'NINJA, Pediatrics 2013',
        citation:
          'Goldstein SL et al. Electronic health record identification of nephrotoxin exposure and associated acute kidney injury. Pediatrics 2013;132(3):e756-e767.',
        url: 'https://doi.org/10.1542/peds.2013-0794',
      },
    ],
    rule: 'aki',
  },
  {
    id: 'peg-opioid-outcome',
    title: 'Pain and function (PEG) not improved by 30% three months after starting an opioid',
    library: 'PEGOpioidOutcome',
    improvementNotation: 'decrease',
    type: 'PRO',
    populations: ['initial-population', 'denominator', 'numerator'],
    description:
      'Patients with a PEG score 60 to 120 days after an opioid start and a baseline PEG, whose follow-up score is not at least 30% below baseline (inverse measure: lower is better).',
    rationale:
      'Opioids should continue only when they bring a clinically meaningful improvement in pain and function; the PEG is a validated 3-item patient-reported scale for tracking both.',
    guideline:
      'CDC 2022, recommendation 7: evaluate benefits and risks within 1 to 4 weeks of starting opioids and regularly after; continue only with clinically meaningful improvement (about 30%) in pain and function.',
    citations: [
      CDC_2022,
      {
        label: 'Krebs 2009, the PEG scale',
        citation:
          'Krebs EE et al. Development and initial validation of the PEG, a three-item scale assessing pain intensity and interference. J Gen Intern Med 2009;24(6):733-738.',
        url: 'https://doi.org/10.1007/s11606-009-0981-1',
      },
    ],
    rule: 'opioid-mme',
  },
];

/** The measure of this id, or an error naming the ids that exist. */
export function outcomeMeasure(id: string): OutcomeMeasure {
  const found = OUTCOME_MEASURES.find((m) => m.id === id);
  if (!found) throw new Error(`no measure '${id}' (known: ${OUTCOME_MEASURES.map((m) => m.id).join(', ')})`);
  return found;
}

/** The canonical URL of a measure. */
export const measureUrl = (id: string): string => `${MEASURE_BASE}/Measure/${id}`;
