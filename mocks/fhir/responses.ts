import { HttpResponse } from 'msw';

/** An OperationOutcome error response, as a FHIR server sends one. */
export function outcome(
  status: number,
  code: string,
  diagnostics: string,
  headers: Record<string, string> = {},
) {
  return HttpResponse.json(
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] },
    { status, headers: { 'Content-Type': 'application/fhir+json', ...headers } },
  );
}

export function fhirJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
  });
}
