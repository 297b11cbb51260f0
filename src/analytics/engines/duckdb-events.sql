-- DuckDB's own way to the `events` table every metric reads: the same rows as metrics/00-events.sql
-- (the portable definition, from the flat table; PostgreSQL and Spark run that one), built without
-- keeping the flat table: each input's flat rows go straight into `events`, then lines that are not
-- events are counted and dropped, then later copies of an event id are deleted in place. Only ids
-- seen more than once (about 1% of lines) are ranked, where a window over every row cost four times
-- as much; an id is a UUID (the canonical event requires one), 16 bytes instead of a 36-byte string.
-- Sessions and cards are only grouped by, never shown, so they are kept as the 128-bit number of
-- their MD5 (md5_number), which no second text meets by chance: fixed-size keys made the load, the
-- duplicates, repeats and feedback engagement 5 of 35 s cheaper at ten million events than text, and
-- hashing costs half of what the cast to UUID did (0.13 against 0.25 s of CPU a million), and groups
-- exactly as the text does, as PostgreSQL's portable definition does.
-- Role, unit, rule and clinician, the dimensions every metric groups by and takes the MIN of, are
-- ENUMs (a small integer each, values in text order, so MIN and every comparison agree with text):
-- grouping and comparing integers instead of strings made the metrics of a million events take
-- 0.55 s instead of 0.95 s. Roles are known before the first insert; units, rules and clinicians only
-- once every file is in, so their columns are converted then (0.1 s at a million events), unless
-- there are so many values (a unit per event, say) that the conversion would cost more than it saves.
-- Each event's role is set once the duplicates are gone, by an UPDATE joining `roles`, not joined as
-- each file is read: a join in the read cost 0.2 s of a million events' 1.2 s (2 s at ten million),
-- the update 0.04 (0.5).
-- Months are stored as a number of months (year * 12 + month - 1) and become an ENUM of their texts
-- once every file is in (step "months"): a string column costs DuckDB about a second per ten million
-- values to store, the conversion of a number 0.4 s.
-- Event types are an ENUM of this version's types (src/telemetry/event.ts), and '' for a type it does
-- not know ('' is no type: the readers read an empty one as none): 1.0 s of the ten-million load.
-- What is rare is one JSON text, `rare`, empty for nearly every event: the five fields of the log's
-- record of a gap (events-dropped, a handful in a million) and the name of an unknown type. Five
-- columns empty nearly everywhere cost 1.1 s of the ten-million load in the scratch file. The step
-- "portable" gives them back as the portable definition's columns.
-- A test checks both definitions give the same rows. Steps are run in order by engines/duckdb-load.ts.

