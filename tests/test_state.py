"""The state database (bot/state.py): schema, salt, retention, votes, /forget, journal,
flood windows, confirmations, backup, and several processes writing one file."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import StateSettings
from bot.database import MIGRATIONS, VERSION
from bot.limits import FloodGuard, Verdict
from bot.state import DAY, Asked, State, StateError
from bot.state_delivery import MAX_ATTEMPTS

NOW = 1_750_000_000.0


def open_state(path: Path, keep_days: int = 30) -> State:
    return State(StateSettings(path=str(path), keep_days=keep_days))


def asked(user: int = 7, answered: bool = True, at: float = NOW, text: str = "How tall?") -> Asked:
    return Asked(
        at=at,
        chat_type="private",
        user_id=user,
        question=text,
        answered=answered,
        latency_ms=12.5,
        article="a.md" if answered else "",
        title="A title" if answered else "",
        paragraph=3 if answered else None,
        reason="" if answered else "weak",
    )


def test_a_new_file_gets_the_schema_wal_and_a_private_salt(tmp_path: Path) -> None:
    state = open_state(tmp_path / "db" / "state.db")
    state.log(asked())
    state.close()
    db = sqlite3.connect(tmp_path / "db" / "state.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    salt = tmp_path / "db" / "state.db.salt"
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600 and len(salt.read_bytes()) == 32
    assert not [p for p in salt.parent.iterdir() if ".salt." in p.name]  # no scratch left


def test_user_ids_are_stored_only_as_salted_hashes(tmp_path: Path) -> None:
    state = open_state(tmp_path / "s.db")
    user = 123456789
    state.log(asked(user=user))
    state.vote(1, user, -1, NOW)
    state.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("s.db*") if not p.name.endswith("salt"))
    assert str(user).encode() not in raw
    assert str(user) not in "\n".join(sqlite3.connect(tmp_path / "s.db").iterdump())
    again = open_state(tmp_path / "s.db")  # the same salt: the same reader
    assert again.forget(user) == (1, 1)
    other = State(StateSettings(path=str(tmp_path / "other.db")))  # another install's salt
    assert other.user_hash(user) != again.user_hash(user)


@pytest.mark.parametrize("kept", [b"", b"short"])
def test_a_salt_file_cut_short_is_refused_not_used(tmp_path: Path, kept: bytes) -> None:
    """An empty salt made every hash a plain HMAC with no key, which anyone can compute
    for every user id: the database is refused by name until the salt is restored."""
    (tmp_path / "s.db.salt").write_bytes(kept)
    with pytest.raises(StateError, match=rf"s\.db\.salt holds {len(kept)} byte\(s\)"):
        open_state(tmp_path / "s.db")
    assert (tmp_path / "s.db.salt").read_bytes() == kept  # not replaced: old hashes need it


def test_a_newer_schema_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={VERSION + 1}")
    db.close()
    with pytest.raises(StateError, match="newer"):
        open_state(path)


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    open_state(tmp_path / "s.db").close()
    state = open_state(tmp_path / "s.db")  # CREATE TABLE would fail if it ran again
    assert state.counts(0.0) == (0, 0)


def test_an_update_answered_again_after_a_crash_is_logged_once(tmp_path: Path) -> None:

    state = open_state(tmp_path / "s.db")
    first = state.log(replace(asked(answered=False), update_id=501))
    again = state.log(replace(asked(answered=True), update_id=501))  # the replay
    assert again == first and state.counts(0.0) == (1, 0)  # one question, its last outcome
    other = state.log(replace(asked(), update_id=502))
    assert other != first and state.counts(0.0) == (2, 0)
    state.log(asked())  # no update (the terminal, a test): never merged
    state.log(asked())
    assert state.counts(0.0) == (4, 0)


def test_a_version_1_file_is_migrated_keeping_its_questions(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version=1")
    db.execute(
        "INSERT INTO questions (at, chat_type, user_hash, question, answered, latency_ms)"
        " VALUES (?, 'private', 'x', 'old one', 1, 3.0)",
        (NOW,),
    )
    db.commit()
    db.close()
    (tmp_path / "s.db.salt").write_bytes(os.urandom(32))  # made beside it at its first start
    state = open_state(path)
    assert state.counts(0.0) == (1, 0)

    state.log(replace(asked(), update_id=9))
    state.log(replace(asked(), update_id=9))
    assert state.counts(0.0) == (2, 0)


def test_question_texts_expire_but_outcomes_stay(tmp_path: Path) -> None:
    state = open_state(tmp_path / "s.db", keep_days=30)
    state.log(asked(answered=False, at=NOW - 31 * DAY, text="old gap"))
    state.log(asked(answered=False, at=NOW - 29 * DAY, text="recent gap"))
    assert state.expire(NOW) == 1
    assert state.declined_questions(0.0) == ["recent gap"]
    assert state.counts(0.0) == (0, 2)  # the expired one still counts


def test_one_vote_per_reader_per_answer_and_changeable(tmp_path: Path) -> None:
    state = open_state(tmp_path / "s.db")
    answer = state.log(asked())
    assert state.vote(answer, 1, 1, NOW) is None
    assert state.vote(answer, 1, 1, NOW) == 1  # the same again: one vote
    assert state.vote(answer, 1, -1, NOW) == 1  # changed
    assert state.vote(answer, 2, -1, NOW) is None
    assert state.vote_totals() == (0, 2)
    [worst] = state.worst_rated(5)
    assert (worst.question, worst.title, worst.paragraph, worst.up, worst.down) == (
        "How tall?",
        "A title",
        3,
        0,
        2,
    )
    with pytest.raises(KeyError):
        state.vote(answer + 100, 1, 1, NOW)


def test_forget_deletes_a_readers_questions_and_votes_only(tmp_path: Path) -> None:
    state = open_state(tmp_path / "s.db")
    mine, theirs = state.log(asked(user=1)), state.log(asked(user=2))
    state.vote(theirs, 1, -1, NOW)  # my vote on their answer
    state.vote(mine, 2, 1, NOW)  # their vote on my answer goes with my answer
    state.vote(theirs, 2, 1, NOW)
    assert state.forget(1) == (1, 2)
    assert state.counts(0.0) == (1, 0)
    assert state.vote_totals() == (1, 0)
    assert state.forget(1) == (0, 0)


def test_an_update_is_handled_at_most_max_attempts_times_across_restarts(tmp_path: Path) -> None:
    """Each adoption at a start and each retry while running counts: an update that kills
    the process handling it (or that never reaches its reader) is given up after the third,
    its text dropped, rather than replayed into every start."""
    state = open_state(tmp_path / "s.db")
    assert MAX_ATTEMPTS == 3
    state.journal_add(7, '{"update_id": 7}', NOW)  # attempt 1
    assert state.journal_again(7, NOW)  # attempt 2, while running
    gone = f"{os.uname().nodename}:0x"
    state.db.execute("UPDATE journal SET owner=? WHERE update_id=7", (gone,))
    assert state.journal_take_undone(NOW) == ([(7, '{"update_id": 7}')], [])  # attempt 3
    state.db.execute("UPDATE journal SET owner=? WHERE update_id=7", (gone,))
    assert state.journal_take_undone(NOW) == ([], [7])  # a fourth start: given up
    rows = state.db.execute("SELECT attempts, payload, done IS NOT NULL FROM journal")
    assert rows.fetchall() == [(3, "", 1)]
    state.journal_add(8, '{"update_id": 8}', NOW)
    assert state.journal_again(8, NOW) and state.journal_again(8, NOW)
    assert not state.journal_again(8, NOW)  # the fourth attempt while running: given up
    assert state.db.execute("SELECT payload, done FROM journal WHERE update_id=8").fetchone() == (
        "",
        NOW,
    )
    assert state.journal_take_undone(NOW + 601) == ([], [])


def test_journal_replays_only_undone_updates_of_a_gone_process(tmp_path: Path) -> None:
    state = open_state(tmp_path / "s.db")
    assert state.journal_add(1, '{"update_id": 1}', NOW)
    assert not state.journal_add(1, '{"update_id": 1}', NOW)  # a re-delivery
    assert state.journal_add(2, '{"update_id": 2}', NOW)
    state.journal_done(1, NOW)
    # a live process on this host (this one, under another name) keeps its updates
    state.db.execute("UPDATE journal SET owner=? WHERE update_id=2", (f"{os.uname().nodename}:1",))
    assert state.journal_take_undone(NOW) == ([], [])
    assert state.journal_take_undone(NOW + 601) == ([(2, '{"update_id": 2}')], [])  # held too long
    state.db.execute("UPDATE journal SET owner=? WHERE update_id=2", (f"{os.uname().nodename}:0x",))
    assert state.journal_take_undone(NOW) == ([(2, '{"update_id": 2}')], [])  # a dead one's
    state.journal_done(2, NOW)
    assert state.journal_take_undone(NOW + 2 * DAY) == ([], [])
    assert state.db.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == 0  # pruned


def test_flood_windows_survive_a_restart(tmp_path: Path) -> None:
    def guard(state: State) -> FloodGuard:
        made = FloodGuard(
            2,
            60.0,
            on_count=lambda k, at: state.flood_add("user", k, at),
            on_notify=lambda k, at: state.flood_notified("user", k, at),
        )
        made.restore(*state.flood_load("user", NOW - 60.0))
        return made

    first = guard(open_state(tmp_path / "s.db"))
    assert [first.check(5, NOW + n) for n in range(3)] == [
        Verdict.ALLOW,
        Verdict.ALLOW,
        Verdict.NOTIFY,
    ]
    again = guard(open_state(tmp_path / "s.db"))
    assert again.check(5, NOW + 3) is Verdict.DROP  # full, and already told
    assert again.check(6, NOW + 3) is Verdict.ALLOW  # another user is not held up
    assert again.check(5, NOW + 61) is Verdict.ALLOW  # the window passed


def test_a_remove_confirmation_is_taken_once_and_expires(tmp_path: Path) -> None:
    state = open_state(tmp_path / "s.db")
    state.confirmation_add("tok", "a.md", "A title", NOW)
    state.confirmation_add("old", "b.md", "B", NOW - 700)
    again = open_state(tmp_path / "s.db")  # after a restart
    assert again.confirmation_take("tok", NOW - 600) == ("a.md", "A title")
    assert again.confirmation_take("tok", NOW - 600) is None
    assert again.confirmation_take("old", NOW - 600) is None


def test_online_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    state = open_state(tmp_path / "s.db")
    for n in range(50):
        state.log(asked(user=n))
    state.backup(tmp_path / "copy.db")
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 50
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _writer(path: str, user: int, count: int) -> None:
    state = State(StateSettings(path=path))
    for n in range(count):
        answer = state.log(asked(user=user, text=f"q{n}"))
        state.vote(answer, user, 1, NOW)
        state.journal_add(user * 10_000 + n, "{}", NOW)
    state.close()


def test_several_processes_share_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    open_state(Path(path)).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, user, 150)) for user in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    state = open_state(Path(path))
    assert state.counts(0.0) == (600, 0)
    assert state.vote_totals() == (600, 0)
    assert state.db.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == 600
    assert state.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_in_memory_when_no_path_is_set() -> None:
    state = State(StateSettings())
    state.log(asked())
    assert state.counts(0.0) == (1, 0)


def test_an_unusable_path_is_a_clear_error_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StateError, match=r"state.path .*file/s.db: cannot open"):
        open_state(tmp_path / "file" / "s.db")  # its folder is a file
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    with pytest.raises(StateError, match="cannot open the state database"):
        open_state(tmp_path / "junk.db")


def test_a_running_bot_prunes_what_outlived_its_keep_time(tmp_path: Path) -> None:
    """Flood windows, answered updates and stale confirmations go hourly while questions come,
    not only at a restart; an answered update keeps its number but not its text (raw ids)."""
    state = open_state(tmp_path / "s.db")
    now = time.time()
    state.flood_add("user", 5, now - 2 * 3600)  # an old window
    state.flood_add("user", 6, now + 3000)  # one still live at the hourly clean-up
    state.journal_add(1, '{"update_id": 1, "from": {"id": 424242}}', now - 2 * DAY)
    state.journal_done(1, now - 2 * DAY)
    state.journal_add(2, '{"update_id": 2, "from": {"id": 434343}}', now)
    state.journal_done(2, now)
    state.confirmation_add("old", "a.md", "A", now - 2 * 3600)
    rows = state.db.execute("SELECT update_id, payload FROM journal ORDER BY 1").fetchall()
    assert rows == [(1, ""), (2, "")]  # the texts, with the senders' ids, are gone at once
    state.log(asked(at=now + 1))  # within the hour of opening: nothing pruned yet
    assert state.db.execute("SELECT COUNT(*) FROM flood").fetchone()[0] == 2
    state.log(asked(at=now + 3601))
    assert state.db.execute("SELECT key FROM flood").fetchall() == [(6,)]
    assert state.db.execute("SELECT update_id FROM journal").fetchall() == [(2,)]
    assert state.db.execute("SELECT COUNT(*) FROM confirmations").fetchone()[0] == 0
    assert not state.journal_add(2, '{"update_id": 2}', now + 3602)  # a re-delivery, still known


def test_what_the_clean_up_deletes_leaves_the_files_on_disk_too(tmp_path: Path) -> None:
    """A journalled update holds the sender's raw id and name, an old question its text:
    once answered or expired they must be gone from the bytes on disk, the write-ahead log
    included (it kept the old page images, hundreds of copies, while the bot ran)."""
    path = tmp_path / "s.db"
    now = time.time()
    state = open_state(path)
    for update in range(1, 30):
        state.journal_add(update, f'{{"from": {{"id": 771177117711, "first_name": "Zebediah"}}, "n": {update}}}', now)
    state.log(asked(at=now - 40 * DAY, text="Where is the Quillobar monument?"))
    state.close()  # the undone updates and the question are now in the file itself
    state = open_state(path)  # expires the old question's text at start
    for update in range(1, 30):
        state.journal_done(update, now)
    state.log(asked(at=now + 3601))  # the hourly clean-up while questions come

    def found() -> list[tuple[str, bytes]]:
        secrets = (b"771177117711", b"Zebediah", b"Quillobar")
        return [(f.name, s) for f in tmp_path.iterdir() for s in secrets if s in f.read_bytes()]

    assert found() == []  # while the bot still runs, its files open
    assert state.db.execute("PRAGMA secure_delete").fetchone() == (1,)
    state.close()
    assert found() == []


def test_a_write_waits_state_busy_timeout_for_another_process_s_transaction(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    quick = State(StateSettings(path=str(path), busy_timeout=0.2))
    other = sqlite3.connect(path, isolation_level=None)  # another process, holding the write lock
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        quick.log(asked())
    assert 0.15 < time.monotonic() - started < 5  # the setting's wait, not the default 10 s
    other.execute("ROLLBACK")
    quick.log(asked())  # free again: written
    assert quick.counts(0.0) == (1, 0)
    other.close()
    quick.close()


def test_the_database_its_log_and_a_backup_are_readable_by_their_owner_alone(
    tmp_path: Path,
) -> None:
    """They hold question texts, and the journal each update's raw sender id and name until
    it is answered: made with the process's umask (022: 0644), any local user read them."""
    old = os.umask(0o022)
    try:
        state = open_state(tmp_path / "s.db")
        state.journal_add(1, '{"update_id": 1, "message": {"from": {"id": 123456789}}}', NOW)
        state.backup(tmp_path / "copy.db")
        modes = {
            p.name: stat.S_IMODE(p.stat().st_mode)
            for p in tmp_path.iterdir()
            if p.name.startswith(("s.db", "copy.db"))
        }
        state.close()
    finally:
        os.umask(old)
    assert {"s.db", "s.db-wal", "s.db.salt", "copy.db", "copy.db.salt"} <= modes.keys()
    assert set(modes.values()) == {0o600}, modes


