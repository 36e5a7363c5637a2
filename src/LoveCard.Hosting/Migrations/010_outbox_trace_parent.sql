-- The W3C traceparent of the work that wrote the event (an HTTP request, a consumed message), so
-- the relay publishes it inside the same trace and its consumers' spans join that trace (ADR 0028).
-- Null when nothing was traced (no collector configured, the roster import's COPY). Adding a
-- nullable column without a default rewrites nothing.
ALTER TABLE outbox ADD COLUMN trace_parent text;