-- step: create (after the roles are loaded: their names are the role type's values; {{event_types}}
-- is the list of this version's types)
CREATE TYPE event_type_name AS ENUM ('', {{event_types}});
CREATE TYPE role_name AS ENUM (
  SELECT DISTINCT role FROM (SELECT role FROM roles UNION ALL SELECT 'unknown') WHERE role IS NOT NULL
  ORDER BY role
);
CREATE TABLE events (
  event_id UUID, event_type event_type_name, at_ms BIGINT, month INTEGER, session UHUGEINT,
  practitioner VARCHAR, encounter VARCHAR, unit VARCHAR, role role_name, rule VARCHAR, card UHUGEINT,
  override_code VARCHAR, visible_ms BIGINT, measure VARCHAR, rare VARCHAR
);

-- step: insert (once per input file; {{flat}} is a query giving the flat table's columns)
INSERT INTO events
SELECT
  TRY_CAST(f.event_id AS UUID),
  COALESCE(TRY_CAST(NULLIF(f.event_type, '') AS event_type_name),
    CASE WHEN f.event_type IS NOT NULL THEN CAST('' AS event_type_name) END),
  f.at_ms,
  CAST(substr(f.month, 1, 4) AS INTEGER) * 12 + CAST(substr(f.month, 6, 2) AS INTEGER) - 1,
  md5_number(f.session),
  f.practitioner,
  f.encounter,
  COALESCE(f.unit, 'unknown'),
  CAST('unknown' AS role_name),
  COALESCE(f.rule, '(none)'),
  md5_number(f.card),
  f.override_code,
  f.visible_ms,
  f.measure,
  CASE WHEN f.dropped_count IS NOT NULL OR f.dropped_reason IS NOT NULL OR f.dropped_sink IS NOT NULL
    OR f.dropped_from IS NOT NULL OR f.dropped_to IS NOT NULL
    OR (f.event_type IS NOT NULL AND TRY_CAST(NULLIF(f.event_type, '') AS event_type_name) IS NULL)
  THEN to_json({'type': CASE WHEN TRY_CAST(NULLIF(f.event_type, '') AS event_type_name) IS NULL THEN f.event_type END,
    'count': f.dropped_count, 'reason': f.dropped_reason, 'sink': f.dropped_sink,
    'from': f.dropped_from, 'to': f.dropped_to}) END
FROM ({{flat}}) f;

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

-- step: roles (once, after the duplicates and before the dimensions: `practitioner` is still text)
UPDATE events SET role = CAST(r.role AS role_name) FROM roles r WHERE r.practitioner = events.practitioner;

-- step: months (once, after the duplicates, when any event is left: DuckDB takes no ENUM of no value)
CREATE TEMP TABLE month_values AS SELECT DISTINCT month AS m FROM events WHERE month IS NOT NULL;
CREATE TYPE month_name AS ENUM (SELECT printf('%04d-%02d', m // 12, m % 12 + 1) FROM month_values ORDER BY m);

-- step: months-by-list (then, when the first and the last month are at most 200 years apart): each
-- number's text looked up in a list from the first month to the last (a month no event has is empty
-- there), 0.2 s for ten million events where formatting each row's text took 1.7 s. The lookup costs
-- grow with the list, so a wider span (a mistyped year) takes the step below. Rows deleted before are
-- converted too, hence the bounds.
SET VARIABLE first_month = (SELECT min(m) FROM month_values);
SET VARIABLE month_names = (
  SELECT list(CAST(printf('%04d-%02d', v.m // 12, v.m % 12 + 1) AS month_name) ORDER BY r.i)
  FROM range((SELECT min(m) FROM month_values), (SELECT max(m) + 1 FROM month_values)) r(i)
  LEFT JOIN month_values v ON v.m = r.i
);
ALTER TABLE events ALTER month TYPE month_name USING CASE
  WHEN month >= getvariable('first_month') AND month < getvariable('first_month') + len(getvariable('month_names'))
  THEN getvariable('month_names')[month - getvariable('first_month') + 1] END;
DROP TABLE month_values;

-- step: months-by-text (instead, for a wider span): each row's text formatted and cast.
ALTER TABLE events ALTER month TYPE month_name USING TRY_CAST(printf('%04d-%02d', month // 12, month % 12 + 1) AS month_name);
DROP TABLE month_values;

-- step: dimension-values (once per column, after the duplicates; {{column}} is its name). A column
-- with a NUL character in a value stays text: DuckDB 1.5 fails a window partitioned by such an ENUM
-- ("unterminated quoted string"), and the Node API cuts an ENUM value at its NUL.
CREATE TEMP TABLE {{column}}_values AS SELECT DISTINCT {{column}} AS v FROM events WHERE {{column}} IS NOT NULL;
SELECT count(*) AS count, count(*) FILTER (WHERE contains(v, chr(0))) AS with_nul FROM {{column}}_values;

-- step: dimension (for a column of few enough values): an ENUM of them. The conversion also meets
-- the rows deleted before it (DuckDB converts them too), whose values may be in no row left, hence
-- TRY_CAST: every row left has its value in the type.
CREATE TYPE {{column}}_name AS ENUM (SELECT v FROM {{column}}_values ORDER BY v);
ALTER TABLE events ALTER {{column}} TYPE {{column}}_name USING TRY_CAST({{column}} AS {{column}}_name);

-- step: portable (a query, not a statement: `events` with the portable definition's columns, for
-- gaps.ts and the test that compares the two definitions)
SELECT * EXCLUDE (rare) REPLACE (
    CASE WHEN event_type = '' THEN json_extract_string(rare, '$.type') ELSE CAST(event_type AS VARCHAR) END AS event_type),
  CAST(json_extract_string(rare, '$.count') AS BIGINT) AS dropped_count,
  json_extract_string(rare, '$.reason') AS dropped_reason,
  json_extract_string(rare, '$.sink') AS dropped_sink,
  json_extract_string(rare, '$.from') AS dropped_from,
  json_extract_string(rare, '$.to') AS dropped_to
FROM events
