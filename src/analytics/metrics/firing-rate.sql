-- Firing rate per 100 encounters: of the encounters seen in the app (any event with an encounter),
-- the share where the rule's card was shown, times 100. Numerator: encounters with a card-shown of the
-- rule (any rule for 'all'); denominator: encounters (by rule: all of them). An encounter's unit, role
-- and month are those of its events (the smallest when they differ). Events without an encounter are
-- left out.
WITH encounters AS (
  SELECT encounter, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month
  FROM events WHERE encounter IS NOT NULL GROUP BY encounter
),
fired AS (
  SELECT DISTINCT e.encounter, e.rule, n.unit, n.role, n.month
  FROM events e JOIN encounters n ON n.encounter = e.encounter
  WHERE e.event_type = 'card-shown'
),
rules AS (SELECT DISTINCT rule FROM fired),
numerators AS (
  SELECT
    CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
         WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
         WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    COUNT(DISTINCT encounter) AS numerator
  FROM fired
  GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
),
denominators AS (
  SELECT
    CASE WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(role) = 0 THEN 'role'
         WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(unit) = 0 THEN unit WHEN GROUPING(role) = 0 THEN role
         WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    COUNT(*) AS denominator
  FROM encounters
  GROUP BY GROUPING SETS ((), (unit), (role), (month))
)
SELECT 'firing_rate' AS metric, d.dimension, d.dimension_value, COALESCE(n.numerator, 0) AS numerator, d.denominator
FROM denominators d
LEFT JOIN numerators n ON n.dimension = d.dimension AND n.dimension_value = d.dimension_value
UNION ALL
-- By rule, the denominator is every one of them, whichever rules fired.
SELECT 'firing_rate' AS metric, 'rule' AS dimension, r.rule AS dimension_value, COALESCE(n.numerator, 0) AS numerator, d.denominator
FROM rules r
CROSS JOIN denominators d
LEFT JOIN numerators n ON n.dimension = 'rule' AND n.dimension_value = r.rule
WHERE d.dimension = 'all'
