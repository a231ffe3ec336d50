"""Knowledge files as real folders hold them: tolerant of variety, strict about hostility."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.errors import MAX_MESSAGE
from bot.knowledge import (
    MAX_PASSAGE_CHARS,
    MAX_PASSAGE_WORDS,
    ArticleError,
    load_folder,
    parse_article,
    read_file,
    split_passages,
)
from bot.library import Library
from tests.pages import PAGES

HEAD = "---\ntitle: Bridge reopens\nsource: Town Post\nurl: https://town.example/b\npublished: 2021-06-01\n"
BODY = "---\nThe old bridge reopened on Monday after a year of repairs.\n"


def article(extra: str = "") -> bytes:
    return (HEAD + extra + BODY).encode()


@pytest.mark.parametrize("extra", ["licence: CC BY 2.5\n", "tags: [a, b]\n", "lang: en\n"])
def test_extra_front_matter_keys_load_with_a_warning(extra: str) -> None:
    loaded = parse_article(article(extra), key="b.md")
    key = extra.split(":")[0]
    assert loaded.title == "Bridge reopens"
    assert loaded.notes == () if key == "tags" else any(key in n for n in loaded.notes)


def test_a_near_miss_of_a_known_key_says_which_was_meant() -> None:
    loaded = parse_article(article("captoin: Workers on the bridge.\n"), key="b.md")
    assert loaded.notes == ("unknown front matter key 'captoin' ignored (did you mean `caption`?)",)
    with pytest.raises(ArticleError, match=r"missing front matter key.*published.*'publshed'"):
        parse_article(article().replace(b"published:", b"publshed:"), key="b.md")
    assert parse_article(article("lang: en\nlicence: CC\n"), key="b.md").notes == (
        "unknown front matter key(s) ignored: 'lang', 'licence'",
    )


def test_check_and_the_reload_report_show_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b.md").write_bytes(article("licence: CC BY 2.5\n"))
    config = tmp_path / "config.yaml"
    config.write_text(f"knowledge:\n  path: {tmp_path}\n  cache: false\n")
    assert main(["--config", str(config), "check"]) == 0
    out = capsys.readouterr().out
    assert "warning: b.md: unknown front matter key(s) ignored: 'licence'" in out
    assert "1 article(s)" in out and "1 warning(s)" in out


def test_md_without_front_matter_and_short_txt_load_with_the_first_line_as_title() -> None:
    md = parse_article(b"# Bridge reopens\nThe old bridge reopened on Monday.\n", key="b.md")
    txt = parse_article(b"Bridge reopens\nThe old bridge reopened on Monday.\n", key="b.txt")
    for loaded in (md, txt):
        assert loaded.title == "Bridge reopens"
        assert loaded.paragraphs == ("The old bridge reopened on Monday.",)
    assert md.notes and not txt.notes  # .md promises front matter: say it had none
    with pytest.raises(ArticleError, match="no article text after the title"):
        parse_article(b"Bridge reopens\n", key="b.txt")


def test_an_alias_bomb_is_refused_at_once_in_little_memory() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    data = f"---\ntitle: T\nsource: S\npublished: 2021-01-01\ncaption: *j\n{bomb}---\nBody text here.\n".encode()
    tracemalloc.start()
    started = time.process_time()  # CPU time: a busy machine's waiting is not counted
    with pytest.raises(ArticleError, match=r"alias|anchor") as raised:
        parse_article(data, key="bomb.md")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # expanding the bomb took minutes of CPU and 9 GB; refusing it takes milliseconds
    assert time.process_time() - started < 1.0 and peak < 5_000_000
    assert len(str(raised.value)) <= MAX_MESSAGE


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2022-02-30", "cannot be read: day is out of range"),
        ("2022-13-01", "cannot be read"),
        ("2022-01-01 25:00:00", "cannot be read|ISO date"),
        ("1" * 5000, "cannot be read|ISO date"),
        ("[" * 1500 + "]" * 1500, "nests deeper than 20"),
    ],
)
def test_impossible_values_are_the_file_s_error_with_a_short_message(value: str, reason: str) -> None:
    data = f"---\ntitle: T\nsource: S\npublished: {value}\n---\nBody text here.\n".encode()
    with pytest.raises(ArticleError, match=reason) as raised:
        parse_article(data, key="odd.md")
    assert len(str(raised.value)) <= MAX_MESSAGE


def test_links_leaving_the_folder_are_refused_and_dangling_ones_named(tmp_path: Path) -> None:
    folder, outside = tmp_path / "knowledge", tmp_path / "secret.md"
    folder.mkdir()
    outside.write_bytes(article())
    (folder / "good.md").write_bytes(article())
    (folder / "inside.md").symlink_to(folder / "good.md")
    (folder / "leak.md").symlink_to(outside)
    (folder / "gone.md").symlink_to(tmp_path / "nothing.md")
    (folder / "up.md").symlink_to("../secret.md")
    knowledge = load_folder(folder)
    assert sorted(a.key for a in knowledge.articles) == ["good.md", "inside.md"]
    reasons = {e.path.name: e.reason for e in knowledge.errors}
    assert reasons == {
        "gone.md": "broken symbolic link: its target does not exist",
        "leak.md": "symbolic link to a file outside the knowledge folder: refused",
        "up.md": "symbolic link to a file outside the knowledge folder: refused",
    }


def test_every_file_has_a_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"Title\n\n" + b"word " * 3000)
    (tmp_path / "small.md").write_bytes(article())
    knowledge = load_folder(tmp_path, max_bytes=10_000)
    assert [a.key for a in knowledge.articles] == ["small.md"]
    assert knowledge.errors[0].reason == "the file is 15,007 bytes; the limit is 10,000"


def test_a_paragraph_without_sentence_ends_is_cut_at_word_boundaries() -> None:
    words = [f"w{n}" for n in range(1000)]
    loaded = parse_article(("Title\n\n" + " ".join(words)).encode(), key="run.txt")
    parts = [p for p in split_passages(loaded) if p.kind == "body"]
    assert len(parts) == 9 and all(len(p.text.split()) <= MAX_PASSAGE_WORDS for p in parts)
    assert " ".join(p.text for p in parts).split() == words  # nothing lost, no word split
    glued = parse_article(("Title\n\n" + "x" * 10_000).encode(), key="glued.txt")
    pieces = [p.text for p in split_passages(glued) if p.kind == "body"]
    assert "".join(pieces) == "x" * 10_000 and max(map(len, pieces)) <= MAX_PASSAGE_CHARS


def test_a_sentence_that_fits_is_not_cut() -> None:
    text = "The council met. " * 30
    loaded = parse_article(("Title\n\n" + text).encode(), key="s.txt")
    assert all(p.text.endswith("met.") for p in split_passages(loaded) if p.kind == "body")


def test_a_saved_web_page_in_the_folder_loads_like_markdown(tmp_path: Path) -> None:
    os.symlink(PAGES / "library.html", tmp_path / "outside-link.html")  # refused: outside
    (tmp_path / "library.html").write_bytes((PAGES / "library.html").read_bytes())
    (tmp_path / "home.htm").write_bytes(b"<html><body><a href='/'>Home</a></body></html>")
    knowledge = load_folder(tmp_path)
    (page,) = knowledge.articles
    assert (page.key, page.source, page.title) == (
        "library.html",
        "The Riverside Gazette",
        "City library opens a rooftop reading garden",
    )
    reasons = {e.path.name: e.reason for e in knowledge.errors}
    assert "outside the knowledge folder" in reasons["outside-link.html"]
    assert "no article text" in reasons["home.htm"] or "too short" in reasons["home.htm"]


def test_check_on_an_empty_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    (tmp_path / "empty").mkdir()
    config.write_text("knowledge:\n  path: empty\n")
    assert main(["--config", str(config), "check"]) == 1
    assert "is empty: add .md, .txt or .html files" in capsys.readouterr().out


def test_ask_names_the_config_and_folder_when_they_are_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  path: nowhere\n")
    assert main(["--config", str(config), "ask", "Who?"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'nowhere'} does not exist" in err and f"config: {config}" in err
    (tmp_path / "nowhere").mkdir()
    assert main(["--config", str(config), "ask", "Who?"]) == 0
    assert f"No articles found in {tmp_path / 'nowhere'} (config: {config})" in capsys.readouterr().err


def test_a_malformed_token_is_refused_before_any_network_call(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("telegram:\n  token: 'not a token'\n  base_url: http://127.0.0.1:9/bot\n")
    assert main(["--config", str(config), "run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "malformed" in err and "not a token" not in err


def test_a_file_longer_than_its_size_when_opened_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file is read in calls of its size when opened, then on to its end: one that grew
    meanwhile is read whole, and refused when it grew past the limit."""
    path = tmp_path / "long.md"
    data = bytes(range(256)) * 1_000  # 256,000 bytes: several reads past 10
    path.write_bytes(data)
    real = os.fstat

    def shrunk(fd: int) -> os.stat_result:  # the size it had when opened: 10 bytes
        info = real(fd)
        return os.stat_result((*info[:6], 10, *info[7:10]))

    monkeypatch.setattr(os, "fstat", shrunk)
    assert read_file(path, folder=tmp_path) == data
    assert read_file(path, folder=tmp_path, max_bytes=256_000) == data  # exactly the limit
    with pytest.raises(ArticleError, match="over the limit of 255,999 bytes"):
        read_file(path, folder=tmp_path, max_bytes=255_999)
    (tmp_path / "empty.md").write_bytes(b"")
    assert read_file(tmp_path / "empty.md", folder=tmp_path) == b""


