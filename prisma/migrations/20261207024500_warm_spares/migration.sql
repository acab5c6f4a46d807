-- Warm spares (DOMAIN.md "Automatic recovery"): how many healthy nodes a pool holds out of service, ready to take a
-- replaced node's place at once, and which nodes are held so (cordoned by recovery as spares, since when).
ALTER TABLE "pool" ADD COLUMN "warm_spares" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "pool" ADD CONSTRAINT "pool_warm_spares_range" CHECK ("warm_spares" BETWEEN 0 AND 64);
ALTER TABLE "node" ADD COLUMN "spare_since" TIMESTAMPTZ(3);
