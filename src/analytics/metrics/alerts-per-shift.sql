-- Alerts per clinician per shift: cards shown (card-shown events) divided by clinician-shifts (a
-- clinician with at least one event in a shift; day 07:00-19:00 UTC, night 19:00-07:00, see flat.ts).
-- A mean, not a proportion: no Wilson interval. By rule, the denominator is still every clinician-shift.
-- A shift's unit, role and month are those of its events (the smallest when they differ).
WITH shifts AS (
  SELECT practitioner, shift, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month
  FROM events WHERE practitioner IS NOT NULL GROUP BY practitioner, shift
),
shown AS (
  SELECT e.rule, s.unit, s.role, s.month
  FROM events e JOIN shifts s ON s.practitioner = e.practitioner AND s.shift = e.shift
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
