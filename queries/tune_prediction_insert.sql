-- Keep a what-if prediction so `kt tune verify` can hold it against what happened.
INSERT INTO whatif_predictions (id, config_id, draft_version, created_at, "window", numbers, draft_text)
VALUES ($id, $config_id, $draft_version, $created_at::TIMESTAMPTZ, $window::JSON, $numbers::JSON, $draft_text);