def test_a_backup_over_an_older_readable_copy_is_made_private(tmp_path: Path) -> None:
    """A nightly `backup FILE` onto the same path, first written 0644 (by a version before
    round 18, or by hand): the copy of question texts and raw ids kept that mode."""
    state = open_state(tmp_path / "s.db")
    for name in ("copy.db", "copy.db.salt"):
        (tmp_path / name).write_bytes(b"")
        (tmp_path / name).chmod(0o644)
    state.backup(tmp_path / "copy.db")
    state.close()
    for name in ("copy.db", "copy.db.salt"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_a_vote_tag_binds_the_update_and_the_chat_under_the_installs_salt(
    tmp_path: Path,
) -> None:
    state = open_state(tmp_path / "s.db")
    tag = state.vote_tag(501, 77)
    assert len(tag) == 16 and int(tag, 16) >= 0
    assert tag not in {state.vote_tag(502, 77), state.vote_tag(501, 78), state.vote_tag(77, 501)}
    state.log(replace(asked(), update_id=501))
    assert state.vote_on_update(501, 1, -1, NOW) is None
    assert state.vote_on_update(501, 1, -1, NOW) == -1  # the same again: one vote
    with pytest.raises(KeyError):
        state.vote_on_update(502, 1, 1, NOW)  # no question came in update 502
    state.close()
    assert open_state(tmp_path / "s.db").vote_tag(501, 77) == tag  # a restart: buttons hold
    assert open_state(tmp_path / "other.db").vote_tag(501, 77) != tag  # another install's salt


async def test_work_handed_to_the_database_thread_keeps_its_order_and_close_finishes_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """What the bot hands over without waiting (log lines, flood windows, done marks) is
    written in order before anything handed over after it, a failure is logged and stops
    nothing, and closing writes what is still waiting."""
    state = open_state(tmp_path / "s.db")
    for update_id in range(50):
        state.later(state.journal_add, update_id, "{}", NOW, failed="not journalled")
    state.later(state.flood_add, "user", [1], NOW, failed="a window not saved")  # cannot bind
    state.later(state.vote_on_update, 999, 1, 1, NOW, failed="a vote on nothing")  # KeyError
    taken, _ = await state.run(state.journal_take_undone, NOW)
    assert [update_id for update_id, _ in taken] == list(range(50))
    for update_id in range(50):
        state.later(state.journal_done, update_id, NOW, failed="not marked done")
    state.close()
    warned = [(r.levelname, r.getMessage().partition(":")[0]) for r in caplog.records]
    assert warned == [("WARNING", "a window not saved"), ("ERROR", "a vote on nothing")]
    db = sqlite3.connect(tmp_path / "s.db")
    assert db.execute("SELECT COUNT(*) FROM journal WHERE done IS NULL").fetchone() == (0,)


def test_a_write_at_once_waits_a_moment_not_the_busy_timeout(tmp_path: Path) -> None:
    """The journal's entry is written on the event loop: with the file locked by another
    connection, or the database's thread waiting for it, it fails within its wait instead of
    the 10 s busy timeout; once the file is free it is made."""
    state = open_state(tmp_path / "s.db")
    other = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    waits = []
    for thread_waiting in (False, True):
        if thread_waiting:
            state.later(state.flood_add, "user", 1, NOW, failed="a window not saved")
            time.sleep(0.2)  # the thread now holds the connection, waiting for the file
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError):
            state.at_once(state.journal_add, 1, "{}", NOW, wait=0.05)
        waits.append(time.monotonic() - started)
    other.execute("COMMIT")
    deadline = time.monotonic() + 5
    while True:  # as polling asks again
        try:
            assert state.at_once(state.journal_add, 1, "{}", NOW, wait=0.05) is True
            break
        except sqlite3.OperationalError:
            assert time.monotonic() < deadline
    state.close()
    assert max(waits) < 1.0, waits
    db = sqlite3.connect(tmp_path / "s.db")
    counts = "SELECT (SELECT COUNT(*) FROM journal), (SELECT COUNT(*) FROM flood)"
    assert db.execute(counts).fetchone() == (1, 1)


