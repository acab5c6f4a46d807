-- GPUs of nodes held as warm spares in the minute (cordoned by recovery, running nothing): part of the pool's
-- unallocated GPUs, kept on purpose, which the weekly report counts apart from the capacity no job needed.
ALTER TABLE pool_minute ADD COLUMN spare_gpus integer NOT NULL DEFAULT 0;
