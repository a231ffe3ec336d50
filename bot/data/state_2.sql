-- State database schema version 2: a question remembers the Telegram update it came in.
-- An update replayed after a crash (bot/telegram/journal.py) is then logged once, not twice.
ALTER TABLE questions ADD COLUMN update_id INTEGER;
CREATE UNIQUE INDEX questions_update ON questions (update_id) WHERE update_id IS NOT NULL;
