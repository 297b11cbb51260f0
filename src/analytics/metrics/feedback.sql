-- Feedback engagement (no rule: the feedback view is about the clinician's own results).
-- feedback_view: of the sessions, those that opened the feedback view.
-- feedback_drilldown: of the sessions that opened it, those that drilled down; by unit, role and
-- month, and by measure (the feedback's counterpart of a rule): of the same sessions, those that
-- drilled into that measure (a session drilling into two measures counts once in each).
WITH sessions AS (
  SELECT session, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month,
    MAX(CASE WHEN event_type = 'feedback-viewed' THEN 1 ELSE 0 END) AS viewed,
    MAX(CASE WHEN event_type = 'feedback-drilldown' THEN 1 ELSE 0 END) AS drilled
  -- events-dropped is the log's record of a gap, written in whatever session is open: not a session's use.
  FROM events WHERE event_type <> 'events-dropped' GROUP BY session
),
-- A drill-down logged without its measure (too long a canonical) counts in the rows above only.
drilled_measures AS (
  SELECT DISTINCT session, measure FROM events
  WHERE event_type = 'feedback-drilldown' AND measure IS NOT NULL
)
SELECT
  'feedback_view' AS metric,
  CASE WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  SUM(viewed) AS numerator,
  COUNT(*) AS denominator
FROM sessions
GROUP BY GROUPING SETS ((), (unit), (role), (month))
UNION ALL
SELECT
  'feedback_drilldown' AS metric,
  CASE WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  SUM(drilled) AS numerator,
  COUNT(*) AS denominator
FROM sessions WHERE viewed = 1
GROUP BY GROUPING SETS ((), (unit), (role), (month))
UNION ALL
-- By measure, the denominator is every session that opened the view, whichever measures it opened.
SELECT 'feedback_drilldown' AS metric, 'measure' AS dimension, d.measure AS dimension_value,
  COUNT(*) AS numerator, MAX(v.views) AS denominator
FROM drilled_measures d
JOIN sessions s ON s.session = d.session AND s.viewed = 1
CROSS JOIN (SELECT COUNT(*) AS views FROM sessions WHERE viewed = 1) v
GROUP BY d.measure
