-- A job resubmitted after it failed names the attempt it resumes: the attempts of one run form a lineage.
ALTER TABLE "job" ADD COLUMN "resumes_job_id" INTEGER REFERENCES "job"("id") ON DELETE SET NULL;
CREATE INDEX "job_resumes_job_id_idx" ON "job"("resumes_job_id");
