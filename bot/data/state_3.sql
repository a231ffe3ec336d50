-- State database schema version 3: a journalled update counts its attempts.
-- How many times each journalled update was handled: one the reader got nothing for
-- (Telegram unreachable for the answer and the apology) is handled again, at most
-- MAX_ATTEMPTS times, while running or after a restart (bot/telegram/journal.py).
ALTER TABLE journal ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1
