-- Share of alerts that repeat: of the card-shown events, those of a card the same clinician had
-- already been shown (the card uuid is stable for a rule and a patient), in any earlier session.
WITH shows AS (
  SELECT rule, unit, role, month,
    ROW_NUMBER() OVER (PARTITION BY practitioner, card ORDER BY at_ms, event_id) AS nth
  FROM events WHERE event_type = 'card-shown'
)
SELECT
  'repeat_share' AS metric,
  CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  SUM(CASE WHEN nth > 1 THEN 1 ELSE 0 END) AS numerator,
  COUNT(*) AS denominator
FROM shows
GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
