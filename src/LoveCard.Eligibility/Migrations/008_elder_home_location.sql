-- Home visits (DOMAIN.md §8, ADR 0026): the point of the elder's home (WGS-84), set by a bureau; a visit is
-- proven within the county's radius of it. The version counts the changes (ElderHomeLocated's aggregate version).
ALTER TABLE elders
    ADD COLUMN home_lat              double precision,
    ADD COLUMN home_lon              double precision,
    ADD COLUMN home_location_version integer NOT NULL DEFAULT 0;
