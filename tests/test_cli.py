"""The command line, run as a real subprocess: ask, ask --json, check, eval, chat, run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import CONFIG, PUBLIC_SET, ROOT, SQUAD


def run_bot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def test_ask_prints_passage_and_source() -> None:
    result = run_bot("ask", "How many people have fled Ukraine?")
    assert result.returncode == 0, result.stderr
    assert "660,000" in result.stdout
    assert "The Moscow Times" in result.stdout
    assert "https://www.themoscowtimes.com/" in result.stdout
    assert result.stdout.splitlines()[0] == "Nearly 660,000"  # the short answer comes first


def test_ask_json_reads_stdin_one_object_per_line_in_order() -> None:
    questions = [
        "How many people have fled Ukraine?",
        "What is the capital of France?",
        "   ",
        "!!!",
    ]
    result = run_bot("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [questions[0], questions[1], questions[3]]
    first, second, third = lines
    assert set(first) == {"question", "answered", "text", "passages", "answer"}
    assert first["answered"] is True
    assert first["answer"] == "Nearly 660,000" and first["text"].startswith("Nearly 660,000\n")
    best = first["passages"][0]
    assert set(best) == {"text", "score", "article", "source", "url", "published", "paragraph"}
    assert "660,000" in best["text"] and best["published"] == "2022-03-01"
    assert isinstance(best["paragraph"], int) and best["score"] > 0
    assert [p["score"] for p in first["passages"]] == sorted(
        (p["score"] for p in first["passages"]), reverse=True
    )
    assert second["answered"] is False and second["passages"] == []
    assert second["answer"] is None and third["answer"] is None
    assert "doesn’t say" in second["text"]
    assert third["answered"] is False


def test_check_counts_and_reports_problems(tmp_path: Path) -> None:
    ok = run_bot("check")
    assert ok.returncode == 0 and "article(s)" in ok.stdout
    (tmp_path / "bad.md").write_bytes(b"---\ntitle: x\n---\nbody")
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  path: .\n")
    bad = run_bot("--config", str(config), "check")
    assert bad.returncode == 1
    assert "bad.md" in bad.stdout and "missing front matter" in bad.stdout


def test_bad_config_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("retrieval:\n  k1: fast\n")
    result = run_bot("--config", str(config), "ask", "hello")
    assert result.returncode == 2
    assert "retrieval.k1" in result.stderr and result.stderr.startswith("config error: ")
    assert "Traceback" not in result.stderr


def test_eval_public_set_json() -> None:
    result = run_bot("eval", "--json", str(PUBLIC_SET))
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)
    assert report["answerable"] > 0 and report["unanswerable"] > 0
    assert {"accuracy", "top3", "mrr", "sentence_accuracy", "declined_right", "by_kind"} <= set(
        report
    )


def test_eval_reads_squad_json() -> None:
    result = run_bot("eval", str(SQUAD))
    assert result.returncode == 0, result.stderr
    assert "answerable 96" in result.stdout and "unanswerable 112" in result.stdout


def test_eval_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "set.yaml"
    bad.write_text("q: not a list\n")
    result = run_bot("eval", str(bad))
    assert result.returncode == 2 and "list" in result.stderr


def test_eval_refuses_an_alias_bomb_and_unreadable_values_naming_the_file(tmp_path: Path) -> None:
    """`yaml.safe_load` expanded aliases: nine levels of nine took the command's memory."""
    levels = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(f"- q: Who won?\n  expect: [{', '.join(levels)}]\n")
    started = time.monotonic()
    result = run_bot("eval", str(bomb))
    assert time.monotonic() - started < 60
    assert result.returncode == 2 and "Traceback" not in result.stderr and "lol" not in result.stderr
    assert f"{bomb}: cannot read: YAML anchors and aliases" in result.stderr
    huge = tmp_path / "huge.yaml"
    huge.write_text("- q: How many?\n  expect: " + "9" * 5000 + "\n")
    result = run_bot("eval", str(huge))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{huge}: cannot read: a value cannot be read" in result.stderr and "9" * 200 not in result.stderr


def test_chat_answers_until_eof() -> None:
    result = run_bot("chat", stdin="Who took the photo?\n")
    assert result.returncode == 0, result.stderr
    assert "Emilio Morenatti" in result.stdout


def test_config_option_after_the_command() -> None:
    result = run_bot("check", "--config", str(CONFIG))
    assert result.returncode == 0, result.stderr


def test_stats_reads_the_log_and_plots_and_backup_copies_it(tmp_path: Path) -> None:
    from bot.config import StateSettings
    from bot.state import Asked, State

    config = tmp_path / "config.yaml"
    config.write_text(f"knowledge:\n  path: {ROOT / 'knowledge'}\nstate:\n  path: data/s.db\n")
    missing = run_bot("--config", str(config), "stats")
    assert missing.returncode == 2 and "no state database at" in missing.stderr
    state = State(StateSettings(path=str(tmp_path / "data" / "s.db")))
    for text, answered in (("Who won?", True), ("Where is the zoo?", False)):
        state.log(Asked(time.time(), "private", 5, text, answered, 3.0, "a.md", "A", 1))
    state.close()
    result = run_bot("--config", str(config), "stats", "--plot", str(tmp_path / "chart.png"))
    assert result.returncode == 0, result.stderr
    assert "since the start        2 asked,       1 answered (50%)" in result.stdout
    assert "1. Where is the zoo? (1x)" in result.stdout
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    backup = run_bot("--config", str(config), "backup", str(tmp_path / "copy.db"))
    assert backup.returncode == 0, backup.stderr
    assert f"{tmp_path / 'copy.db.salt'} is the salt" in backup.stdout
    salt = (tmp_path / "data" / "s.db.salt").read_bytes()
    assert (tmp_path / "copy.db.salt").read_bytes() == salt
    copy = State(StateSettings(path=str(tmp_path / "copy.db")))
    assert copy.counts(0.0) == (1, 1)
    nowhere = run_bot("--config", str(config), "backup", str(tmp_path / "no" / "such" / "x.db"))
    assert nowhere.returncode == 1 and "cannot write" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr


def test_a_state_file_that_cannot_be_opened_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("state:\n  path: s.db\n")
    (tmp_path / "s.db").write_bytes(b"not a database, " * 100)
    for command in ("stats", "backup"):
        result = run_bot("--config", str(config), command, *(["x.db"] if command == "backup" else []))
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("error: state.path ") and "cannot open" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_bad_state_setting_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("state:\n  keep_days: 0\n")
    result = run_bot("--config", str(config), "stats")
    assert result.returncode == 2 and "state.keep_days" in result.stderr


def test_ask_conversation_answers_follow_ups_and_a_blank_line_starts_anew() -> None:
    stdin = "Who is the ICC prosecutor?\nWhat did he say last week?\n\n\nWhy?\n"
    result = run_bot("ask", "--conversation", "--json", stdin=stdin)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [
        "Who is the ICC prosecutor?",
        "What did he say last week?",
        "Why?",
    ]  # blank lines print nothing
    assert [line["follow_up"] for line in lines] == [None, "pronoun", None]
    assert "crime of aggression" in lines[1]["passages"][0]["text"]
    assert not lines[2]["answered"]  # a new conversation: "Why?" alone has no words to look for


def test_chat_keeps_the_conversation() -> None:
    stdin = "What did Zelenskiy call Russia?\nWhen was that?\n"
    result = run_bot("chat", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("early Tuesday bombing") == 2
