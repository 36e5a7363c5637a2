-- The checkpoint of a roster import when several writers commit its batches concurrently
-- (docs/services/eligibility.md, "How it runs"): each committed batch records the contiguous range of
-- data rows it holds, in the same transaction as the rows, so a restarted service skips exactly the
-- committed ranges (none lost, none doubled) whatever order the batches committed in.
CREATE TABLE import_batches (
    import_id uuid   NOT NULL,
    first_row bigint NOT NULL,   -- 1-based index of the batch's first data row (the header is not counted)
    row_count integer NOT NULL,
    PRIMARY KEY (import_id, first_row)
);
