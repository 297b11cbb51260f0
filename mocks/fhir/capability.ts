/** The mock server's CapabilityStatement: what it really supports, so clients can check. */
export function capabilityStatement() {
  const types = [
    'Patient',
    'Encounter',
    'Location',
    'Practitioner',
    'PractitionerRole',
    'Observation',
    'Condition',
    'MedicationRequest',
    'Medication',
    'Procedure',
    'ServiceRequest',
    'AuditEvent',
    'Measure',
    'MeasureReport',
    'Group',
  ];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    kind: 'instance',
    date: '2026-01-01',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          extension: [],
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
        },
        resource: types.map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
          conditionalCreate: true,
          searchInclude: [
            'Encounter:location',
            'Location:partof',
            'PractitionerRole:location',
            'PractitionerRole:practitioner',
          ],
        })),
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
      },
    ],
  };
}
