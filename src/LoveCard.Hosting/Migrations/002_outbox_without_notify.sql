-- No more NOTIFY per outbox write. PostgreSQL serialises the commits of every transaction that
-- queued a notification behind one cluster-wide lock (the benchmark's largest wait, Lock:object on
-- the purchase's COMMIT), so the hottest path of the system queued on the relay's wake-up call. The
-- relay is now woken in process by the writer (OutboxSignal) and polls adaptively as the safety net
-- (docs/platform.md).
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