def test_a_backup_with_its_salt_restores_and_without_it_is_refused(tmp_path: Path) -> None:
    """`backup` copied the database alone: restored, it opened with a new salt made on the
    spot, so /forget found none of a reader's old rows and no old vote button matched."""
    state = open_state(tmp_path / "live.db")
    state.log(asked(user=771177117711, text="Who won?"))
    tag = state.vote_tag(1, 42)
    state.backup(tmp_path / "copy.db")
    state.close()
    assert (tmp_path / "copy.db.salt").read_bytes() == (tmp_path / "live.db.salt").read_bytes()
    assert (tmp_path / "copy.db.salt").stat().st_mode & 0o777 == 0o600
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(tmp_path / "copy.db", restored / "s.db")
    shutil.copy(tmp_path / "copy.db.salt", restored / "s.db.salt")
    again = open_state(restored / "s.db")
    assert again.vote_tag(1, 42) == tag
    assert again.forget(771177117711) == (1, 0)
    again.close()
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(tmp_path / "copy.db", alone / "s.db")
    with pytest.raises(StateError, match=r"s\.db\.salt is missing"):
        open_state(alone / "s.db")
    assert not (alone / "s.db.salt").exists()  # no new salt made in its place
    (alone / "s.db.salt").write_bytes(os.urandom(32))  # another install's salt
    with pytest.raises(StateError, match="not the salt"):
        open_state(alone / "s.db")


