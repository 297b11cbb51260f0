-- Override reason mix: of the overrides (card-overridden events), the share with each reason code
-- (category). Numerator: overrides with that reason; denominator: all overrides in the group.
-- Also per clinician and month (dimension 'practitioner', row_month): the process measures' reason
-- mix per clinician (src/measures/uptake.ts).
WITH overrides AS (
  SELECT rule, unit, role, month, COALESCE(practitioner, 'unknown') AS practitioner,
    COALESCE(override_code, '(none)') AS category
  FROM events WHERE event_type = 'card-overridden'
),
numerators AS (
  SELECT
    CASE WHEN GROUPING(practitioner) = 0 THEN 'practitioner' WHEN GROUPING(rule) = 0 THEN 'rule'
         WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(role) = 0 THEN 'role'
         WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(practitioner) = 0 THEN practitioner WHEN GROUPING(rule) = 0 THEN rule
         WHEN GROUPING(unit) = 0 THEN unit WHEN GROUPING(role) = 0 THEN role
         WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    CASE WHEN GROUPING(practitioner) = 0 THEN month ELSE '' END AS row_month,
    category,
    COUNT(*) AS numerator
  FROM overrides
  GROUP BY GROUPING SETS ((category), (category, rule), (category, unit), (category, role), (category, month),
    (category, practitioner, month))
),
denominators AS (
  SELECT
    CASE WHEN GROUPING(practitioner) = 0 THEN 'practitioner' WHEN GROUPING(rule) = 0 THEN 'rule'
         WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(role) = 0 THEN 'role'
         WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(practitioner) = 0 THEN practitioner WHEN GROUPING(rule) = 0 THEN rule
         WHEN GROUPING(unit) = 0 THEN unit WHEN GROUPING(role) = 0 THEN role
         WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    CASE WHEN GROUPING(practitioner) = 0 THEN month ELSE '' END AS row_month,
    COUNT(*) AS denominator
  FROM overrides
  GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month), (practitioner, month))
)
SELECT 'override_reason' AS metric, d.dimension, d.dimension_value,
  CASE WHEN d.dimension = 'practitioner' THEN d.row_month END AS row_month,
  c.category, COALESCE(n.numerator, 0) AS numerator, d.denominator
FROM denominators d
CROSS JOIN (SELECT DISTINCT category FROM overrides) c
LEFT JOIN numerators n
  ON n.dimension = d.dimension AND n.dimension_value = d.dimension_value AND n.row_month = d.row_month
  AND n.category = c.category
