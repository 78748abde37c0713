-- HAI cost: budget accounts and open reservations (BudgetStore), and the cost ledger (CostLedger).
-- Money is stored as bigint micro-units of the row's currency, never as a floating-point number.

-- One row per budget key and period: what was spent and what calls in flight hold. A reservation
-- locks the rows of its budgets (in key order, so that reservations never deadlock), checks every
-- hard limit and adds its amount, in one transaction.
CREATE TABLE hai_budget_account (
  budget_key       text        NOT NULL,
  period_start     timestamptz NOT NULL,
  period_end       timestamptz NOT NULL,
  period_label     text        NOT NULL,
  currency         char(3)     NOT NULL,
  spent_micros     bigint      NOT NULL DEFAULT 0,
  reserved_micros  bigint      NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (budget_key, period_start)
);

-- One row per open reservation and budget account it holds money in. Settling or releasing deletes
-- the rows (DELETE ... RETURNING), which makes it happen once, whichever JVM does it.
CREATE TABLE hai_budget_reservation (
  id             uuid        NOT NULL,
  budget_key     text        NOT NULL,
  period_start   timestamptz NOT NULL,
  amount_micros  bigint      NOT NULL CHECK (amount_micros >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, budget_key, period_start),
  FOREIGN KEY (budget_key, period_start) REFERENCES hai_budget_account (budget_key, period_start)
);

CREATE INDEX hai_budget_reservation_created ON hai_budget_reservation (created_at);

-- One row per call that passed the budget stage. call_id is the key: recording an entry twice keeps
-- the first.
CREATE TABLE hai_cost_ledger (
  call_id             uuid        PRIMARY KEY,
  time                timestamptz NOT NULL,
  tenant              text        NOT NULL,
  actor_id            text        NOT NULL,
  prompt_id           text,
  prompt_version      text,
  backend             text,
  model               text,
  hosting             text,
  input_tokens        bigint      NOT NULL,
  output_tokens       bigint      NOT NULL,
  cache_write_tokens  bigint      NOT NULL,
  cache_read_tokens   bigint      NOT NULL,
  busy_micros         bigint      NOT NULL,
  currency            char(3),
  cost_micros         bigint,
  outcome             text        NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((currency IS NULL) = (cost_micros IS NULL))
);

CREATE INDEX hai_cost_ledger_time ON hai_cost_ledger (time);
CREATE INDEX hai_cost_ledger_tenant_time ON hai_cost_ledger (tenant, time);
