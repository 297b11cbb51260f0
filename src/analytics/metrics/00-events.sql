-- The events every metric counts (a table, not a view: every metric reads it, so it is built once): the flat table with each event id kept once (the NDJSON and CDS
-- feedback sinks deliver at least once, so a lost answer leaves a duplicate line), the clinician's
-- role joined from `roles` (practitioner, role; 'unknown' when absent), and no NULL in a dimension.
-- Only the event types of this version (src/telemetry/event.ts, checked by a test): a newer app's
-- types would add clinician-shifts, encounters and sessions no metric here defines them for.
-- Portable SQL: DuckDB, PostgreSQL (PGlite) and Spark SQL run it unchanged.
CREATE TABLE events AS
SELECT
  f.event_id,
  f.event_type,
  f.at_ms,
  f.month,
  f.session,
  f.practitioner,
  f.encounter,
  COALESCE(f.unit, 'unknown') AS unit,
  COALESCE(r.role, 'unknown') AS role,
  COALESCE(f.rule, '(none)') AS rule,
  f.card,
  f.override_code,
  f.visible_ms,
  f.measure,
  f.dropped_count,
  f.dropped_reason,
  f.dropped_sink,
  f.dropped_from,
  f.dropped_to
FROM (
  SELECT flat.*, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY at_ms) AS copy_number
  FROM flat
  WHERE event_id IS NOT NULL AND at_ms IS NOT NULL AND event_type IN ('session-started', 'card-shown',
    'card-expanded', 'link-opened', 'suggestion-accepted', 'card-overridden', 'card-snoozed',
    'card-dismissed', 'feedback-viewed', 'feedback-drilldown', 'session-ended', 'events-dropped')
) f
LEFT JOIN roles r ON r.practitioner = f.practitioner
WHERE f.copy_number = 1;
