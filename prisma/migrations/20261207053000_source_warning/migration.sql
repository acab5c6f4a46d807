-- A source that answers but reads the slow way (e.g. a Kubernetes watch it may not open, so every step lists):
-- what is wrong and since when, shown on the data sources page; null while all is well.
ALTER TABLE data_source ADD COLUMN warning text, ADD COLUMN warning_since timestamptz(3);
