-- Override reason mix: of the overrides (card-overridden events), the share with each reason code
-- (category). Numerator: overrides with that reason; denominator: all overrides in the group.
WITH overrides AS (
  SELECT event_id, rule, unit, role, month, COALESCE(override_code, '(none)') AS reason
  FROM events WHERE event_type = 'card-overridden'
),
reasons AS (SELECT DISTINCT reason AS category FROM overrides),
grid AS (
  SELECT o.event_id, o.rule, o.unit, o.role, o.month, c.category, CASE WHEN o.reason = c.category THEN 1 ELSE 0 END AS hit
  FROM overrides o CROSS JOIN reasons c
)
SELECT
  'override_reason' AS metric,
  CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  category,
  SUM(hit) AS numerator,
  COUNT(DISTINCT event_id) AS denominator
FROM grid
GROUP BY GROUPING SETS ((category), (category, rule), (category, unit), (category, role), (category, month))
