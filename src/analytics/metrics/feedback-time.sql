-- Feedback view visible time: the median milliseconds the feedback view was on screen (value), over
-- the feedback-viewed events that carry visibleMs; numerator and denominator are their number.
SELECT
  'feedback_visible_time' AS metric,
  CASE WHEN GROUPING(unit) = 0 THEN 'unit'
       WHEN GROUPING(role) = 0 THEN 'role' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'all' END AS dimension,
  CASE WHEN GROUPING(unit) = 0 THEN unit
       WHEN GROUPING(role) = 0 THEN role WHEN GROUPING(month) = 0 THEN month ELSE 'all' END AS dimension_value,
  COUNT(*) AS numerator,
  COUNT(*) AS denominator,
  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY visible_ms) AS value
FROM events WHERE event_type = 'feedback-viewed' AND visible_ms IS NOT NULL
GROUP BY GROUPING SETS ((), (unit), (role), (month))
