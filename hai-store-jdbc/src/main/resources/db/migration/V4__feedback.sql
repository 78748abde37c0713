-- HAI feedback (hai-eval's FeedbackStore): clinicians' feedback on answered calls, one row per call.
-- call_id is the key: of two submissions for one call, from any number of JVMs, the first inserted
-- stands and the second finds the row (INSERT ... ON CONFLICT DO NOTHING).
-- correction is free text about a patient's answer and may hold PHI (the store can redact it before
-- the insert); protect this table as PHI.
CREATE TABLE hai_feedback (
  call_id             uuid        PRIMARY KEY,
  verdict             text        NOT NULL CHECK (verdict IN ('CORRECT', 'INCORRECT', 'PARTIALLY_CORRECT')),
  category            text        CHECK (category IN ('FACTUAL_ERROR', 'OMISSION', 'UNSAFE', 'FORMATTING', 'OTHER')),
  correction          text,
  clinician_id        text        NOT NULL,
  clinician_role      text        NOT NULL,
  submitted_at        timestamptz NOT NULL,
  time_to_respond_ms  bigint      CHECK (time_to_respond_ms >= 0),
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((verdict = 'CORRECT') = (category IS NULL))
);

CREATE INDEX hai_feedback_submitted ON hai_feedback (submitted_at);

