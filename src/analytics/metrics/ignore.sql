-- Ignore rate: of the card instances seen (card-shown), those with no response at all (not accepted,
-- overridden, snoozed or dismissed).
-- Also per clinician and month, overall and by rule (dimension 'practitioner', row_month, row_rule):
-- the process measures' per-clinician uptake (src/measures/uptake.ts).
SELECT
  'ignore' AS metric,
  CASE WHEN GROUPING(practitioner) = 0 THEN 'practitioner' WHEN GROUPING(rule) = 0 THEN 'rule'
       WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(role) = 0 THEN 'role'
       WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(practitioner) = 0 THEN practitioner WHEN GROUPING(rule) = 0 THEN rule
       WHEN GROUPING(unit) = 0 THEN unit WHEN GROUPING(role) = 0 THEN role
       WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  CASE WHEN GROUPING(practitioner) = 0 THEN month END AS row_month,
  CASE WHEN GROUPING(practitioner) = 0 AND GROUPING(rule) = 0 THEN rule END AS row_rule,
  SUM(CASE WHEN responded = 0 THEN 1 ELSE 0 END) AS numerator,
  COUNT(*) AS denominator
FROM card_instances
WHERE shown = 1
GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month), (practitioner, month), (practitioner, month, rule))
