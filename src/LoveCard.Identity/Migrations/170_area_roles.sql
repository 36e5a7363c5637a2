-- Township (乡镇/街道) and village (村/社区) officials (ADR 0044): they read one area of their county, named by
-- its division code (9 digits for a township, 12 for a village), made by the county's bureau admin.
ALTER TABLE accounts DROP CONSTRAINT accounts_account_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_account_role_check CHECK (account_role IN ('province_admin',
    'bureau_admin', 'bureau_clerk', 'operator', 'auditor', 'provider_admin', 'provider_accountant',
    'provider_cashier', 'elder', 'agent', 'township_official', 'village_official'));

ALTER TABLE accounts ADD COLUMN area text;
ALTER TABLE accounts ADD CONSTRAINT accounts_area_check CHECK (
    (account_role = 'township_official' AND area ~ '^[0-9]{9}$' AND left(area, 6) = county)
    OR (account_role = 'village_official' AND area ~ '^[0-9]{12}$' AND left(area, 6) = county)
    OR (account_role NOT IN ('township_official', 'village_official') AND area IS NULL));
