-- One row per card instance: a card (stable for a rule and a patient) in one session, with what
-- happened to it. "displayed" is a card seen (card-shown) or acted on (a response implies it was on
-- screen, even when it left before it counted as seen). A session has one clinician: `practitioner`
-- is theirs ('unknown' when the events carry none), for the per-clinician rows of the uptake metrics.
-- What happened is gathered as one bit mask (BIT_OR) and split into flags afterwards: seven MAX
-- aggregates beside five string MINs made this table cost four times as much at ten million events.
CREATE TABLE card_instances AS
SELECT
  session,
  card,
  rule,
  unit,
  role,
  month,
  practitioner,
  CASE WHEN happened & 1 <> 0 THEN 1 ELSE 0 END AS shown,
  CASE WHEN happened & 2 <> 0 THEN 1 ELSE 0 END AS accepted,
  CASE WHEN happened & 4 <> 0 THEN 1 ELSE 0 END AS overridden,
  CASE WHEN happened & 30 <> 0 THEN 1 ELSE 0 END AS responded,
  CASE WHEN happened & 32 <> 0 THEN 1 ELSE 0 END AS expanded,
  CASE WHEN happened & 64 <> 0 THEN 1 ELSE 0 END AS linked,
  shown_ms,
  responded_ms
FROM (
  SELECT
    session,
    card,
    MIN(rule) AS rule,
    MIN(unit) AS unit,
    MIN(role) AS role,
    MIN(month) AS month,
    COALESCE(MIN(practitioner), 'unknown') AS practitioner,
    -- 1 shown, 2 accepted, 4 overridden, 8 snoozed, 16 dismissed (2 to 16: a response), 32 expanded, 64 link
    BIT_OR(CASE event_type WHEN 'card-shown' THEN 1 WHEN 'suggestion-accepted' THEN 2
      WHEN 'card-overridden' THEN 4 WHEN 'card-snoozed' THEN 8 WHEN 'card-dismissed' THEN 16
      WHEN 'card-expanded' THEN 32 WHEN 'link-opened' THEN 64 ELSE 0 END) AS happened,
    MIN(CASE WHEN event_type = 'card-shown' THEN at_ms END) AS shown_ms,
    MIN(CASE WHEN event_type IN ('suggestion-accepted', 'card-overridden', 'card-snoozed', 'card-dismissed') THEN at_ms END) AS responded_ms
  FROM events
  WHERE card IS NOT NULL
  GROUP BY session, card
) instances;
