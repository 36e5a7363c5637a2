-- OpenIddict's stores (applications, authorizations, scopes, tokens), written by hand to match the
-- Entity Framework model in Oidc/OidcDbContext.cs (ADR 0009); a test fails if the two disagree.

CREATE TABLE oidc_applications (
    id                        text NOT NULL,
    application_type          character varying(50),
    client_id                 character varying(100),
    client_secret             text,
    client_type               character varying(50),
    concurrency_token         character varying(50),
    consent_type              character varying(50),
    display_name              text,
    display_names             text,
    json_web_key_set          text,
    permissions               text,
    post_logout_redirect_uris text,
    properties                text,
    redirect_uris             text,
    requirements              text,
    settings                  text,
    CONSTRAINT oidc_applications_pkey PRIMARY KEY (id)
);

CREATE TABLE oidc_scopes (
    id                text NOT NULL,
    concurrency_token character varying(50),
    description       text,
    descriptions      text,
    display_name      text,
    display_names     text,
    name              character varying(200),
    properties        text,
    resources         text,
    CONSTRAINT oidc_scopes_pkey PRIMARY KEY (id)
);

CREATE TABLE oidc_authorizations (
    id                text NOT NULL,
    application_id    text,
    concurrency_token character varying(50),
    creation_date     timestamp with time zone,
    properties        text,
    scopes            text,
    status            character varying(50),
    subject           character varying(400),
    type              character varying(50),
    CONSTRAINT oidc_authorizations_pkey PRIMARY KEY (id),
    CONSTRAINT oidc_authorizations_application_id_fkey FOREIGN KEY (application_id) REFERENCES oidc_applications (id)
);

CREATE TABLE oidc_tokens (
    id                text NOT NULL,
    application_id    text,
    authorization_id  text,
    concurrency_token character varying(50),
    creation_date     timestamp with time zone,
    expiration_date   timestamp with time zone,
    payload           text,
    properties        text,
    redemption_date   timestamp with time zone,
    reference_id      character varying(100),
    status            character varying(50),
    subject           character varying(400),
    type              character varying(150),
    CONSTRAINT oidc_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT oidc_tokens_application_id_fkey FOREIGN KEY (application_id) REFERENCES oidc_applications (id),
    CONSTRAINT oidc_tokens_authorization_id_fkey FOREIGN KEY (authorization_id) REFERENCES oidc_authorizations (id)
);

CREATE UNIQUE INDEX oidc_applications_client_id ON oidc_applications (client_id);
CREATE INDEX oidc_authorizations_application_id_status_subject_type ON oidc_authorizations (application_id, status, subject, type);
CREATE UNIQUE INDEX oidc_scopes_name ON oidc_scopes (name);
CREATE INDEX oidc_tokens_application_id_status_subject_type ON oidc_tokens (application_id, status, subject, type);
CREATE INDEX oidc_tokens_authorization_id ON oidc_tokens (authorization_id);
CREATE UNIQUE INDEX oidc_tokens_reference_id ON oidc_tokens (reference_id);

-- Not in OpenIddict's model: a disabled account or a role change revokes the person's tokens by subject.
CREATE INDEX oidc_tokens_by_subject ON oidc_tokens (subject, status);
CREATE INDEX oidc_authorizations_by_subject ON oidc_authorizations (subject, status);

-- The token keys every instance shares (ADR 0009): RSA signing keys, published in the JWKS from
-- creation, signing from signs_from, published until expires_at (two live during a roll-over);
-- one symmetric key that encrypts authorization codes and refresh tokens. The key material is
-- encrypted with the personal-data key (AES-256-GCM), never stored plain.
CREATE TABLE token_keys (
    key_id              text        PRIMARY KEY,
    use                 text        NOT NULL CHECK (use IN ('sig', 'enc')),
    algorithm           text        NOT NULL,
    key_encrypted       text        NOT NULL,
    created_at          timestamptz NOT NULL,
    signs_from          timestamptz NOT NULL,
    expires_at          timestamptz
);

-- ASP.NET Core Data Protection keys (sign-in cookies, anti-forgery tokens), shared by the instances.
CREATE TABLE data_protection_keys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text,
    xml_encrypted text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
