-- How many times each county's fiscal budget lines were replaced (ADR 0043): the version of the
-- BudgetLinesChanged event each replacement puts in the audit trail.
CREATE TABLE fiscal_budget_line_versions (
    county     text        PRIMARY KEY,
    version    integer     NOT NULL CHECK (version > 0),
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);
