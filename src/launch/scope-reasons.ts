/**
 * Why Learning Loop asks for each scope: the one-line reasons of the registration kit
 * (`smart-launch/registration/README.md`), by `feature|context/Resource.access`, `feature|scope` or
 * `launch mode|scope`. Kept out of scopes.ts so the reasons never load in the browser: a test checks
 * that every scope the app can request has its reason here and a row in the registration kit.
 */
export const SCOPE_REASONS: Record<string, string> = {
  'ehr|launch': "Receive the EHR's current patient and encounter.",
  'ehr|online_access': 'Refresh the access token while the clinician is signed in, without a new launch.',
  'standalone|launch/patient': 'Ask the EHR to let the clinician pick a patient when opened outside a chart.',
  'standalone|online_access': 'Refresh the access token while the clinician is signed in.',
  'patient|patient/Patient.read':
    "Show the patient's name, age and sex, and confirm who the prompts are for.",
  'encounter|patient/Encounter.read':
    'Know whether the patient is an inpatient, since when, and where they lie.',
  'clinician|user/Practitioner.read':
    "Show who is signed in and attribute feedback to the clinician's own patients.",
  'clinician|user/PractitionerRole.read':
    "Know the clinician's role (prescriber, nurse, pharmacist), so a prompt offers orders only to those who may sign them.",
  'clinician|openid': 'Receive an id_token that names the signed-in clinician.',
  'clinician|fhirUser': "Put the clinician's FHIR resource (Practitioner) in the id_token.",
  'unit|patient/Encounter.read':
    "Find the bed or room the patient is in from the encounter's current location.",
  'unit|user/Location.read':
    'Walk from bed and room up to the ward, which unit-level rules and feedback use.',
  'unit|user/PractitionerRole.read':
    "Fall back to the clinician's own unit when the encounter has no location.",
  'prompts|patient/Observation.read':
    'Read the labs and vitals the rules use (HbA1c, creatinine, platelets, blood pressure, cholesterol).',
  'prompts|patient/Condition.read': 'Read the diagnoses the rules use (diabetes, cancer, heart failure).',
  'prompts|patient/MedicationRequest.read':
    'Read current medications: anticoagulants, opioids and their doses, nephrotoxins, statins.',
  'prompts|patient/Procedure.read':
    'Read the procedures the rules use to exclude or qualify a prompt (dialysis, coronary revascularisation, hospice care).',
  'orders|patient/MedicationRequest.create':
    'Place the drafted medication order when the clinician accepts a suggestion (e.g. enoxaparin, naloxone).',
  'orders|patient/ServiceRequest.create':
    'Place the drafted test order when the clinician accepts a suggestion (e.g. an HbA1c test).',
  'orders|patient/ServiceRequest.read':
    'Find the test orders Learning Loop drafted earlier that still await signature, so the card says so instead of asking again (medication drafts are read with the prompts scopes).',
  'events|user/AuditEvent.create':
    'Record each interaction with a prompt as an AuditEvent (only with the "fhir" telemetry sink).',
  'feedback|user/MeasureReport.read':
    "Read the clinician's, their unit's and their peers' monthly outcome reports, and the patient lists behind them.",
  'feedback|user/Measure.read': "Show each measure's title and which way is better (improvementNotation).",
  'feedback|user/Group.read':
    "Find the clinician's peer groups (same role) to compare with; their reports where chained search is missing.",
  'feedback|user/Patient.read':
    "Show names and MRNs of the clinician's own patients behind a number: not the patient in context, so user/.",
  'feedback|openid': 'Receive an id_token that names the signed-in clinician.',
  'feedback|fhirUser': "Know whose outcome reports to read: the feedback is the signed-in clinician's own.",
};
