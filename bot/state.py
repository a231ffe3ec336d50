"""What the bot learns while running, in one SQLite file (bot/database.py): the question
log, readers' votes, the update journal, flood windows and pending remove confirmations
(those three: bot/state_delivery.py).

User ids are never stored: only a salted hash. Question texts are deleted after
`state.keep_days`; the rest of a row (its outcome) is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from bot.config import StateSettings
from bot.database import StateError
from bot.state_delivery import CONFIRM_KEEP, FLOOD_KEEP, JOURNAL_KEEP, Delivery

EXPIRE_EVERY = 3600.0  # seconds between deletions of old question texts
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


class State(Delivery):
    """What is stored, read and deleted; the connection and transactions are Database's,
    the update journal, flood windows and remove confirmations Delivery's."""

    def __init__(self, settings: StateSettings):
        self.keep_days = settings.keep_days
        self._last_expire = 0.0
        super().__init__(settings.path, settings.busy_timeout)
        self.expire(time.time())

    # ------------------------------------------------------------ questions and votes

    def log(self, asked: Asked) -> int:
        """Store one question; its id (votes refer to it). The same update logged again
        (answered again after a crash) updates its outcome and keeps its id."""
        if asked.at - self._last_expire > EXPIRE_EVERY:
            self.expire(asked.at)
            self.prune(asked.at)
            self.truncate_wal()  # what expire and prune deleted leaves the log too
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

    def vote_tag(self, update_id: int, chat_id: int) -> str:
        """What a vote button carries beside its update: a salted HMAC of the update and the
        chat the answer went to, so that a vote names an answer this bot sent into the chat
        it is pressed in (a forged or copied one matches no answer; bot/telegram/feedback.py).
        """
        message = f"vote:{update_id}:{chat_id}".encode()
        return hmac.new(self._salt, message, hashlib.sha256).hexdigest()[:16]

    def vote_on_update(self, update_id: int, user_id: int, vote: int, at: float) -> int | None:
        """`vote` on the question that came in update `update_id`; KeyError when there is
        none in the log (forgotten, or its line not written)."""
        found = self._read("SELECT id FROM questions WHERE update_id=?", update_id)
        if not found:
            raise KeyError(update_id)
        return self.vote(int(found[0][0]), user_id, vote, at)

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
