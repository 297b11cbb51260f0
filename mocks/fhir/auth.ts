import { HttpResponse } from 'msw';
import { canCreate, canRead } from '../../src/launch/scopes';
import { decodeHandle, type SimToken } from '../sim-constants';
import { outcome } from './responses';

/**
 * Checks the bearer token of a FHIR request and applies the simulated failure it carries.
 * Returns the response to send instead, or the token when the request may go on.
 */
export function authorizeRequest(
  request: Request,
  type: string,
  write: boolean,
  now: number,
): Response | SimToken {
  const header = request.headers.get('Authorization') ?? '';
  const token = header.startsWith('Bearer ') ? decodeHandle<SimToken>(header.slice(7)) : undefined;
  if (!token || token.kind !== 'access' || token.exp < now) {
    return outcome(401, 'login', 'Missing, invalid or expired access token', {
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
  }
  const error = token.launch.error;
  if (error === 'token-expired' && token.generation === 0) {
    return outcome(401, 'expired', 'Simulated: the access token has expired', {
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
  }
  if (error === 'fhir-down') return HttpResponse.error();
  if (error === 'fhir-500') return outcome(500, 'exception', 'Simulated: internal server error');
  if (error === 'fhir-429')
    return outcome(429, 'throttled', 'Simulated: too many requests', { 'Retry-After': '30' });
  if (error === 'fhir-403') return outcome(403, 'forbidden', 'Simulated: access denied by the EHR');
  // A batch or transaction needs only a valid token: each entry is checked against the scopes.
  if (type === 'Bundle') return token;
  const scopes = token.scope.split(' ');
  const allowed = write ? canCreate(scopes, type) : canRead(scopes, type);
  if (!allowed)
    return outcome(
      403,
      'forbidden',
      `The granted scopes do not allow ${write ? 'writing' : 'reading'} ${type}`,
    );
  return token;
}
