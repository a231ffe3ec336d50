-- State database schema version 4: the database records which salt its hashes were made
-- with (an HMAC of a fixed text under it, not the salt), so that a restored copy opened
-- without its salt, or with another, is refused rather than given a new one on the spot
-- (bot/database.py): a new salt would leave a reader's old rows out of /forget.
CREATE TABLE salt_check (id INTEGER PRIMARY KEY CHECK (id = 1), mark TEXT NOT NULL)
