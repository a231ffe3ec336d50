-- State database schema version 1 (bot/state.py runs the files state_<N>.sql in order).
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,                 -- unix time
    chat_type TEXT NOT NULL,          -- private, group, supergroup, channel, inline
    user_hash TEXT NOT NULL,          -- salted hash of the user id
    question TEXT,                    -- NULL once older than state.keep_days
    answered INTEGER NOT NULL,
    article TEXT NOT NULL DEFAULT '', -- the answer's article: file name ...
    title TEXT NOT NULL DEFAULT '',   -- ... and title
    paragraph INTEGER,
    reason TEXT NOT NULL DEFAULT '',  -- why it was declined
    latency_ms REAL NOT NULL
);
CREATE INDEX questions_at ON questions (at);
CREATE INDEX questions_user ON questions (user_hash);
CREATE TABLE votes (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    at REAL NOT NULL,
    PRIMARY KEY (question_id, user_hash)
) WITHOUT ROWID;
CREATE INDEX votes_user ON votes (user_hash);
CREATE TABLE journal (
    update_id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL,            -- the update as Telegram sent it (JSON)
    owner TEXT NOT NULL,              -- host:pid of the process answering it
    received REAL NOT NULL,
    done REAL                         -- NULL until its reply is sent
);
CREATE INDEX journal_undone ON journal (done) WHERE done IS NULL;
CREATE TABLE flood (guard TEXT NOT NULL, key INTEGER NOT NULL, at REAL NOT NULL);
CREATE INDEX flood_key ON flood (guard, key, at);
CREATE TABLE flood_notified (
    guard TEXT NOT NULL, key INTEGER NOT NULL, at REAL NOT NULL, PRIMARY KEY (guard, key)
) WITHOUT ROWID;
CREATE TABLE confirmations (
    token TEXT PRIMARY KEY, article TEXT NOT NULL, title TEXT NOT NULL, created REAL NOT NULL
);
