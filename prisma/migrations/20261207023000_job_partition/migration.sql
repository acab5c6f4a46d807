-- Where a job was submitted to run, in its scheduler's words: a Slurm partition (a pending job may name several,
-- "gpu,debug"), a Kueue LocalQueue, the simulator's pools. Null where the source has no such thing.
ALTER TABLE "job" ADD COLUMN "partition" TEXT;
