"""What the bot learns while running, in one SQLite file (bot/database.py): the question
log, readers' votes, the update journal, flood windows and pending remove confirmations.

User ids are never stored: only a salted hash. Question texts are deleted after
`state.keep_days`; the rest of a row (its outcome) is kept.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from bot.config import StateSettings
from bot.database import Database, StateError

EXPIRE_EVERY = 3600.0  # seconds between deletions of old question texts
JOURNAL_KEEP = 86400.0  # seconds a done update stays in the journal (to drop a re-delivery)
JOURNAL_STALE = 600.0  # seconds after which an undone update is adopted whatever its owner
FLOOD_KEEP = 3600.0  # seconds of flood windows kept
CONFIRM_KEEP = 3600.0  # seconds a remove confirmation is kept (it is valid for 10 minutes)
DAY = 86400.0

__all__ = ["DAY", "Asked", "Rated", "State", "StateError"]


@dataclass(frozen=True)
class Asked:
    """One question and what became of it."""

    at: float
    chat_type: str
    user_id: int
    question: str
    answered: bool
    latency_ms: float
    article: str = ""
    title: str = ""
    paragraph: int | None = None
    reason: str = ""
    update_id: int | None = None  # the Telegram update: a replayed one is logged once


@dataclass(frozen=True)
class Rated:
    question_id: int
    question: str | None  # None once the text expired
    title: str
    paragraph: int | None
    up: int
    down: int


class State(Database):
    """What is stored, read and deleted; the connection and transactions are Database's."""

    def __init__(self, settings: StateSettings):
        self.keep_days = settings.keep_days
        self.owner = f"{os.uname().nodename}:{os.getpid()}"
        self._last_expire = 0.0
        super().__init__(settings.path)
        self.expire(time.time())

    # ------------------------------------------------------------ questions and votes

    def log(self, asked: Asked) -> int:
        """Store one question; its id (votes refer to it). The same update logged again
        (answered again after a crash) updates its outcome and keeps its id."""
        if asked.at - self._last_expire > EXPIRE_EVERY:
            self.expire(asked.at)
            self.prune(asked.at)
        outcome = (
            int(asked.answered),
            asked.article,
            asked.title,
            asked.paragraph,
            asked.reason,
            asked.latency_ms,
        )
        with self._write() as db:
            if asked.update_id is not None:
                found = db.execute(
                    "SELECT id FROM questions WHERE update_id = ?", (asked.update_id,)
                ).fetchone()
                if found is not None:
                    db.execute(
                        "UPDATE questions SET answered = ?, article = ?, title = ?,"
                        " paragraph = ?, reason = ?, latency_ms = ? WHERE id = ?",
                        (*outcome, found[0]),
                    )
                    return int(found[0])
            cursor = db.execute(
                "INSERT INTO questions (at, chat_type, user_hash, question, answered, article,"
                " title, paragraph, reason, latency_ms, update_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    asked.at,
                    asked.chat_type,
                    self.user_hash(asked.user_id),
                    asked.question,
                    *outcome,
                    asked.update_id,
                ),
            )
            return int(cursor.lastrowid or 0)

    def vote(self, question_id: int, user_id: int, vote: int, at: float) -> int | None:
        """Record a reader's vote (+1/-1) on an answer; their previous vote, None if first.
        Raises KeyError when the answer is not in the log (forgotten, or never there)."""
        who = self.user_hash(user_id)
        with self._write() as db:
            if db.execute("SELECT 1 FROM questions WHERE id=?", (question_id,)).fetchone() is None:
                raise KeyError(question_id)
            row = db.execute(
                "SELECT vote FROM votes WHERE question_id=? AND user_hash=?", (question_id, who)
            ).fetchone()
            db.execute(
                "INSERT INTO votes VALUES (?,?,?,?) ON CONFLICT (question_id, user_hash)"
                " DO UPDATE SET vote=excluded.vote, at=excluded.at",
                (question_id, who, vote, at),
            )
        return None if row is None else int(row[0])

    def forget(self, user_id: int) -> tuple[int, int]:
        """Delete a reader's questions and votes (votes on their answers too)."""
        who = self.user_hash(user_id)
        with self._write() as db:
            votes = db.execute("DELETE FROM votes WHERE user_hash=?", (who,)).rowcount
            votes += db.execute(
                "DELETE FROM votes WHERE question_id IN"
                " (SELECT id FROM questions WHERE user_hash=?)",
                (who,),
            ).rowcount
            questions = db.execute("DELETE FROM questions WHERE user_hash=?", (who,)).rowcount
        return questions, votes

    def expire(self, now: float) -> int:
        """Delete question texts older than keep_days; how many."""
        self._last_expire = now
        with self._write() as db:
            return db.execute(
                "UPDATE questions SET question=NULL WHERE at<? AND question IS NOT NULL",
                (now - self.keep_days * DAY,),
            ).rowcount

    def prune(self, now: float) -> None:
        """Delete what outlived its purpose while the bot runs (hourly, with `expire`): flood
        windows, answered updates and remove confirmations past their keep times."""
        with self._write() as db:
            db.execute("DELETE FROM flood WHERE at<?", (now - FLOOD_KEEP,))
            db.execute("DELETE FROM flood_notified WHERE at<?", (now - FLOOD_KEEP,))
            db.execute("DELETE FROM journal WHERE done<?", (now - JOURNAL_KEEP,))
            db.execute("DELETE FROM confirmations WHERE created<?", (now - CONFIRM_KEEP,))

    def counts(self, since: float) -> tuple[int, int]:
        """(answered, declined) since a unix time."""
        [(answered, total)] = self._read(
            "SELECT COALESCE(SUM(answered),0), COUNT(*) FROM questions WHERE at>=?", since
        )
        return int(answered), int(total) - int(answered)

    def first_question(self) -> float | None:
        [(first,)] = self._read("SELECT MIN(at) FROM questions")
        return None if first is None else float(first)

    def latency_percentiles(self, since: float, shares: tuple[float, ...]) -> list[float]:
        [(count,)] = self._read("SELECT COUNT(*) FROM questions WHERE at>=?", since)
        found: list[float] = []
        for share in shares if count else ():
            offset = min(int(count), int(share * int(count)))
            [(value,)] = self._read(
                "SELECT latency_ms FROM questions WHERE at>=? ORDER BY latency_ms LIMIT 1 OFFSET ?",
                since,
                min(offset, int(count) - 1),
            )
            found.append(float(value))
        return found

    def declined_questions(self, since: float, limit: int = 5000) -> list[str]:
        rows = self._read(
            "SELECT question FROM questions WHERE at>=? AND answered=0 AND question IS NOT NULL"
            " ORDER BY at DESC LIMIT ?",
            since,
            limit,
        )
        return [str(row[0]) for row in rows]

    def per_day(self, since: float) -> list[tuple[str, int, int]]:
        """(YYYY-MM-DD in UTC, answered, declined) for each day with questions."""
        rows = self._read(
            "SELECT date(at, 'unixepoch'), SUM(answered), COUNT(*) - SUM(answered)"
            " FROM questions WHERE at>=? GROUP BY 1 ORDER BY 1",
            since,
        )
        return [(str(d), int(a), int(n)) for d, a, n in rows]

    def worst_rated(self, limit: int) -> list[Rated]:
        rows = self._read(
            "SELECT q.id, q.question, q.title, q.paragraph, SUM(v.vote>0), SUM(v.vote<0)"
            " FROM votes v JOIN questions q ON q.id=v.question_id GROUP BY q.id"
            " HAVING SUM(v.vote<0)>0 ORDER BY SUM(v.vote) ASC, SUM(v.vote<0) DESC, q.id DESC"
            " LIMIT ?",
            limit,
        )
        return [
            Rated(int(i), q if q is None else str(q), str(t), p, int(u), int(d))
            for i, q, t, p, u, d in rows
        ]

    def vote_totals(self) -> tuple[int, int]:
        [(up, down)] = self._read(
            "SELECT COALESCE(SUM(vote>0),0), COALESCE(SUM(vote<0),0) FROM votes"
        )
        return int(up), int(down)

    # ------------------------------------------------------------ the update journal

    def journal_add(self, update_id: int, payload: str, now: float) -> bool:
        """Write an update before Telegram is told it arrived; False if already journalled."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO journal (update_id, payload, owner, received)"
                " VALUES (?,?,?,?)",
                (update_id, payload, self.owner, now),
            )
            return cursor.rowcount == 1

    def journal_done(self, update_id: int, now: float) -> None:
        """Answered: the update's text (which holds the sender's raw id) is dropped; its
        number stays JOURNAL_KEEP, so that a re-delivery is recognised."""
        with self._write() as db:
            db.execute("UPDATE journal SET done=?, payload='' WHERE update_id=?", (now, update_id))

    def journal_take_undone(self, now: float) -> list[str]:
        """Updates whose replies were not sent by a process that is gone (or that has held
        them longer than JOURNAL_STALE): this process adopts them. Done updates older than
        JOURNAL_KEEP are dropped."""
        with self._write() as db:
            db.execute("DELETE FROM journal WHERE done<?", (now - JOURNAL_KEEP,))
            rows = db.execute(
                "SELECT update_id, payload, owner, received FROM journal WHERE done IS NULL"
                " ORDER BY update_id"
            ).fetchall()
            taken = [
                (u, p)
                for u, p, owner, received in rows
                if now - received > JOURNAL_STALE or not _alive(owner, self.owner)
            ]
            db.executemany(
                "UPDATE journal SET owner=? WHERE update_id=?", [(self.owner, u) for u, _ in taken]
            )
        return [str(payload) for _, payload in taken]

    # ------------------------------------------------------------ flood windows, confirmations

    def flood_add(self, guard: str, key: int, at: float) -> None:
        with self._write() as db:
            db.execute("INSERT INTO flood VALUES (?,?,?)", (guard, key, at))

    def flood_notified(self, guard: str, key: int, at: float) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO flood_notified VALUES (?,?,?)", (guard, key, at))

    def flood_load(
        self, guard: str, since: float
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """The (key, time) of questions and of notices since `since`, oldest first."""
        with self._write() as db:
            db.execute("DELETE FROM flood WHERE at<?", (since - FLOOD_KEEP,))
            db.execute("DELETE FROM flood_notified WHERE at<?", (since - FLOOD_KEEP,))
        times = self._read(
            "SELECT key, at FROM flood WHERE guard=? AND at>=? ORDER BY at", guard, since
        )
        told = self._read(
            "SELECT key, at FROM flood_notified WHERE guard=? AND at>=?", guard, since
        )
        return [(int(k), float(a)) for k, a in times], [(int(k), float(a)) for k, a in told]

    def confirmation_add(self, token: str, article: str, title: str, created: float) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO confirmations VALUES (?,?,?,?)", (token, article, title, created)
            )

    def confirmation_take(self, token: str, oldest: float) -> tuple[str, str] | None:
        """(article, title) of a pending removal created after `oldest`, removed; else None."""
        with self._write() as db:
            db.execute("DELETE FROM confirmations WHERE created<?", (oldest,))
            row = db.execute(
                "DELETE FROM confirmations WHERE token=? RETURNING article, title", (token,)
            ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))


def _alive(owner: str, me: str) -> bool:
    """Is the process that journalled an update still answering it? (Same host: ask the
    kernel; another host's worker is trusted to finish its own.)"""
    if owner == me:
        return False  # this very process: replaying at start, nothing else has it
    host, _, pid = owner.rpartition(":")
    if host != me.rpartition(":")[0]:
        return True
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError):
        return False
    except PermissionError:
        return True
    return True
