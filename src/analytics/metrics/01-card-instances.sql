-- One row per card instance: a card (stable for a rule and a patient) in one session, with what
-- happened to it. "displayed" is a card seen (card-shown) or acted on (a response implies it was on
-- screen, even when it left before it counted as seen). A session has one clinician: `practitioner`
-- is theirs ('unknown' when the events carry none), for the per-clinician rows of the uptake metrics.
CREATE TABLE card_instances AS
SELECT
  session,
  card,
  MIN(rule) AS rule,
  MIN(unit) AS unit,
  MIN(role) AS role,
  MIN(month) AS month,
  COALESCE(MIN(practitioner), 'unknown') AS practitioner,
  MAX(CASE WHEN event_type = 'card-shown' THEN 1 ELSE 0 END) AS shown,
  MAX(CASE WHEN event_type = 'suggestion-accepted' THEN 1 ELSE 0 END) AS accepted,
  MAX(CASE WHEN event_type = 'card-overridden' THEN 1 ELSE 0 END) AS overridden,
  MAX(CASE WHEN event_type IN ('suggestion-accepted', 'card-overridden', 'card-snoozed', 'card-dismissed') THEN 1 ELSE 0 END) AS responded,
  MAX(CASE WHEN event_type = 'card-expanded' THEN 1 ELSE 0 END) AS expanded,
  MAX(CASE WHEN event_type = 'link-opened' THEN 1 ELSE 0 END) AS linked,
  MIN(CASE WHEN event_type = 'card-shown' THEN at_ms END) AS shown_ms,
  MIN(CASE WHEN event_type IN ('suggestion-accepted', 'card-overridden', 'card-snoozed', 'card-dismissed') THEN at_ms END) AS responded_ms
FROM events
WHERE card IS NOT NULL
GROUP BY session, card;
