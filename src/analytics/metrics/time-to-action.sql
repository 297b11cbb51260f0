-- Time to action: for card instances seen and then answered (accepted, overridden, snoozed or
-- dismissed), the median time in milliseconds from the first card-shown to the first response.
-- Numerator and denominator are both the number of such instances; value is the median.
SELECT
  'time_to_action' AS metric,
  CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  COUNT(*) AS numerator,
  COUNT(*) AS denominator,
  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY responded_ms - shown_ms) AS value
FROM card_instances
WHERE shown_ms IS NOT NULL AND responded_ms IS NOT NULL AND responded_ms >= shown_ms
GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
