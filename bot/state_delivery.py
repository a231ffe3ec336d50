"""Telegram's delivery, in the state database (bot/database.py): the update journal (each
update written before Telegram is told it arrived, so none is lost and a re-delivery is
answered once), the flood windows and the pending remove confirmations. `State`
(bot/state.py) adds the question log and the votes; `State.prune` drops what outlived
the keep times here.
"""

from __future__ import annotations

import os

from bot.database import Database

JOURNAL_KEEP = 86400.0  # seconds a done update stays in the journal (to drop a re-delivery)
JOURNAL_STALE = 600.0  # seconds after which an undone update is adopted whatever its owner
FLOOD_KEEP = 3600.0  # seconds of flood windows kept
CONFIRM_KEEP = 3600.0  # seconds a remove confirmation is kept (it is valid for 10 minutes)
# times an update is handled at most: again while the reader got nothing (Telegram unreachable
# for the answer and for the apology), or after a restart (a process killed while handling it)
MAX_ATTEMPTS = 3


class Delivery(Database):
    """The journal, flood and confirmation tables; `owner` names this process in the journal."""

    def __init__(self, path: str, busy_timeout: float):
        self.owner = f"{os.uname().nodename}:{os.getpid()}"
        super().__init__(path, busy_timeout)

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

    def journal_again(self, update_id: int, now: float) -> bool:
        """Count one more attempt at an undone update: False (and marked done, its text
        dropped) when it already had MAX_ATTEMPTS."""
        with self._write() as db:
            more = db.execute(
                "UPDATE journal SET attempts=attempts+1, owner=?"
                " WHERE update_id=? AND done IS NULL AND attempts<?",
                (self.owner, update_id, MAX_ATTEMPTS),
            ).rowcount
            if not more:
                db.execute(
                    "UPDATE journal SET done=?, payload='' WHERE update_id=?", (now, update_id)
                )
        return more == 1

    def journal_take_undone(self, now: float) -> tuple[list[tuple[int, str]], list[int]]:
        """The updates whose replies were not sent by a process that is gone (or that has held
        them longer than JOURNAL_STALE), which this process adopts, one more attempt each:
        (update id, payload) of those to handle again, and the ids of those given up (they had
        MAX_ATTEMPTS already; marked done, their text dropped). Done updates older than
        JOURNAL_KEEP are dropped."""
        with self._write() as db:
            db.execute("DELETE FROM journal WHERE done<?", (now - JOURNAL_KEEP,))
            rows = db.execute(
                "SELECT update_id, payload, owner, received, attempts FROM journal"
                " WHERE done IS NULL ORDER BY update_id"
            ).fetchall()
            adopted = [
                (int(u), str(p), int(attempts))
                for u, p, owner, received, attempts in rows
                if now - received > JOURNAL_STALE or not _alive(owner, self.owner)
            ]
            taken = [(u, p) for u, p, attempts in adopted if attempts < MAX_ATTEMPTS]
            given_up = [u for u, _, attempts in adopted if attempts >= MAX_ATTEMPTS]
            db.executemany(
                "UPDATE journal SET owner=?, attempts=attempts+1 WHERE update_id=?",
                [(self.owner, u) for u, _ in taken],
            )
            db.executemany(
                "UPDATE journal SET done=?, payload='' WHERE update_id=?",
                [(now, u) for u in given_up],
            )
        return taken, given_up

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
