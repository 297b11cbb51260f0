-- Ignore rate: of the card instances seen (card-shown), those with no response at all (not accepted,
-- overridden, snoozed or dismissed).
SELECT
  'ignore' AS metric,
  CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  SUM(CASE WHEN responded = 0 THEN 1 ELSE 0 END) AS numerator,
  COUNT(*) AS denominator
FROM card_instances
WHERE shown = 1
GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
