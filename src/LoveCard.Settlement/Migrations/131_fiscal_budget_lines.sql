-- Fiscal budget lines (ADR 0039): the lines of the county budget its fiscal share is paid from
-- (e.g. 养老服务补贴, 护理补贴, 爱心卡专项) and the categories each funds; a category is funded by at
-- most one line of its county. Purchases do not carry a line: statements derive it from the
-- purchase's category when they are read, clearing when a month is closed (and keeps it).
CREATE TABLE fiscal_budget_lines (
    county     text        NOT NULL,
    line_code  text        NOT NULL,
    name       text        NOT NULL,
    categories integer[]   NOT NULL,
    position   integer     NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (county, line_code)
);

-- What a closed month's fiscal obligations came to per line, as the lines stood at the close;
-- line_code '' is the fiscal share of categories no line funds.
CREATE TABLE clearing_fiscal_lines (
    county     text      NOT NULL,
    period     text      NOT NULL,
    line_code  text      NOT NULL,
    name       text      NOT NULL,
    categories integer[] NOT NULL,
    position   integer   NOT NULL,
    fiscal_fen bigint    NOT NULL,
    PRIMARY KEY (county, period, line_code)
);
