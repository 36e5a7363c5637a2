-- Where a provider works inside its county (ADR 0044): the 9-digit township (乡镇/街道) division code, so a
-- township or village official reads the providers of its area. Optional: providers entered before this, and
-- those serving the whole county, keep NULL and are seen by the county alone.
ALTER TABLE providers
    ADD COLUMN township text COLLATE "C" CHECK (township ~ '^[0-9]{9}$' AND left(township, 6) = county);

CREATE INDEX providers_county_township ON providers (county, township) WHERE township IS NOT NULL;
