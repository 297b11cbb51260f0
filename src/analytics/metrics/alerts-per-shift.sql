-- Alerts per clinician per shift: cards shown (card-shown events) divided by clinician-shifts (a
-- clinician with at least one event in a shift; day 07:00-19:00 UTC, night 19:00-07:00, as the flat
-- table's `shift` text in flat.ts). A shift is numbered here from the time itself: twelve-hour
-- periods counted from 07:00 UTC, 1970-01-01 (no text to build for each of millions of events).
-- A mean, not a proportion: no Wilson interval. By rule, the denominator is still every clinician-shift.
-- A shift's unit, role and month are those of its events (the smallest when they differ).
WITH numbered AS (
  SELECT practitioner, event_type, rule, unit, role, month, FLOOR((at_ms - 25200000) / 43200000.0) AS shift
  FROM events WHERE practitioner IS NOT NULL
),
shifts AS (
  SELECT practitioner, shift, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month
  FROM numbered GROUP BY practitioner, shift
),
shown AS (
  SELECT e.rule, s.unit, s.role, s.month
  FROM numbered e JOIN shifts s ON s.practitioner = e.practitioner AND s.shift = e.shift
  WHERE e.event_type = 'card-shown'
),
rules AS (SELECT DISTINCT rule FROM shown),
numerators AS (
  SELECT
    CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
         WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
         WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    COUNT(*) AS numerator
  FROM shown
  GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
),
denominators AS (
  SELECT
    CASE WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(role) = 0 THEN 'role'
         WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(unit) = 0 THEN unit WHEN GROUPING(role) = 0 THEN role
         WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    COUNT(*) AS denominator
  FROM shifts
  GROUP BY GROUPING SETS ((), (unit), (role), (month))
)
SELECT 'alerts_per_clinician_shift' AS metric, d.dimension, d.dimension_value, COALESCE(n.numerator, 0) AS numerator, d.denominator
FROM denominators d
LEFT JOIN numerators n ON n.dimension = d.dimension AND n.dimension_value = d.dimension_value
UNION ALL
-- By rule, the denominator is every one of them, whichever rules fired.
SELECT 'alerts_per_clinician_shift' AS metric, 'rule' AS dimension, r.rule AS dimension_value, COALESCE(n.numerator, 0) AS numerator, d.denominator
FROM rules r
CROSS JOIN denominators d
LEFT JOIN numerators n ON n.dimension = 'rule' AND n.dimension_value = r.rule
WHERE d.dimension = 'all'
