-- Firing rate per 100 encounters: of the encounters seen in the app (any event with an encounter),
-- the share where the rule's card was shown, times 100. Numerator: encounters with a card-shown of the
-- rule (any rule for 'all'); denominator: encounters (by rule: all of them). An encounter's unit, role
-- and month are those of its events (the smallest when they differ). Events without an encounter are
-- left out.
-- Each encounter says whether a card was shown in it as it is grouped, and the count by rule needs
-- no unit, role or month: joining the cards shown back to their encounters cost a tenth of the run.
WITH encounters AS (
  SELECT encounter, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month,
    MAX(CASE WHEN event_type = 'card-shown' THEN 1 ELSE 0 END) AS fired
  FROM events WHERE encounter IS NOT NULL GROUP BY encounter
),
by_encounter AS (
  SELECT
    CASE WHEN GROUPING(unit) = 0 THEN 'unit' WHEN GROUPING(role) = 0 THEN 'role'
         WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
    CASE WHEN GROUPING(unit) = 0 THEN unit WHEN GROUPING(role) = 0 THEN role
         WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
    COUNT(CASE WHEN fired = 1 THEN 1 END) AS numerator,
    COUNT(*) AS denominator
  FROM encounters
  GROUP BY GROUPING SETS ((), (unit), (role), (month))
),
by_rule AS (
  SELECT rule, COUNT(DISTINCT encounter) AS numerator
  FROM events WHERE encounter IS NOT NULL AND event_type = 'card-shown'
  GROUP BY rule
)
SELECT 'firing_rate' AS metric, d.dimension, d.dimension_value, d.numerator, d.denominator
FROM by_encounter d
UNION ALL
-- By rule, the denominator is every one of them, whichever rules fired.
SELECT 'firing_rate' AS metric, 'rule' AS dimension, r.rule AS dimension_value, r.numerator, d.denominator
FROM by_rule r
CROSS JOIN by_encounter d
WHERE d.dimension = 'all'
