"""`python -m bot add URL_OR_FILE`: real pages served on 127.0.0.1 become articles the bot answers from."""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import bot.cli_knowledge
from bot.cli import main
from bot.config import load_settings
from bot.knowledge import load_folder
from bot.library import Library
from bot.store import cache_dir_for, load_or_build
from bot.store_manifest import MANIFEST, read_manifest
from tests.pages import FURNITURE, PAGES, PageServer, serving, story_paragraphs

QUESTIONS = {
    "ferry": ("How much did rebuilding the quay cost?", "2.3 million kroner", "The Coastal Herald", "2023-11-14"),
    "library": ("Who left the library money in his will?", "Harold Finch", "The Riverside Gazette", "2024-04-02"),
    "owls": ("How far from their nests did the young owls settle?", "eleven kilometres", "Northern Science Daily", "2022-09-21"),
}


@pytest.fixture(scope="module")
def site() -> Iterator[PageServer]:
    with serving() as server:
        yield server


def config(tmp_path: Path, allow_private: bool = True) -> str:
    (tmp_path / "knowledge").mkdir(exist_ok=True)
    path = tmp_path / "config.yaml"
    path.write_text(
        "knowledge:\n  path: knowledge\n  fetch:\n"
        f"    allow_private: {str(allow_private).lower()}\n    timeout: 5\n"
    )
    return str(path)


