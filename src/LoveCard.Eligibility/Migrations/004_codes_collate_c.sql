-- Byte-order comparison for the register's keys and codes. The keyed hash (lowercase hex) and the
-- division codes (digits) sort the same in every collation, but under the database's default
-- (C.UTF-8 here) each comparison goes through strcoll; with COLLATE "C" it is a memcmp. A roster
-- import probes the unique id_hash index once per row and inserts into it and the county/village
-- listing index (docs/benchmarks.md R5). Nothing compares these columns with another table's.
ALTER TABLE elders
    ALTER COLUMN id_hash TYPE text COLLATE "C",
    ALTER COLUMN home_county TYPE text COLLATE "C",
    ALTER COLUMN village_code TYPE text COLLATE "C";
