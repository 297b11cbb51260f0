/**
 * The one normal form of a FHIR base URL (`iss`), used wherever the app compares or keys by it: the
 * allow-list, the `aud` of the authorize request, the session, the outbox, the snoozes and the sinks'
 * Web Locks. A trailing slash, an upper-case host or an explicit default port must not make one EHR
 * look like two (two outboxes, two snooze stores) or let a variant pass one check and fail another.
 *
 * @example normalIss('HTTPS://EHR.example.org:443/fhir/R4/') // 'https://ehr.example.org/fhir/R4'
 */
export function normalIss(iss: string): string {
  let url: URL;
  try {
    url = new URL(iss.trim());
  } catch {
    return iss.trim().replace(/\/+$/, '');
  }
  // URL lower-cases scheme and host and drops a default port; the path keeps its case (servers differ).
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}${url.hash}`;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http only on this machine (a local FHIR server during development). */
export function isAllowedServerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password || url.search || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}
