-- DuckDB's own way to the `events` table every metric reads: the same rows as metrics/00-events.sql
-- (the portable definition, from the flat table; PostgreSQL and Spark run that one), built without
-- keeping the flat table: each input's flat rows go straight into `events`, then lines that are not
-- events are counted and dropped, then later copies of an event id are deleted in place. Only ids
-- seen more than once (about 1% of lines) are ranked, where a window over every row cost four times
-- as much; an id is a UUID (the canonical event requires one), 16 bytes instead of a 36-byte string.
-- Sessions and cards are only grouped by, never shown, so they are UUIDs too: the app's are UUIDs, and
-- any other text (a remote service's card id) becomes the UUID of its MD5, which no second text meets
-- by chance. Grouping fixed-size keys made the load, the duplicates, repeats and feedback engagement
-- 5 of 35 s cheaper at ten million events. Like event ids, every spelling the cast reads as one UUID
-- (upper case, hyphens left out or moved, braces) is one session or card here.
-- A test checks both definitions give the same rows. Steps are run in order by engines/duckdb-load.ts.

-- step: create
CREATE TABLE events (
  event_id UUID, event_type VARCHAR, at_ms BIGINT, month VARCHAR, session UUID,
  practitioner VARCHAR, encounter VARCHAR, unit VARCHAR, role VARCHAR, rule VARCHAR, card UUID,
  override_code VARCHAR, visible_ms BIGINT, measure VARCHAR, dropped_count BIGINT, dropped_reason VARCHAR,
  dropped_sink VARCHAR, dropped_from VARCHAR, dropped_to VARCHAR
);

-- step: insert (once per input file; {{flat}} is a query giving the flat table's columns)
INSERT INTO events
SELECT
  TRY_CAST(f.event_id AS UUID),
  f.event_type,
  f.at_ms,
  f.month,
  COALESCE(TRY_CAST(f.session AS UUID), CAST(md5(f.session) AS UUID)),
  f.practitioner,
  f.encounter,
  COALESCE(f.unit, 'unknown'),
  COALESCE(r.role, 'unknown'),
  COALESCE(f.rule, '(none)'),
  COALESCE(TRY_CAST(f.card AS UUID), CAST(md5(f.card) AS UUID)),
  f.override_code,
  f.visible_ms,
  f.measure,
  f.dropped_count,
  f.dropped_reason,
  f.dropped_sink,
  f.dropped_from,
  f.dropped_to
FROM ({{flat}}) f
LEFT JOIN roles r ON r.practitioner = f.practitioner;

-- step: drop unreadable (after each insert: its count is that file's skipped lines)
DELETE FROM events WHERE event_id IS NULL OR event_type IS NULL OR at_ms IS NULL;

-- step: dedupe (once, after every file: a duplicate may come in another file). Candidates are found
-- by a 64-bit hash of the id (a smaller table to group than the ids themselves: ten million of
-- them), then ranked by the id itself, so a hash collision costs time, never an event.
DELETE FROM events WHERE rowid IN (
  SELECT rowid FROM (
    SELECT rowid, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY at_ms) AS copy_number
    FROM events
    WHERE hash(event_id) IN (SELECT hash(event_id) AS h FROM events GROUP BY h HAVING COUNT(*) > 1)
  ) WHERE copy_number > 1
);
