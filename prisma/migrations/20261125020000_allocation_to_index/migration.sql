-- Spend over a window needs the intervals that started before it and ended inside or after its start;
-- (from, to) cannot serve "to >= window start" on its own.
CREATE INDEX "allocation_to_idx" ON "allocation"("to");