def test_add_url_saves_the_story_and_the_bot_answers_from_it_with_source_and_date(
    tmp_path: Path, site: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = config(tmp_path)
    for name in QUESTIONS:
        assert main(["--config", cfg, "add", site.url(f"/news/{name}")]) == 0
        assert "passage(s), saved as" in capsys.readouterr().out
    knowledge = load_folder(tmp_path / "knowledge")
    assert not knowledge.errors and len(knowledge.articles) == 3
    for name in QUESTIONS:
        (article,) = [a for a in knowledge.articles if a.url == site.url(f"/news/{name}")]
        assert list(article.paragraphs) == story_paragraphs(name)
        saved = (tmp_path / "knowledge" / article.key).read_text(encoding="utf-8")
        assert not [f for f in FURNITURE if f in saved]
    for question, expected, source, date in QUESTIONS.values():
        assert main(["--config", cfg, "ask", "--json", question]) == 0
        answer = json.loads(capsys.readouterr().out)
        assert answer["answered"] and expected in answer["passages"][0]["text"]
        assert (answer["passages"][0]["source"], answer["passages"][0]["published"]) == (source, date)


def test_add_url_holds_the_http_loggers_at_warning(
    tmp_path: Path, site: PageServer, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx logs each request's URL at INFO: the command quiets it as `run` does."""
    noisy = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    for logger in noisy:
        logger.setLevel(logging.NOTSET)  # as in a fresh process, before the command
    caplog.set_level(logging.DEBUG)
    assert main(["--config", config(tmp_path), "add", site.url("/news/owls")]) == 0
    assert [logger.level for logger in noisy] == [logging.WARNING, logging.WARNING]
    assert not [r for r in caplog.records if r.name.startswith(("httpx", "httpcore"))]


def test_pages_that_cannot_be_used_are_refused_with_the_reason_and_nothing_saved(
    tmp_path: Path, site: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = config(tmp_path)
    assert main(["--config", cfg, "add", site.url("/news/ferry")]) == 0
    capsys.readouterr()
    for path, reason in [
        ("/news/ferry", "this link is already an article: “Harbour ferry returns after storm repairs”"),
        ("/stub", "looks like a paywall stub"),
        ("/home", "too short to be an article"),
        ("/file.pdf", "not a web page"),
    ]:
        assert main(["--config", cfg, "add", site.url(path)]) == 1
        assert reason in capsys.readouterr().err
    assert len(list((tmp_path / "knowledge").glob("*.md"))) == 1


def test_private_addresses_are_refused_by_default(tmp_path: Path, site: PageServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config(tmp_path, allow_private=False), "add", site.url("/news/owls")]) == 1
    assert "private or local network" in capsys.readouterr().err
    assert not list((tmp_path / "knowledge").iterdir())


def test_add_a_saved_page_or_a_markdown_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config(tmp_path)
    assert main(["--config", cfg, "add", str(PAGES / "owls.html")]) == 0
    assert "“Tiny radio tags reveal where young owls go in winter” (Northern Science Daily, 21 September 2022)" in capsys.readouterr().out
    note = tmp_path / "note.md"
    note.write_text("---\ntitle: Pool reopens\nsource: Town Post\npublished: 2024-05-01\n---\nThe town pool reopened on Monday after repairs.\n")
    assert main(["--config", cfg, "add", str(note)]) == 0
    assert sorted(p.name for p in (tmp_path / "knowledge").glob("*.md")) == [
        "note.md",
        "tiny-radio-tags-reveal-where-young-owls-go-in-winter.md",
    ]
    assert main(["--config", cfg, "add", str(tmp_path / "missing.html")]) == 1
    assert "missing.html: cannot read file: No such file or directory" in capsys.readouterr().err


def test_add_saves_the_weights_of_the_configured_bm25(tmp_path: Path) -> None:
    cfg = config(tmp_path)  # an operator's own k1 and b: the next start maps these weights
    with open(cfg, "a") as file:
        file.write("retrieval:\n  k1: 1.6\n  b: 0.6\n")
    assert main(["--config", cfg, "add", str(PAGES / "owls.html")]) == 0
    cache = cache_dir_for(load_settings(Path(cfg), environ={}).knowledge)
    assert cache is not None
    params = read_manifest(cache / MANIFEST)["data"]["params"]
    assert (params["k1"], params["b"]) == (1.6, 0.6)


def test_add_follows_a_link_the_operator_names_but_refuses_what_is_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`add FILE` read the whole of whatever it was given: a link to /dev/zero never ended,
    a FIFO blocked, a huge file filled the memory before the size was checked."""
    cfg = config(tmp_path)
    elsewhere = tmp_path / "drafts"
    elsewhere.mkdir()
    note = elsewhere / "note.md"
    note.write_text("---\ntitle: Pool reopens\nsource: Town Post\npublished: 2024-05-01\n---\nThe town pool reopened on Monday after repairs.\n")
    (tmp_path / "link.md").symlink_to(note)
    assert main(["--config", cfg, "add", str(tmp_path / "link.md")]) == 0  # followed: the operator named it
    assert (tmp_path / "knowledge" / "link.md").read_bytes() == note.read_bytes()
    capsys.readouterr()

    (tmp_path / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "folder.md").mkdir()
    huge = tmp_path / "huge.md"
    with huge.open("wb") as sparse:  # 10 GB on paper, no disk used: it must not be read
        sparse.truncate(10 * 2**30)
    refused = {
        "zero.md": "not a regular file",
        "pipe.md": "not a regular file",
        "folder.md": "a folder, not a file",
        "huge.md": "the file is 10,737,418,240 bytes; the limit is 5,000,000",
    }
    for name, reason in refused.items():
        assert main(["--config", cfg, "add", str(tmp_path / name)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("not added: cannot add ") and f": {reason}" in err, err
    assert sorted(p.name for p in (tmp_path / "knowledge").iterdir() if not p.name.startswith(".")) == ["link.md"]


def test_one_page_under_other_links_is_a_duplicate() -> None:
    from bot.ingest import normal_url

    same = "https://news.example/a/story"
    for other in ("HTTPS://News.Example/a/story/", "https://news.example/a/story?utm_source=x&fbclid=1#top"):
        assert normal_url(other) == normal_url(same)
    assert normal_url("https://news.example/a/story?id=2") != normal_url("https://news.example/a/story?id=3")
    assert normal_url("https://news.example/a/other") != normal_url(same)


def test_a_malformed_link_is_refused_and_one_in_the_folder_blocks_no_other_add(
    tmp_path: Path, site: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """urllib cannot split http://[oops/ (it raised ValueError): as the admin's link it is
    refused with a reason; as an article's url: in the folder, other links still add."""
    cfg = config(tmp_path)
    (tmp_path / "knowledge" / "odd.md").write_text(
        "---\ntitle: Odd link\nsource: S\npublished: 2022-01-01\nurl: 'https://[oops/story'\n"
        "---\nA story whose link was typed wrong.\n",
        encoding="utf-8",
    )
    assert main(["--config", cfg, "add", "https://[oops/x"]) == 1
    assert "not added: not a valid link: 'https://[oops/x'" in capsys.readouterr().err
    assert main(["--config", cfg, "add", site.url("/news/owls")]) == 0
    assert "saved as" in capsys.readouterr().out


def test_a_page_whose_own_link_is_already_an_article_is_refused(
    tmp_path: Path, site: PageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = config(tmp_path)
    assert main(["--config", cfg, "add", str(PAGES / "owls.html")]) == 0  # saved with its og:url
    assert main(["--config", cfg, "add", site.url("/news/owls")]) == 1  # another link, same page
    assert "already an article: “Tiny radio tags" in capsys.readouterr().err


SHORT_BRIEF = """<!doctype html><html><head><title>Library opens on Sundays</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2023-04-02">
<link rel="canonical" href="https://courier.example.org/library-sundays"></head>
<body><article><h1>Library opens on Sundays</h1>
<p>The town library will open on Sundays from May, the council said on Friday. Volunteers
will staff the reading room from noon to five, and the children's corner will host a story
hour each week during the spring.</p></article></body></html>"""


def test_the_shortest_article_accepted_is_a_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 40-word brief is refused as too short by default and added once
    knowledge.fetch.min_article_words allows it."""
    page = tmp_path / "brief.html"
    page.write_text(SHORT_BRIEF, encoding="utf-8")
    cfg = config(tmp_path)
    assert main(["--config", cfg, "add", str(page)]) == 1
    assert "too short to be an article" in capsys.readouterr().err
    assert not list((tmp_path / "knowledge").glob("*.md"))
    with open(cfg, "a", encoding="utf-8") as file:
        file.write("    min_article_words: 30\n")
    assert main(["--config", cfg, "add", str(page)]) == 0
    assert "“Library opens on Sundays” (Valley Courier, 2 April 2023)" in capsys.readouterr().out


def test_a_saved_page_in_the_folder_is_read_with_the_configured_shortest_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """knowledge.fetch.min_article_words holds for a saved page put straight into the folder
    too: in `check`, in the saved index (built again when the setting changes) and in a
    reload's build in a child process."""
    cfg = config(tmp_path)
    folder = tmp_path / "knowledge"
    (folder / "brief.html").write_text(SHORT_BRIEF, encoding="utf-8")
    question = "When will the library open on Sundays?"
    assert main(["--config", cfg, "check"]) == 1
    assert "brief.html: too short to be an article: 38 words of text (at least 60)" in (
        capsys.readouterr().out
    )
    assert main(["--config", cfg, "ask", "--json", question]) == 0
    assert not json.loads(capsys.readouterr().out)["answered"]
    with open(cfg, "a", encoding="utf-8") as file:
        file.write("    min_article_words: 30\n")
    assert main(["--config", cfg, "check"]) == 0
    capsys.readouterr()
    assert main(["--config", cfg, "ask", "--json", question]) == 0  # not the saved refusal
    answer = json.loads(capsys.readouterr().out)
    assert answer["answered"] and "on Sundays from May" in answer["passages"][0]["text"]
    library = Library(load_settings(Path(cfg), environ={}))
    shutil.rmtree(folder / ".index-cache")
    library.reload()  # the child process builds and saves; this one reads what it saved
    assert library.from_cache and [a.title for a in library.answerer.articles] == [
        "Library opens on Sundays"
    ]


def test_add_builds_with_the_collector_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`add` rebuilds the saved index as every other build does, with no full collections
    walking the build's millions of long-lived objects; the collector is on again after."""
    seen: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())  # the real build runs, only the collector's state is noted
        return load_or_build(*args, **kwargs)

    monkeypatch.setattr(bot.cli_knowledge, "load_or_build", watched)
    assert gc.isenabled()
    assert main(["--config", config(tmp_path), "add", str(PAGES / "owls.html")]) == 0
    assert seen == [False]
    assert gc.isenabled()
