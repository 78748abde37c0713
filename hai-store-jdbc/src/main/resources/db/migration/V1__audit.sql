-- HAI audit trail: one row per audit record, hash-chained exactly as the JSON Lines file sink.
-- The canonical line is stored as written (column line) so that the chain can be verified
-- byte for byte; the other columns are copies of its fields, indexed for reporting.

-- One row per chain: the head that every writer locks (SELECT ... FOR UPDATE) to append, so that
-- appends from any number of JVMs form one linear chain.
CREATE TABLE hai_audit_chain (
  chain_name  text        PRIMARY KEY,
  chain_kind  text        NOT NULL CHECK (chain_kind IN ('sha256', 'hmac-sha256')),
  last_seq    bigint      NOT NULL CHECK (last_seq >= 0),
  last_hash   char(64)    NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hai_audit_record (
  chain_name      text        NOT NULL REFERENCES hai_audit_chain (chain_name),
  seq             bigint      NOT NULL CHECK (seq >= 1),
  id              uuid        NOT NULL UNIQUE,
  time            timestamptz NOT NULL,
  call_id         uuid        NOT NULL,
  tenant          text        NOT NULL,
  actor_id        text        NOT NULL,
  actor_role      text        NOT NULL,
  purpose_of_use  text        NOT NULL,
  prompt_id       text,
  prompt_version  text,
  backend         text,
  model           text,
  outcome         text        NOT NULL,
  outcome_detail  text,
  input_tokens    bigint      NOT NULL,
  output_tokens   bigint      NOT NULL,
  currency        char(3),
  cost_micros     bigint,
  latency_micros  bigint      NOT NULL,
  prev            char(64)    NOT NULL,
  hash            char(64)    NOT NULL,
  line            text        NOT NULL,
  written_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chain_name, seq)
);

CREATE INDEX hai_audit_record_time ON hai_audit_record (time);
CREATE INDEX hai_audit_record_tenant_time ON hai_audit_record (tenant, time);
CREATE INDEX hai_audit_record_actor_time ON hai_audit_record (actor_id, time);
CREATE INDEX hai_audit_record_prompt_time ON hai_audit_record (prompt_id, time);
CREATE INDEX hai_audit_record_call ON hai_audit_record (call_id);

-- Append-only: rows are never changed or removed by HAI. The trigger stops accidents; it does not
-- stop the table's owner (who can disable it), which is what the hash chain is for.
CREATE FUNCTION hai_audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hai_audit_record is append-only: % is not allowed', TG_OP;
END
$$;

CREATE TRIGGER hai_audit_record_append_only
  BEFORE UPDATE OR DELETE ON hai_audit_record
  FOR EACH ROW EXECUTE FUNCTION hai_audit_record_append_only();

CREATE TRIGGER hai_audit_record_no_truncate
  BEFORE TRUNCATE ON hai_audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION hai_audit_record_append_only();