@pytest.mark.parametrize("refusal", ["salt is missing", "not the salt", "newer"])
def test_a_refused_database_is_closed_not_held_open(tmp_path: Path, refusal: str) -> None:
    """A database refused at open (its salt missing or another install's, a newer schema)
    kept its connection open until the process exited. SQLite removes a WAL database's -wal
    and -shm files when its last connection closes: none is left while the refusal is held."""
    state = open_state(tmp_path / "s.db")
    state.log(asked())
    state.close()
    if refusal == "salt is missing":
        (tmp_path / "s.db.salt").unlink()
    elif refusal == "not the salt":
        (tmp_path / "s.db.salt").write_bytes(os.urandom(32))
    else:
        db = sqlite3.connect(tmp_path / "s.db")
        db.execute(f"PRAGMA user_version={VERSION + 1}")
        db.close()
    logs = [tmp_path / "s.db-wal", tmp_path / "s.db-shm"]
    assert not any(log.exists() for log in logs)  # closed: gone
    with pytest.raises(StateError, match=refusal) as refused:
        open_state(tmp_path / "s.db")
    assert refused.value.__traceback__ is not None  # the refusal, and the frames it holds, kept
    assert not any(log.exists() for log in logs)


def test_a_database_of_before_the_salt_check_with_its_salt_opens(tmp_path: Path) -> None:
    """A file of schema 3 (no record of its salt) opens with its salt and is checked from
    then on; an empty database whose salt is gone is simply started afresh."""
    state = open_state(tmp_path / "s.db")
    state.log(asked(user=5))
    state.db.execute("DELETE FROM salt_check")
    state.close()
    assert open_state(tmp_path / "s.db").forget(5) == (1, 0)
    (tmp_path / "s.db.salt").unlink()
    with pytest.raises(StateError, match="is missing"):
        open_state(tmp_path / "s.db")
    (tmp_path / "new.db").touch()
    open_state(tmp_path / "new.db").close()
    assert (tmp_path / "new.db.salt").exists()
