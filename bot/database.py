"""The state's SQLite file: opened for several processes, migrated, one transaction at a time.

The standard library's sqlite3 in WAL mode with a busy timeout, so several bot
processes (webhook workers) and `python -m bot stats` share the file safely.
The bot's event loop never waits on the file: it hands each write to the
database's own thread (`run`, awaited; `later`, not), which does them one at a
time in the order they came, so a file another process holds locked delays
those writes, not every chat. The one write made on the loop, an update's
journal entry (bot/telegram/journal.py), waits at most a moment (`at_once`).
`PRAGMA user_version` is the schema version; `MIGRATIONS` bring an older file up
to date at open. Ids are only ever stored as a salted hash, with the salt
generated per install in `<database>.salt` beside the file (bot/state.py says
what is stored).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from bot.errors import NewsbotError

log = logging.getLogger(__name__)
T = TypeVar("T")

# Schema version N is reached by running bot/data/state_N.sql; add a file to migrate.
MIGRATIONS: tuple[str, ...] = tuple(
    path.read_text(encoding="utf-8")
    for path in sorted(
        (Path(__file__).parent / "data").glob("state_*.sql"), key=lambda p: int(p.stem[6:])
    )
)
VERSION = len(MIGRATIONS)


class StateError(NewsbotError, RuntimeError):
    """The database is newer than this code, or cannot be opened."""

    exit_code = 2


class Database:
    """One connection under a lock; from an event loop, used through the database's own
    thread (`run`, `later`). An empty `path` keeps the database in memory."""

    def __init__(self, path: str, busy_timeout: float):
        """`busy_timeout`: seconds a write waits for another process's transaction
        (state.busy_timeout)."""
        self.path, self.busy_timeout = path, busy_timeout
        self._lock = threading.RLock()  # `at_once` holds it around a write that takes it
        # one thread (started at the first use): the writes keep the order they came in
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="state")
        target = path or ":memory:"
        try:
            if path:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                _private(Path(path))
            self.db = sqlite3.connect(
                target, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            try:
                self._salt = self._prepared(path)
            except BaseException:  # refused (a newer schema, a missing or another salt):
                self.db.close()  # the file is not held open until the process exits
                raise
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"state.path {target}: cannot open the state database: {exc}") from exc

    def _prepared(self, path: str) -> bytes:
        """Set the connection up and bring the schema up to date; the install's salt."""
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # durable against a kill, not power loss
        self.db.execute("PRAGMA foreign_keys=ON")
        # deleted rows (journalled updates with raw ids, expired questions) are zeroed in
        # the file, not left in free space: Debian's SQLite does so by default, others not
        self.db.execute("PRAGMA secure_delete=ON")
        self._migrate()
        return self._checked_salt(Path(path + ".salt")) if path else os.urandom(32)

    def _checked_salt(self, path: Path) -> bytes:
        """The salt in `path`, made there if this database holds no hashes yet; the database
        records which salt its hashes were made with (an HMAC of a fixed text, not the salt):
        a copy restored without its salt, or with another install's, is refused, where a new
        salt made on the spot would have left every old row out of a reader's /forget."""
        if not path.exists() and self._holds_hashes():
            raise StateError(
                f"{path} is missing, and {self.path} holds hashes made with it: put the salt"
                " back beside it (a backup's FILE.salt), or delete the database with it"
            )
        salt = _salt(path)
        mark = hmac.new(salt, b"newsbot state salt", hashlib.sha256).hexdigest()[:32]
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO salt_check (id, mark) VALUES (1, ?)", (mark,))
            [(found,)] = db.execute("SELECT mark FROM salt_check").fetchall()
        if found != mark:
            raise StateError(
                f"{path} is not the salt {self.path}'s hashes were made with: put back the one"
                " saved with it (a backup's FILE.salt)"
            )
        return salt

    def _holds_hashes(self) -> bool:
        [(held,)] = self._read(
            "SELECT EXISTS (SELECT 1 FROM salt_check) OR EXISTS (SELECT 1 FROM questions)"
            " OR EXISTS (SELECT 1 FROM votes)"
        )
        return bool(held)

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """`work(*args)` on the database's thread, after everything handed to it before;
        the event loop runs on while it waits for the file."""
        return await asyncio.wrap_future(self._thread.submit(work, *args))

    def later(self, work: Callable[..., object], *args: object, failed: str) -> None:
        """`work(*args)` on the database's thread, in order, not waited for: what an answer
        need not wait for. Its failure is logged as `failed: <the error>`."""

        def logged(done: Future[object]) -> None:
            error = done.exception()
            if isinstance(error, sqlite3.Error):  # locked past the busy timeout, a full disk
                log.warning("%s: %s", failed, error)
            elif error is not None:
                log.error("%s", failed, exc_info=error)

        self._thread.submit(work, *args).add_done_callback(logged)

    def at_once(self, work: Callable[..., T], *args: object, wait: float) -> T:
        """`work(*args)` on the calling thread (the event loop), waiting at most `wait`
        seconds for the connection and again for the file; sqlite3.OperationalError when
        either stays busy (the database's thread waiting for a file another process holds
        locked, or that process itself)."""
        if not self._lock.acquire(timeout=wait):
            raise sqlite3.OperationalError("database is locked (its thread waits for the file)")
        try:
            with self._busy_timeout(wait):
                return work(*args)
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def _busy_timeout(self, seconds: float) -> Iterator[None]:
        """Wait at most `seconds` for another connection's lock meanwhile (lock held)."""
        self.db.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")

    def _migrate(self) -> None:
        with self._write():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > VERSION:
                raise StateError(f"{self.path}: schema {version} is newer than this bot's")
            for number in range(version, VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={VERSION}")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE takes the write lock at once (no deadlock)."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def _read(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.db.execute(sql, args).fetchall()

    def truncate_wal(self) -> None:
        """Copy the write-ahead log into the file and empty it: the log keeps old page
        images, deleted rows included, until overwritten (a quiet bot: for days)."""
        with self._lock, self._busy_timeout(0):  # another's open read makes it a no-op
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def user_hash(self, user_id: int) -> str:
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]

    def key_of(self, chat_or_user_id: int) -> int:
        """A salted 60-bit number standing for an id (flood windows key on it)."""
        return int(self.user_hash(chat_or_user_id)[:15], 16)

    def close(self) -> None:
        """Close the file once everything handed to the database's thread is done."""
        self._thread.shutdown(wait=True)
        with self._lock:
            self.db.close()

    def backup(self, target: Path) -> list[Path]:
        """SQLite's online backup, a consistent copy while the bot keeps writing, and the
        salt beside it (`target`.salt), both 0600: restored together (stopped, copied to
        state.path and state.path.salt) its hashes match their readers again. The files
        written."""
        _private(target)
        target.chmod(0o600)  # an older copy there, made with another mode, too
        destination = sqlite3.connect(str(target))
        try:
            with self._lock:
                self.db.backup(destination)
        finally:
            destination.close()
        if not self.path:
            return [target]
        salt = target.with_name(target.name + ".salt")
        fd = os.open(salt, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), 0o600)
            file.write(self._salt)
        return [target, salt]


MIN_SALT = 16  # bytes; the salt made is 32


def _private(path: Path) -> None:
    """Create the file `path` readable and writable by its owner alone (0600), unless it
    exists: SQLite makes its -wal and -shm files with the database's mode. It holds question
    texts, and the journal each update's raw sender id and name until it is answered."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _salt(path: Path) -> bytes:
    """The install's salt: read it, or create it (0600) exactly once even when racing.
    One cut short (it is made whole, then linked in place) is refused: an empty key would
    make every stored hash computable from the user id alone."""
    with contextlib.suppress(FileNotFoundError):
        return _whole(path, path.read_bytes())
    scratch = path.with_name(f"{path.name}.{secrets.token_hex(4)}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(os.urandom(32))
    try:
        os.link(scratch, path)  # atomic: fails when another process won the race
    except FileExistsError:
        pass
    finally:
        scratch.unlink()
    return _whole(path, path.read_bytes())


def _whole(path: Path, salt: bytes) -> bytes:
    if len(salt) < MIN_SALT:
        raise StateError(
            f"{path} holds {len(salt)} byte(s), not a salt of {MIN_SALT} or more: restore it"
            " from a backup, or delete it with the database (its hashes then match no one)"
        )
    return salt
