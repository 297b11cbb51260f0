-- Alerts per clinician per shift: cards shown (card-shown events) divided by clinician-shifts (a
-- clinician with at least one event in a shift; day 07:00-19:00 UTC, night 19:00-07:00, as the flat
-- table's `shift` text in flat.ts). A shift is numbered here from the time itself: twelve-hour
-- periods counted from 07:00 UTC, 1970-01-01 (no text to build for each of millions of events).
-- A mean, not a proportion: no Wilson interval. By rule, the denominator is still every clinician-shift.
-- A shift's unit, role and month are those of its events (the smallest when they differ).
-- Each shift counts its own cards shown as it is grouped, and the count by rule needs no shift at
-- all (every card shown with a clinician is in one of that clinician's shifts): joining every event
-- back to its shift cost 9 of 43 s of CPU at ten million events.
WITH shifts AS (
  SELECT practitioner, FLOOR((at_ms - 25200000) / 43200000.0) AS shift,
    MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month,
    COUNT(CASE WHEN event_type = 'card-shown' THEN 1 END) AS shown
  FROM events WHERE practitioner IS NOT NULL
  GROUP BY practitioner, FLOOR((at_ms - 25200000) / 43200000.0)
),
by_shift AS (
  SELECT
    CASE WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(role) = 0 THEN 'role'
         WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(unit) = 0 THEN unit WHEN GROUPING(role) = 0 THEN role
         WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    SUM(shown) AS numerator,
    COUNT(*) AS denominator
  FROM shifts
  GROUP BY GROUPING SETS ((), (unit), (role), (month))
),
by_rule AS (
  SELECT rule, COUNT(*) AS numerator
  FROM events WHERE practitioner IS NOT NULL AND event_type = 'card-shown'
  GROUP BY rule
)
SELECT 'alerts_per_clinician_shift' AS metric, d.dimension, d.dimension_value, d.numerator, d.denominator
FROM by_shift d
UNION ALL
-- By rule, the denominator is every one of them, whichever rules fired.
SELECT 'alerts_per_clinician_shift' AS metric, 'rule' AS dimension, r.rule AS dimension_value, r.numerator, d.denominator
FROM by_rule r
CROSS JOIN by_shift d
WHERE d.dimension = 'all'
