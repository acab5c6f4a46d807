-- The simulator's model is saved whole with every collection step and only ever read back whole, never queried
-- inside: as text it is stored as sent, without jsonb's parse into its binary form (about 35 ms a minute at 8,192
-- GPUs, where the model is 1.2 MB) nor compression (a few ms more; one row per cluster, rewritten each minute).
ALTER TABLE "simulator_state" ALTER COLUMN "state" TYPE TEXT USING "state"::text;
ALTER TABLE "simulator_state" ALTER COLUMN "state" SET STORAGE EXTERNAL;
