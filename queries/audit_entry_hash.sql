-- The hash of one audit entry, by its sequence number (an evidence manifest names the chain head at its export).
SELECT hash FROM audit WHERE seq = $seq;
