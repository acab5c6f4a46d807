-- An SLO or a budget may watch one cluster, on that cluster's figures only; without one it watches the whole
-- organisation. A cluster with SLOs or budgets cannot be deleted from under them.
ALTER TABLE "slo" ADD COLUMN "cluster_id" INTEGER;
ALTER TABLE "slo" ADD CONSTRAINT "slo_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "budget" ADD COLUMN "cluster_id" INTEGER;
ALTER TABLE "budget" ADD CONSTRAINT "budget_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
