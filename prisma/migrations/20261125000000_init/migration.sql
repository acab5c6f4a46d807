-- Fleet Console: initial schema. Mirrors prisma/schema.prisma; gpu_sample is partitioned by day.

CREATE TYPE "Role" AS ENUM ('viewer', 'operator', 'admin');
CREATE TYPE "SchedulerKind" AS ENUM ('simulator', 'kubernetes', 'slurm');
CREATE TYPE "PricingClass" AS ENUM ('on_demand', 'reserved', 'spot');
CREATE TYPE "NodeState" AS ENUM ('provisioning', 'ready', 'cordoned', 'draining', 'rebooting', 'down', 'retired');
CREATE TYPE "FaultKind" AS ENUM ('xid', 'ecc_sbe', 'ecc_dbe', 'row_remap', 'thermal', 'power', 'nvlink', 'pcie', 'node_lost');
CREATE TYPE "JobKind" AS ENUM ('training', 'fine_tuning', 'evaluation', 'inference');
CREATE TYPE "JobState" AS ENUM ('pending', 'running', 'recovering', 'succeeded', 'failed', 'cancelled');
CREATE TYPE "JobHealth" AS ENUM ('pending', 'healthy', 'degraded', 'stalled', 'recovering', 'failed', 'succeeded', 'cancelled');
CREATE TYPE "JobEventKind" AS ENUM ('submitted', 'started', 'checkpoint', 'stalled', 'degraded', 'failed', 'restart_requested', 'restarted', 'succeeded', 'cancelled', 'preempted', 'scaled', 'xid');
CREATE TYPE "IncidentSeverity" AS ENUM ('page', 'ticket');
CREATE TYPE "IncidentState" AS ENUM ('open', 'acknowledged', 'resolved');
CREATE TYPE "IncidentSource" AS ENUM ('health_rule', 'burn_rate', 'budget', 'alertmanager', 'manual');
CREATE TYPE "IncidentEventKind" AS ENUM ('opened', 'signal', 'action', 'notification', 'note', 'acknowledged', 'resolved', 'reopened', 'assigned');
CREATE TYPE "SloKind" AS ENUM ('gpu_availability', 'job_goodput', 'inference_availability');
CREATE TYPE "ChannelKind" AS ENUM ('slack', 'webhook', 'email', 'pagerduty');
CREATE TYPE "DeliveryState" AS ENUM ('queued', 'sent', 'failed');
CREATE TYPE "BudgetBasis" AS ENUM ('spend', 'forecast');
CREATE TYPE "ActionState" AS ENUM ('pending', 'running', 'succeeded', 'failed');
CREATE TYPE "ActorKind" AS ENUM ('user', 'system');
CREATE TYPE "AuditResult" AS ENUM ('ok', 'denied', 'invalid', 'failed');

