-- The township (乡镇/街道) a provider works in, as whitelist publishes it (ADR 0044): a township or village
-- official lists the anomalies of the providers of its township. NULL until the provider's next event, and for
-- providers serving the whole county.
ALTER TABLE rm_providers ADD COLUMN township text COLLATE "C";

CREATE INDEX rm_providers_township ON rm_providers (township) WHERE township IS NOT NULL;
