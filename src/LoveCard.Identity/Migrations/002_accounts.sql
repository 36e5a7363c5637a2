-- People's accounts and how they sign in (docs/identity.md). Staff sign in with a user name,
-- a password and (for the roles that move money or data) a TOTP code; elders and family agents
-- with their mobile number and an SMS code. Secrets are hashed or sealed, never stored plain.

CREATE TABLE accounts (
    account_id             uuid        PRIMARY KEY,
    -- The account role (finer than the token's role claim: bureau_admin and bureau_clerk are both 'bureau').
    account_role           text        NOT NULL CHECK (account_role IN ('province_admin', 'bureau_admin', 'bureau_clerk', 'operator',
                                           'auditor', 'provider_admin', 'provider_accountant', 'provider_cashier', 'elder', 'agent')),
    -- Staff: lower-case user name; elders and agents have none.
    user_name              text        UNIQUE,
    display_name           text        NOT NULL,
    county                 text,
    provider_id            uuid,
    elder_id               uuid        UNIQUE,
    -- Elders and agents: keyed hash of the normalised mobile number (the look-up), and a masked copy.
    phone_hash             text        UNIQUE,
    phone_masked           text,
    password_hash          text,
    must_change_password   boolean     NOT NULL DEFAULT false,
    totp_secret_encrypted  text,
    totp_enabled_at        timestamptz,
    -- The last TOTP time step accepted: a code is good once.
    totp_last_step         bigint,
    status                 text        NOT NULL CHECK (status IN ('active', 'disabled')),
    failed_attempts        integer     NOT NULL DEFAULT 0,
    locked_until           timestamptz,
    -- Federation: the external provider's issuer and subject this account is bound to.
    external_issuer        text,
    external_subject       text,
    version                bigint      NOT NULL,
    created_by             text        NOT NULL,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK (user_name IS NOT NULL OR phone_hash IS NOT NULL OR external_subject IS NOT NULL)
);

CREATE INDEX accounts_by_county ON accounts (county, account_role);
CREATE INDEX accounts_by_provider ON accounts (provider_id) WHERE provider_id IS NOT NULL;
CREATE UNIQUE INDEX accounts_by_external ON accounts (external_issuer, external_subject) WHERE external_issuer IS NOT NULL;

-- One-time recovery codes for a lost authenticator, kept as SHA-256 hashes (they are long random strings).
CREATE TABLE recovery_codes (
    account_id  uuid        NOT NULL REFERENCES accounts (account_id),
    code_hash   text        NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (account_id, code_hash)
);

-- Failed sign-ins per client address in a sliding window: the per-IP lockout.
CREATE TABLE address_failures (
    address       text        PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    failures      integer     NOT NULL,
    locked_until  timestamptz
);

-- The SMS one-time code last sent to a number (hashed), its expiry and the wrong tries so far.
CREATE TABLE sms_codes (
    phone_hash  text        PRIMARY KEY,
    code_hash   text        NOT NULL,
    sent_at     timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0
);

-- Family agents (代办人) and the elders they act for, from the consents the cards service records
-- (CardConsentRecorded). An agent's token carries the elders linked here and not unlinked.
CREATE TABLE agent_links (
    agent_phone_hash  text        NOT NULL,
    elder_id          uuid        NOT NULL,
    card_id           uuid        NOT NULL,
    home_county       text        NOT NULL,
    consent_id        uuid        NOT NULL,
    relation          text,
    linked_at         timestamptz NOT NULL,
    unlinked_at       timestamptz,
    unlinked_by       text,
    PRIMARY KEY (agent_phone_hash, elder_id)
);

CREATE INDEX agent_links_by_elder ON agent_links (elder_id) WHERE unlinked_at IS NULL;

-- Read models fed by events: an elder's home county (eligibility) and a provider's county and status
-- (whitelist), so a bureau can be held to its own county when it makes an elder's or provider's account.
CREATE TABLE elders (
    elder_id     uuid   PRIMARY KEY,
    home_county  text   NOT NULL,
    masked_name  text   NOT NULL
);

CREATE TABLE providers (
    provider_id  uuid   PRIMARY KEY,
    county       text   NOT NULL,
    status       text   NOT NULL,
    name         text   NOT NULL
);
