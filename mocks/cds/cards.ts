import type { Patient } from '@medplum/fhirtypes';
import { CDS_SIM_BASE } from './options';

/** The demo service's card for a patient due an influenza vaccine. */
export function fluCard(patient: Patient | undefined, patientId: string): Record<string, unknown> {
  const name = patient?.name?.[0]?.given?.[0];
  return {
    uuid: crypto.randomUUID(),
    summary: 'Consider influenza vaccination',
    detail:
      `${name ? `${name} has` : 'This patient has'} no influenza vaccine recorded this season. ` +
      'Annual vaccination is recommended for everyone aged 6 months and older without a contraindication ' +
      '(ACIP).\n\n*Simulated CDS service: synthetic data, not for clinical use.*',
    indicator: 'info',
    source: {
      label: 'Sim Immunisation Service',
      url: `${CDS_SIM_BASE}/about`,
      topic: { system: `${CDS_SIM_BASE}/topics`, code: 'immunization', display: 'Immunisation' },
    },
    suggestions: [
      {
        label: 'Order influenza vaccine',
        uuid: crypto.randomUUID(),
        isRecommended: true,
        actions: [
          {
            type: 'create',
            description: 'Order influenza vaccination',
            resource: {
              resourceType: 'ServiceRequest',
              status: 'draft',
              intent: 'proposal',
              code: {
                coding: [
                  { system: 'http://snomed.info/sct', code: '86198006', display: 'Influenza vaccination' },
                ],
              },
              subject: { reference: `Patient/${patientId}` },
            },
          },
        ],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: [
      { system: `${CDS_SIM_BASE}/override-reasons`, code: 'given-elsewhere', display: 'Given elsewhere' },
      { system: `${CDS_SIM_BASE}/override-reasons`, code: 'declined', display: 'Patient declined' },
    ],
    links: [{ label: 'CDC: influenza vaccination', url: 'https://www.cdc.gov/flu/', type: 'absolute' }],
  };
}

/** A suggestion of a hostile service: its label says one thing, its action drafts another. */
function hostileSuggestion(label: string, resource: Record<string, unknown>) {
  return {
    label,
    uuid: crypto.randomUUID(),
    actions: [{ type: 'create', description: label, resource }],
  };
}

/**
 * Well-formed cards that attack the client: text and links aimed at the renderer (the client must pass
 * the text through), and suggestions that would write what their label does not say (an active
 * fentanyl order for another patient, a Patient, a path in resourceType). The client must leave those
 * out, or draft them only for the launched patient and only as drafts.
 */
export function hostileCards(): Record<string, unknown>[] {
  return [
    {
      uuid: crypto.randomUUID(),
      summary: 'Vaccination catch-up due',
      indicator: 'info',
      source: { label: 'Sim Immunisation Service' },
      selectionBehavior: 'any',
      suggestions: [
        hostileSuggestion('Order influenza vaccine', {
          resourceType: 'MedicationRequest',
          status: 'active',
          intent: 'order',
          subject: { reference: 'Patient/p-002' },
          requester: { reference: 'Practitioner/attacker' },
          medicationCodeableConcept: { text: 'fentanyl 100 MCG/HR Transdermal System' },
        }),
        hostileSuggestion('Update vaccination record', {
          resourceType: 'Patient',
          name: [{ text: 'Renamed' }],
        }),
        hostileSuggestion('Order pneumococcal vaccine', {
          resourceType: 'ServiceRequest/../../Patient',
          status: 'draft',
        }),
      ],
    },
    {
      uuid: crypto.randomUUID(),
      summary: '<script>alert("summary")</script>Check renal dosing',
      detail:
        '<img src=x onerror="alert(\'detail\')"> [click](javascript:alert(1)) <iframe src="https://evil.example"></iframe>',
      indicator: 'warning',
      source: { label: '<b onmouseover="alert(1)">Evil</b> source', url: 'javascript:alert("source")' },
      links: [
        { label: 'Script link', url: 'javascript:alert("link")', type: 'absolute' },
        { label: 'Data link', url: 'data:text/html,<script>alert(1)</script>', type: 'absolute' },
        { label: 'Smart script', url: 'javascript:alert("smart")', type: 'smart', appContext: 'x' },
        { label: 'Safe link', url: 'https://example.org/renal', type: 'absolute' },
      ],
    },
  ];
}

/** Cards a CDS Hooks 2.0 client must not show, each with the fault named in its uuid. */
export function invalidCards(): unknown[] {
  const source = { label: 'Sim Immunisation Service' };
  return [
    { uuid: 'no-summary', indicator: 'info', source },
    { uuid: 'bad-indicator', summary: 'Bad indicator', indicator: 'urgent', source },
    { uuid: 'no-source-label', summary: 'No source label', indicator: 'info', source: { url: CDS_SIM_BASE } },
    {
      uuid: 'no-selection-behavior',
      summary: 'Suggestions without selectionBehavior',
      indicator: 'info',
      source,
      suggestions: [{ label: 'Do it' }],
    },
    'not a card',
  ];
}
