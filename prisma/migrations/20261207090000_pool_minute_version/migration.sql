-- Which writes of the fleet rollup (pool_minute) have committed, per pool: a number from one sequence, set anew for
-- each pool a statement inserts, rewrites or deletes minutes of. A web process keeps a fleet chart it computed
-- beside the versions it read first (lib/queries/fleet/series.ts) and serves it while they are unchanged. Every
-- commit writes numbers never used before, so any write changes the set, whatever the order of commits; per pool,
-- so that the collectors of two clusters do not wait on each other (pool_hour's trigger locks the same pools); no
-- foreign key, so a deleted pool's last version stays and no earlier set comes back.
CREATE SEQUENCE "pool_minute_version_seq";
CREATE TABLE "pool_minute_version" (
    "pool_id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL,
    CONSTRAINT "pool_minute_version_pkey" PRIMARY KEY ("pool_id")
);
INSERT INTO "pool_minute_version" ("pool_id", "version") SELECT "id", nextval('pool_minute_version_seq') FROM "pool";

CREATE FUNCTION fleet_bump_pool_minute_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE pool_minute_version SET version = nextval('pool_minute_version_seq');
    ELSE
        INSERT INTO pool_minute_version (pool_id, version)
        SELECT pool_id, nextval('pool_minute_version_seq') FROM (SELECT DISTINCT pool_id FROM changed_rows) p
        ON CONFLICT (pool_id) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER "pool_minute_version_on_insert" AFTER INSERT ON "pool_minute"
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION fleet_bump_pool_minute_version();
CREATE TRIGGER "pool_minute_version_on_update" AFTER UPDATE ON "pool_minute"
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION fleet_bump_pool_minute_version();
CREATE TRIGGER "pool_minute_version_on_delete" AFTER DELETE ON "pool_minute"
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION fleet_bump_pool_minute_version();
CREATE TRIGGER "pool_minute_version_on_truncate" AFTER TRUNCATE ON "pool_minute"
    FOR EACH STATEMENT EXECUTE FUNCTION fleet_bump_pool_minute_version();
