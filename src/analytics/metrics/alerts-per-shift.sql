-- Alerts per clinician per shift: cards shown (card-shown events) divided by clinician-shifts (a
-- clinician with at least one event in a shift; day 07:00-19:00 UTC, night 19:00-07:00, see flat.ts).
-- A mean, not a proportion: no Wilson interval. By rule, the denominator is still every clinician-shift.
WITH shifts AS (
  SELECT practitioner, shift, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month
  FROM events WHERE practitioner IS NOT NULL GROUP BY practitioner, shift
),
rules AS (SELECT DISTINCT rule FROM events WHERE event_type = 'card-shown'),
shown AS (
  SELECT practitioner, shift, rule, COUNT(*) AS n
  FROM events WHERE event_type = 'card-shown' AND practitioner IS NOT NULL
  GROUP BY practitioner, shift, rule
),
grid AS (
  SELECT s.practitioner, s.shift, s.unit, s.role, s.month, r.rule, COALESCE(x.n, 0) AS n
  FROM shifts s CROSS JOIN rules r
  LEFT JOIN shown x ON x.practitioner = s.practitioner AND x.shift = s.shift AND x.rule = r.rule
)
SELECT
  'alerts_per_clinician_shift' AS metric,
  CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  SUM(n) AS numerator,
  COUNT(DISTINCT practitioner || ' ' || shift) AS denominator
FROM grid
GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
