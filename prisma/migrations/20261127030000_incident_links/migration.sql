-- The actions and recoveries of an incident, read for every row of the on-call page and for its timeline.
CREATE INDEX "action_incident_id_idx" ON "action"("incident_id");
CREATE INDEX "recovery_incident_id_idx" ON "recovery"("incident_id");