def test_a_link_to_a_fifo_or_a_folder_inside_is_named_and_never_blocks(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "sub").mkdir()
    (tmp_path / "pipe.md").symlink_to(tmp_path / "pipe")
    (tmp_path / "sub.md").symlink_to(tmp_path / "sub")
    reasons = {e.path.name: e.reason for e in load_folder(tmp_path).errors}
    assert reasons["pipe.md"] == "not a regular file"
    assert reasons["sub.md"] == "a folder, not a file: only files are read as articles"


def test_a_folder_or_fifo_named_like_an_article_is_named_in_check_ask_and_reload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder `story.txt/` (an unpacked archive, say) was left out unsaid: the operator saw
    one article fewer and no reason. It is that name's error, as a broken file is."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "good.md").write_bytes(article())
    (folder / "story.txt").mkdir()
    (folder / "story.txt" / "inside.txt").write_text("Title\n\nA paragraph inside a folder.\n")
    os.mkfifo(folder / "pipe.md")
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  path: knowledge\n")
    folder_reason = "a folder, not a file: only files are read as articles"
    assert {e.path.name: e.reason for e in load_folder(folder).errors} == {
        "story.txt": folder_reason,
        "pipe.md": "not a regular file",
    }
    assert main(["--config", str(config), "check"]) == 1
    out = capsys.readouterr().out
    assert f"story.txt: {folder_reason}" in out and "pipe.md: not a regular file" in out
    for _ in range(2):  # a fresh index cache, then the saved one
        assert main(["--config", str(config), "ask", "When did the bridge reopen?"]) == 0
        out, err = capsys.readouterr()
        assert "reopened on Monday" in out and f"skipped story.txt: {folder_reason}" in err

    library = Library(load_settings(config))
    (folder / "later.md").mkdir()
    report = library.reload()  # the whole folder looked at again
    assert {e.path.name for e in report.errors} == {"story.txt", "pipe.md", "later.md"}
    (folder / "named.htm").mkdir()
    report = library.reload(names=["named.htm"])  # an admin's add names the file
    assert "named.htm" in {e.path.name for e in report.errors}
    assert library.answerer.answer("When did the bridge reopen?").answered


def test_a_symbolic_link_loop_is_that_file_s_error_in_check_and_ask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ask` lists the folder through the index cache's scan, whose entry test followed
    links: a loop raised ELOOP there and took the whole command down with a traceback."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "good.md").write_bytes(article())
    (folder / "loop1.md").symlink_to("loop2.md")
    (folder / "loop2.md").symlink_to("loop1.md")
    config = tmp_path / "config.yaml"
    config.write_text("knowledge:\n  path: knowledge\n")
    reason = "symbolic link loop: it never reaches a file"
    assert {e.path.name: e.reason for e in load_folder(folder).errors} == {
        "loop1.md": reason,
        "loop2.md": reason,
    }
    assert main(["--config", str(config), "check"]) == 1
    assert f"loop1.md: {reason}" in capsys.readouterr().out
    for _ in range(2):  # a fresh index cache, then the saved one
        assert main(["--config", str(config), "ask", "When did the bridge reopen?"]) == 0
        out, err = capsys.readouterr()
        assert "reopened on Monday" in out and f"skipped loop2.md: {reason}" in err