CREATE TABLE "app_user" (
    "id" SERIAL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

CREATE TABLE "cluster" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "scheduler" "SchedulerKind" NOT NULL,
    "region" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "cluster_name_key" ON "cluster"("name");

CREATE TABLE "pool" (
    "id" SERIAL PRIMARY KEY,
    "cluster_id" INTEGER NOT NULL REFERENCES "cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "name" TEXT NOT NULL,
    "gpu_model" TEXT NOT NULL,
    "pricing_class" "PricingClass" NOT NULL,
    "gpus_per_node" INTEGER NOT NULL DEFAULT 8,
    "desired_nodes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "pool_cluster_id_name_key" ON "pool"("cluster_id", "name");

CREATE TABLE "node" (
    "id" SERIAL PRIMARY KEY,
    "cluster_id" INTEGER NOT NULL REFERENCES "cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "pool_id" INTEGER NOT NULL REFERENCES "pool"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "hostname" TEXT NOT NULL,
    "state" "NodeState" NOT NULL DEFAULT 'ready',
    "state_reason" TEXT,
    "state_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "node_cluster_id_hostname_key" ON "node"("cluster_id", "hostname");
CREATE INDEX "node_pool_id_state_idx" ON "node"("pool_id", "state");

CREATE TABLE "node_state_change" (
    "id" BIGSERIAL PRIMARY KEY,
    "node_id" INTEGER NOT NULL REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "from" "NodeState",
    "to" "NodeState" NOT NULL,
    "reason" TEXT,
    "action_id" UUID
);
CREATE INDEX "node_state_change_node_id_at_idx" ON "node_state_change"("node_id", "at");
CREATE INDEX "node_state_change_at_idx" ON "node_state_change"("at");

CREATE TABLE "gpu" (
    "id" SERIAL PRIMARY KEY,
    "node_id" INTEGER NOT NULL REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "index" SMALLINT NOT NULL,
    "uuid" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "memory_mib" INTEGER NOT NULL,
    "healthy" BOOLEAN NOT NULL DEFAULT true,
    "retired_at" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "gpu_uuid_key" ON "gpu"("uuid");
CREATE UNIQUE INDEX "gpu_node_id_index_key" ON "gpu"("node_id", "index");

-- The big table: 8,192 GPUs x 7 days of minutes is ~83 M rows. Daily range partitions are dropped as they age out.
-- The primary key (gpu_id, ts) serves "one GPU over time"; BRIN on ts serves "the fleet at one time",
-- since rows arrive in time order. No foreign keys: they would cost on every insert and block partition drops.
CREATE TABLE "gpu_sample" (
    "gpu_id" INTEGER NOT NULL,
    "ts" TIMESTAMPTZ(0) NOT NULL,
    "job_id" INTEGER,
    "util" SMALLINT NOT NULL,
    "sm_active_bp" SMALLINT,
    "tensor_active_bp" SMALLINT,
    "fb_used_mib" INTEGER NOT NULL,
    "power_w" SMALLINT NOT NULL,
    "temp_c" SMALLINT NOT NULL,
    "xid" SMALLINT NOT NULL DEFAULT 0,
    "ecc_sbe" SMALLINT NOT NULL DEFAULT 0,
    "ecc_dbe" SMALLINT NOT NULL DEFAULT 0,
    "throttled" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "gpu_sample_pkey" PRIMARY KEY ("gpu_id", "ts")
) PARTITION BY RANGE ("ts");
CREATE INDEX "gpu_sample_ts_brin" ON "gpu_sample" USING BRIN ("ts") WITH (pages_per_range = 32);
CREATE INDEX "gpu_sample_job_ts_idx" ON "gpu_sample"("job_id", "ts") WHERE "job_id" IS NOT NULL;

-- Creates the daily partitions of gpu_sample that cover [from_day, to_day]; safe to call repeatedly.
CREATE OR REPLACE FUNCTION fleet_ensure_sample_partitions(from_day DATE, to_day DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    d DATE := from_day;
    created INTEGER := 0;
    part TEXT;
BEGIN
    WHILE d <= to_day LOOP
        part := 'gpu_sample_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF gpu_sample FOR VALUES FROM (%L) TO (%L)',
                part, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN created;
END $$;

-- Drops daily partitions of gpu_sample wholly older than keep_from; returns how many were dropped.
CREATE OR REPLACE FUNCTION fleet_drop_sample_partitions(keep_from DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
    dropped INTEGER := 0;
BEGIN
    FOR r IN
        SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'gpu_sample' AND c.relname ~ '^gpu_sample_[0-9]{8}$'
          AND to_date(substring(c.relname FROM 12), 'YYYYMMDD') < keep_from
    LOOP
        EXECUTE format('DROP TABLE %I', r.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;

CREATE TABLE "gpu_sample_hourly" (
    "gpu_id" INTEGER NOT NULL,
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "minutes" SMALLINT NOT NULL,
    "util_avg" REAL NOT NULL,
    "util_min" SMALLINT NOT NULL,
    "fb_used_max" INTEGER NOT NULL,
    "power_avg" REAL NOT NULL,
    "temp_max" SMALLINT NOT NULL,
    "xid_count" SMALLINT NOT NULL DEFAULT 0,
    "throttled_minutes" SMALLINT NOT NULL DEFAULT 0,
    CONSTRAINT "gpu_sample_hourly_pkey" PRIMARY KEY ("gpu_id", "hour")
);
CREATE INDEX "gpu_sample_hourly_hour_idx" ON "gpu_sample_hourly"("hour");

CREATE TABLE "pool_minute" (
    "pool_id" INTEGER NOT NULL REFERENCES "pool"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "ts" TIMESTAMPTZ(0) NOT NULL,
    "provisioned_gpus" INTEGER NOT NULL,
    "healthy_gpus" INTEGER NOT NULL,
    "allocated_gpus" INTEGER NOT NULL,
    "util_sum" DOUBLE PRECISION NOT NULL,
    "power_sum_w" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "pool_minute_pkey" PRIMARY KEY ("pool_id", "ts")
);
CREATE INDEX "pool_minute_ts_idx" ON "pool_minute"("ts");

CREATE TABLE "gpu_fault" (
    "id" BIGSERIAL PRIMARY KEY,
    "node_id" INTEGER NOT NULL REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "gpu_id" INTEGER REFERENCES "gpu"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" "FaultKind" NOT NULL,
    "code" INTEGER,
    "fatal" BOOLEAN NOT NULL DEFAULT false,
    "message" TEXT
);
CREATE INDEX "gpu_fault_node_id_at_idx" ON "gpu_fault"("node_id", "at");
CREATE INDEX "gpu_fault_at_idx" ON "gpu_fault"("at");

CREATE TABLE "team" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "team_name_key" ON "team"("name");

CREATE TABLE "project" (
    "id" SERIAL PRIMARY KEY,
    "team_id" INTEGER NOT NULL REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "name" TEXT NOT NULL
);
CREATE UNIQUE INDEX "project_team_id_name_key" ON "project"("team_id", "name");

CREATE TABLE "job" (
    "id" SERIAL PRIMARY KEY,
    "cluster_id" INTEGER NOT NULL REFERENCES "cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "JobKind" NOT NULL,
    "team_id" INTEGER NOT NULL REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "project_id" INTEGER NOT NULL REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "owner" TEXT,
    "state" "JobState" NOT NULL,
    "health" "JobHealth" NOT NULL,
    "health_reason" TEXT,
    "health_since" TIMESTAMPTZ(3),
    "gpus_requested" INTEGER NOT NULL,
    "replicas" INTEGER,
    "desired_replicas" INTEGER,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "restart_count" INTEGER NOT NULL DEFAULT 0,
    "last_checkpoint_at" TIMESTAMPTZ(3),
    "step" BIGINT,
    "tokens_per_second" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "job_cluster_id_external_id_key" ON "job"("cluster_id", "external_id");
CREATE INDEX "job_state_idx" ON "job"("state");
CREATE INDEX "job_health_idx" ON "job"("health");
CREATE INDEX "job_team_id_project_id_idx" ON "job"("team_id", "project_id");
CREATE INDEX "job_submitted_at_idx" ON "job"("submitted_at");

CREATE TABLE "allocation" (
    "id" BIGSERIAL PRIMARY KEY,
    "job_id" INTEGER NOT NULL REFERENCES "job"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "gpu_id" INTEGER NOT NULL REFERENCES "gpu"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3),
    CONSTRAINT "allocation_interval_check" CHECK ("to" IS NULL OR "to" >= "from")
);
CREATE INDEX "allocation_job_id_from_idx" ON "allocation"("job_id", "from");
CREATE INDEX "allocation_gpu_id_from_idx" ON "allocation"("gpu_id", "from");
CREATE INDEX "allocation_from_to_idx" ON "allocation"("from", "to");
-- A GPU is held by at most one job at a time.
CREATE UNIQUE INDEX "allocation_open_gpu_key" ON "allocation"("gpu_id") WHERE "to" IS NULL;

CREATE TABLE "job_event" (
    "id" BIGSERIAL PRIMARY KEY,
    "job_id" INTEGER NOT NULL REFERENCES "job"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" "JobEventKind" NOT NULL,
    "message" TEXT,
    "data" JSONB
);
CREATE INDEX "job_event_job_id_at_idx" ON "job_event"("job_id", "at");
CREATE INDEX "job_event_at_idx" ON "job_event"("at");

CREATE TABLE "checkpoint" (
    "id" BIGSERIAL PRIMARY KEY,
    "job_id" INTEGER NOT NULL REFERENCES "job"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "step" BIGINT NOT NULL,
    "size_gib" DOUBLE PRECISION
);
CREATE INDEX "checkpoint_job_id_at_idx" ON "checkpoint"("job_id", "at");

CREATE TABLE "incident" (
    "id" SERIAL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "IncidentSeverity" NOT NULL,
    "state" "IncidentState" NOT NULL DEFAULT 'open',
    "source" "IncidentSource" NOT NULL,
    "summary" TEXT,
    "job_id" INTEGER REFERENCES "job"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "node_id" INTEGER REFERENCES "node"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "assignee_id" INTEGER REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "labels" JSONB
);
CREATE INDEX "incident_state_severity_opened_at_idx" ON "incident"("state", "severity", "opened_at");
CREATE INDEX "incident_key_idx" ON "incident"("key");
-- Deduplication: one unresolved incident per key, so concurrent evaluators cannot open twins.
CREATE UNIQUE INDEX "incident_unresolved_key" ON "incident"("key") WHERE "state" <> 'resolved';

CREATE TABLE "incident_event" (
    "id" BIGSERIAL PRIMARY KEY,
    "incident_id" INTEGER NOT NULL REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "IncidentEventKind" NOT NULL,
    "message" TEXT NOT NULL,
    "actor_id" INTEGER REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "action_id" UUID,
    "data" JSONB
);
CREATE INDEX "incident_event_incident_id_at_idx" ON "incident_event"("incident_id", "at");

CREATE TABLE "slo" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" "SloKind" NOT NULL,
    "target" DOUBLE PRECISION NOT NULL CHECK ("target" > 0 AND "target" < 1),
    "window_days" INTEGER NOT NULL DEFAULT 30 CHECK ("window_days" > 0),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "slo_name_key" ON "slo"("name");

CREATE TABLE "slo_snapshot" (
    "slo_id" INTEGER NOT NULL REFERENCES "slo"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "at" TIMESTAMPTZ(0) NOT NULL,
    "sli" DOUBLE PRECISION NOT NULL,
    "budget_remaining" DOUBLE PRECISION NOT NULL,
    "burn_rates" JSONB NOT NULL,
    CONSTRAINT "slo_snapshot_pkey" PRIMARY KEY ("slo_id", "at")
);

CREATE TABLE "notification_channel" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "config" JSONB NOT NULL,
    "min_severity" "IncidentSeverity" NOT NULL DEFAULT 'ticket',
    "team_id" INTEGER REFERENCES "team"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "notification_channel_name_key" ON "notification_channel"("name");

CREATE TABLE "notification" (
    "id" BIGSERIAL PRIMARY KEY,
    "channel_id" INTEGER NOT NULL REFERENCES "notification_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "incident_id" INTEGER REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "subject" TEXT NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3)
);
CREATE INDEX "notification_incident_id_idx" ON "notification"("incident_id");

CREATE TABLE "rate_card" (
    "id" SERIAL PRIMARY KEY,
    "gpu_model" TEXT NOT NULL,
    "pricing_class" "PricingClass" NOT NULL,
    "price_per_gpu_hour" DECIMAL(12,4) NOT NULL CHECK ("price_per_gpu_hour" >= 0),
    "currency" CHAR(3) NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "effective_to" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "rate_card_period_check" CHECK ("effective_to" IS NULL OR "effective_to" > "effective_from")
);
CREATE INDEX "rate_card_gpu_model_pricing_class_effective_from_idx" ON "rate_card"("gpu_model", "pricing_class", "effective_from");

CREATE TABLE "budget" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "team_id" INTEGER REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "project_id" INTEGER REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    "monthly_amount" DECIMAL(14,2) NOT NULL CHECK ("monthly_amount" > 0),
    "currency" CHAR(3) NOT NULL,
    "thresholds" INTEGER[] NOT NULL DEFAULT ARRAY[50, 80, 100]::INTEGER[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "budget_scope_check" CHECK ("team_id" IS NOT NULL OR "project_id" IS NOT NULL)
);

CREATE TABLE "budget_alert" (
    "id" SERIAL PRIMARY KEY,
    "budget_id" INTEGER NOT NULL REFERENCES "budget"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "period" DATE NOT NULL,
    "threshold" INTEGER NOT NULL,
    "basis" "BudgetBasis" NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "budget_alert_budget_id_period_threshold_key" ON "budget_alert"("budget_id", "period", "threshold");

CREATE TABLE "report" (
    "id" SERIAL PRIMARY KEY,
    "kind" TEXT NOT NULL DEFAULT 'weekly',
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "time_zone" TEXT NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL
);
CREATE UNIQUE INDEX "report_kind_period_start_key" ON "report"("kind", "period_start");

CREATE TABLE "recovery_policy" (
    "id" SERIAL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "recovery_policy_kind_key" ON "recovery_policy"("kind");

CREATE TABLE "action" (
    "id" UUID PRIMARY KEY,
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "params" JSONB,
    "reason" TEXT NOT NULL,
    "actor_kind" "ActorKind" NOT NULL,
    "actor_id" INTEGER REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "state" "ActionState" NOT NULL DEFAULT 'pending',
    "message" TEXT,
    "incident_id" INTEGER REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "policy_id" INTEGER REFERENCES "recovery_policy"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "action_idempotency_key_key" ON "action"("idempotency_key");
CREATE INDEX "action_target_type_target_id_requested_at_idx" ON "action"("target_type", "target_id", "requested_at");
CREATE INDEX "action_state_idx" ON "action"("state");

CREATE TABLE "audit_event" (
    "id" BIGSERIAL PRIMARY KEY,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" "ActorKind" NOT NULL,
    "actor_id" INTEGER REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "reason" TEXT,
    "input" JSONB,
    "result" "AuditResult" NOT NULL,
    "message" TEXT
);
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");
CREATE INDEX "audit_event_actor_id_at_idx" ON "audit_event"("actor_id", "at");
CREATE INDEX "audit_event_target_type_target_id_idx" ON "audit_event"("target_type", "target_id");

CREATE TABLE "setting" (
    "key" TEXT PRIMARY KEY,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "data_source" (
    "name" TEXT PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB,
    "last_success_at" TIMESTAMPTZ(3),
    "last_error_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "data_until" TIMESTAMPTZ(3)
);

CREATE TABLE "worker_heartbeat" (
    "worker_id" TEXT PRIMARY KEY,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "beat_at" TIMESTAMPTZ(3) NOT NULL
);

CREATE TABLE "simulator_state" (
    "id" INTEGER PRIMARY KEY DEFAULT 1,
    "seed" INTEGER NOT NULL,
    "sim_time" TIMESTAMPTZ(3) NOT NULL,
    "state" JSONB NOT NULL,
    "saved_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
