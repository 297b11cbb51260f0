-- Link rate: of the card instances displayed, those from which a link was followed.
SELECT
  'link' AS metric,
  CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  SUM(linked) AS numerator,
  COUNT(*) AS denominator
FROM card_instances
WHERE shown = 1 OR responded = 1 OR expanded = 1 OR linked = 1
GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
