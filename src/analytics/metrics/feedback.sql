-- Feedback engagement (no rule: the feedback view is about the clinician's own results).
-- feedback_view: of the sessions, those that opened the feedback view.
-- feedback_drilldown: of the sessions that opened it, those that drilled down.
WITH sessions AS (
  SELECT session, MIN(unit) AS unit, MIN(role) AS role, MIN(month) AS month,
    MAX(CASE WHEN event_type = 'feedback-viewed' THEN 1 ELSE 0 END) AS viewed,
    MAX(CASE WHEN event_type = 'feedback-drilldown' THEN 1 ELSE 0 END) AS drilled
  -- events-dropped is the log's record of a gap, written in whatever session is open: not a session's use.
  FROM events WHERE event_type <> 'events-dropped' GROUP BY session
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
