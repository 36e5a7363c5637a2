-- The rows of a CSV upload, counted while it is stored (its lines less the header), so an import's
-- progress has a percent and a time left from the start (issue 17). Null for XLSX until it is read.
ALTER TABLE imports ADD COLUMN rows_total bigint;
