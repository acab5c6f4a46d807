// Every minute reading of every GPU, wherever the store keeps it (minute rows or packed hours), as a table with
// gpu_sample's columns: what tests count and compare after a collection.
export const ALL_MINUTES = `(SELECT m.* FROM (SELECT coalesce(array_agg(id), '{}') AS ids FROM gpu) g,
  LATERAL gpu_minutes(g.ids, '2000-01-01Z', '2100-01-01Z') m)`;
