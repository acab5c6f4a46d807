-- Failed sign-ins per account and per client address, for growing delays that every web process agrees on.
CREATE TABLE "sign_in_throttle" (
    "key" TEXT PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "audited_at" TIMESTAMPTZ(3)
);
CREATE INDEX "sign_in_throttle_last_at_idx" ON "sign_in_throttle"("last_at");

-- One row per sign-in. A session token names its row; signing out, a role change or a deactivated account ends
-- the row, and every web process stops honouring the token within its short cache.
CREATE TABLE "user_session" (
    "id" UUID PRIMARY KEY,
    "user_id" INTEGER NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "provider" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "ended_reason" TEXT
);
CREATE INDEX "user_session_user_id_idx" ON "user_session"("user_id") WHERE "ended_at" IS NULL;
CREATE INDEX "user_session_created_at_idx" ON "user_session"("created_at");
