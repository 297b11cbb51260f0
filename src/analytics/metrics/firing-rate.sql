-- Firing rate per 100 encounters: of the encounters seen in the app (any event with an encounter),
-- the share where the rule's card was shown, times 100. Numerator: encounters with a card-shown of the
-- rule (any rule for 'all'); denominator: encounters. An encounter's unit, role and month are those of
-- its events (the smallest when they differ). Events without an encounter are left out.
WITH encounters AS (
  SELECT encounter, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month
  FROM events WHERE encounter IS NOT NULL GROUP BY encounter
),
rules AS (SELECT DISTINCT rule FROM events WHERE event_type = 'card-shown' AND encounter IS NOT NULL),
fired AS (SELECT DISTINCT encounter, rule FROM events WHERE event_type = 'card-shown' AND encounter IS NOT NULL),
grid AS (
  SELECT e.encounter, e.unit, e.role, e.month, r.rule, CASE WHEN f.encounter IS NULL THEN 0 ELSE 1 END AS fired
  FROM encounters e CROSS JOIN rules r
  LEFT JOIN fired f ON f.encounter = e.encounter AND f.rule = r.rule
)
SELECT
  'firing_rate' AS metric,
  CASE WHEN GROUPING(rule) = 0 THEN 'rule' WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(rule) = 0 THEN rule WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  COUNT(DISTINCT CASE WHEN fired = 1 THEN encounter END) AS numerator,
  COUNT(DISTINCT encounter) AS denominator
FROM grid
GROUP BY GROUPING SETS ((), (rule), (unit), (role), (month))
