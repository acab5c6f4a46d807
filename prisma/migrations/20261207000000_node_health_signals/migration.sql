-- What the scheduler and GPU health tools report on a node (Kubernetes conditions, taints, the GPU operator's
-- validator and driver upgrade state, allocatable GPUs), as its source last read them, for the node's page.
ALTER TABLE "node" ADD COLUMN "health_signals" JSONB NOT NULL DEFAULT '[]';
