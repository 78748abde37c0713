-- HAI shadow results (ShadowStore): one row per shadow call, with the comparators' scores in a
-- child table. The text column holds a model's answer about a patient: it is PHI. Grant access to
-- these tables as to the application's own answers (and consider ShadowStore.redactingText).

CREATE TABLE hai_shadow_result (
  seq              bigserial   NOT NULL UNIQUE,
  shadow_id        uuid        PRIMARY KEY,
  primary_call_id  uuid        NOT NULL,
  tenant           text        NOT NULL,
  route            text        NOT NULL,
  arm              text        NOT NULL,
  backend          text        NOT NULL,
  model            text        NOT NULL,
  time             timestamptz NOT NULL,
  latency_micros   bigint      NOT NULL CHECK (latency_micros >= 0),
  outcome          text        NOT NULL
                   CHECK (outcome IN ('success', 'failed', 'timeout', 'over_budget', 'not_allowed')),
  detail           text,
  text             text,
  text_redacted    boolean     NOT NULL,
  output_sha256    char(64),
  input_tokens     bigint      NOT NULL CHECK (input_tokens >= 0),
  output_tokens    bigint      NOT NULL CHECK (output_tokens >= 0),
  currency         char(3),
  cost_micros      bigint,
  written_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (text IS NULL OR outcome = 'success'),
  CHECK ((currency IS NULL) = (cost_micros IS NULL))
);

CREATE INDEX hai_shadow_result_route_time ON hai_shadow_result (route, time);
CREATE INDEX hai_shadow_result_primary ON hai_shadow_result (primary_call_id);

CREATE TABLE hai_shadow_score (
  shadow_id  uuid             NOT NULL REFERENCES hai_shadow_result (shadow_id),
  name       text             NOT NULL,
  score      double precision NOT NULL,
  PRIMARY KEY (shadow_id, name)
);
