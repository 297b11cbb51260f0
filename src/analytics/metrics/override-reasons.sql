-- Override reason mix: of the overrides (card-overridden events), the share with each reason code
-- (category). Numerator: overrides with that reason; denominator: all overrides in the group.
WITH overrides AS (
  SELECT rule, unit, role, month, COALESCE(override_code, '(none)') AS category
  FROM events WHERE event_type = 'card-overridden'
),
numerators AS (
  SELECT
    CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
         WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
         WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    category,
    COUNT(*) AS numerator
  FROM overrides
  GROUP BY GROUPING SETS ((category), (category, rule), (category, unit), (category, role), (category, month))
),
denominators AS (
  SELECT
    CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
         WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
         WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    COUNT(*) AS denominator
  FROM overrides
  GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
)
SELECT 'override_reason' AS metric, d.dimension, d.dimension_value, c.category, COALESCE(n.numerator, 0) AS numerator, d.denominator
FROM denominators d
CROSS JOIN (SELECT DISTINCT category FROM overrides) c
LEFT JOIN numerators n
  ON n.dimension = d.dimension AND n.dimension_value = d.dimension_value AND n.category = c.category
