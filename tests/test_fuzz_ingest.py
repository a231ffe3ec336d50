"""Property tests for what the real world sends: random pages, front matter and folder layouts.

Never a crash, never a write outside the folder, a bounded memory peak, and
every file either loads or is named with its reason; good files always load.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.config import KnowledgeSettings, Settings
from bot.content import ContentError, save_upload
from bot.errors import MAX_MESSAGE
from bot.extract import read_page
from bot.knowledge import ArticleError, load_folder, parse_article
from bot.library import Library
from bot.watch import FolderWatcher

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
MEMORY_BOUND = 64_000_000  # bytes of Python allocations while reading one input

GOOD = (
    "---\ntitle: Harbour pool reopens {n}\nsource: Town Post\nurl: https://town.example/{n}\n"
    "published: 2021-06-0{n}\n---\nThe harbour pool reopened on Monday after repairs number {n}.\n"
)

TAGS = st.sampled_from(["p", "div", "article", "main", "nav", "figure", "figcaption", "h1", "title",
                        "meta", "script", "style", "header", "footer", "a", "span", "table", "li"])


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """Random tag soup: unbalanced tags, attributes, metadata, text and raw bytes."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["open", "close", "text", "meta", "bytes"]))
        tag = draw(TAGS)
        if kind == "open":
            parts.append(f"<{tag} class='{draw(st.text(max_size=8))}'>".encode(errors="surrogatepass"))
        elif kind == "close":
            parts.append(f"</{tag}>".encode())
        elif kind == "meta":
            prop = draw(st.sampled_from(["og:title", "og:site_name", "article:published_time", "og:url"]))
            value = draw(st.one_of(st.text(max_size=30), st.just("2022-02-30"), st.just("9" * 5000)))
            parts.append(f"<meta property='{prop}' content='{value}'>".encode(errors="surrogatepass"))
        elif kind == "text":
            parts.append(draw(st.text(max_size=300)).encode(errors="surrogatepass"))
        else:
            parts.append(draw(st.binary(max_size=200)))
    return b"".join(parts)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(html=html_pages())
def test_any_page_is_an_article_or_a_reason(html: bytes) -> None:
    tracemalloc.start()
    try:
        page = read_page(html, "https://news.example/x")
    except ArticleError as error:
        assert 0 < len(str(error)) <= MAX_MESSAGE
    else:
        assert page.title and page.paragraphs and page.source
        parse_article(page.markdown().encode(), key="page.md")  # what add saves always loads
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY_BOUND


def alias_bomb(width: int, depth: int) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, depth + 1):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + f"\ncaption: *l{depth}\n"


VALUES = st.one_of(
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)),
    st.builds("2022-01-01 {:02d}:{:02d}:00".format, st.integers(0, 99), st.integers(0, 99)),
    st.integers(1, 6000).map(lambda n: "9" * n),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "{a: " * n + "1" + "}" * n),
    st.text(alphabet=":-[]{}&*!|>'\"#%@`, \tabc019", max_size=60),
    st.text(max_size=60).map(lambda t: t.replace("\n", " ")),
    st.integers(1, 200).map(lambda n: "x" * (n * 100)),
    st.sampled_from(["!!python/object:os.system", "!!binary AAAA", "~", "yes", ".nan", "-.inf", "0x1F", "1e999"]),
)
KEYS = st.sampled_from(["title", "source", "url", "published", "author", "caption", "credit", "tags", "licence", "publshed"])


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 5)) == 0:
        return alias_bomb(draw(st.integers(2, 12)), draw(st.integers(1, 12)))
    fields = draw(st.dictionaries(KEYS, VALUES, max_size=8))
    base = {"title": "Pool", "source": "Post", "published": "2021-01-01"}
    merged = {**base, **fields} if draw(st.booleans()) else fields
    return "".join(f"{key}: {value}\n" for key, value in merged.items())


def as_file(front: str) -> bytes:
    return f"---\n{front}---\nThe town pool reopened on Monday after repairs.\n".encode(errors="surrogatepass")


@FUZZ
@given(front=front_matters())
def test_any_front_matter_loads_or_is_refused_briefly_in_bounded_memory(front: str) -> None:
    tracemalloc.start()
    try:
        parse_article(as_file(front), key="f.md")
    except ArticleError as error:
        assert 0 < len(str(error)) <= MAX_MESSAGE
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY_BOUND


ENTRY = st.sampled_from(["good", "bad", "link-inside", "link-outside", "link-dangling", "link-up",
                         "dir", "hidden", "html", "empty", "link-dir"])


def snapshot(root: Path, skip: Path) -> dict[str, str]:
    """Every file under `root` but outside `skip`, with a hash of its bytes."""
    files = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = Path(dirpath) / name
            if not path.is_relative_to(skip) and not path.is_symlink():
                files[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@SLOW
@given(layout=st.lists(ENTRY, min_size=1, max_size=10), front=front_matters())
def test_any_folder_layout_loads_names_each_file_and_writes_only_inside(
    tmp_path_factory: pytest.TempPathFactory, layout: list[str], front: str
) -> None:
    root = tmp_path_factory.mktemp("layout")
    folder, outside = root / "knowledge", root / "secret.md"
    folder.mkdir()
    outside.write_text(GOOD.format(n=9).replace("Town Post", "Secret Post"))
    expected_good = set()
    for number, kind in enumerate(layout):
        name = f"f{number}.md"
        if kind == "good":
            (folder / name).write_text(GOOD.format(n=number % 9 + 1))
            expected_good.add(name)
        elif kind == "bad":
            (folder / name).write_bytes(as_file(front))
        elif kind == "link-inside":
            (folder / f"t{number}.txt.orig").write_text(GOOD.format(n=1))
            (folder / name).symlink_to(folder / f"t{number}.txt.orig")
            expected_good.add(name)
        elif kind == "link-outside":
            (folder / name).symlink_to(outside)
        elif kind == "link-up":
            (folder / name).symlink_to(Path("..") / "secret.md")
        elif kind == "link-dangling":
            (folder / name).symlink_to(root / "missing.md")
        elif kind == "link-dir":
            (folder / name).symlink_to(root)
        elif kind == "dir":
            (folder / name).mkdir()
        elif kind == "hidden":
            (folder / f".{name}").write_text(GOOD.format(n=1))
        elif kind == "html":
            (folder / f"f{number}.html").write_bytes(b"<html><p>" + front.encode(errors="surrogatepass") + b"</p>")
        elif kind == "empty":
            (folder / name).write_bytes(b"")
    before = snapshot(root, folder)
    settings = Settings(knowledge=KnowledgeSettings(path=folder))
    library = Library(settings)  # start-up: parses, builds and saves the cache inside the folder
    knowledge = library.answerer.knowledge
    named = {a.key for a in knowledge.articles} | {e.path.name for e in knowledge.errors}
    candidates = {p.name for p in folder.iterdir() if p.suffix in (".md", ".html")
                  and not p.name.startswith(".")}
    assert named == candidates  # every file loads or is named, a folder so named too
    assert expected_good <= {a.key for a in knowledge.articles}
    assert "Secret Post" not in {a.source for a in knowledge.articles}  # never served
    assert all(len(e.reason) <= MAX_MESSAGE for e in knowledge.errors)
    assert snapshot(root, folder) == before  # nothing written outside the folder


@SLOW
@given(fronts=st.lists(front_matters(), min_size=1, max_size=4))
def test_random_front_matter_never_stops_good_files_loading_anywhere(
    tmp_path_factory: pytest.TempPathFactory, fronts: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 20: start-up, check, /reload, upload and watch each load a file or name it."""
    folder = tmp_path_factory.mktemp("random")
    for n in (1, 2):
        (folder / f"good{n}.md").write_text(GOOD.format(n=n))
    settings = Settings(knowledge=KnowledgeSettings(path=folder, cache=False))
    library = Library(settings)  # start-up
    library.build_in_child = False
    watcher = FolderWatcher(folder, debounce=0.0)
    bad_names = []
    for number, front in enumerate(fronts):
        name = f"random{number}.md"
        bad_names.append(name)
        try:  # upload: saved and loaded, or refused with the reason and nothing written
            save_upload(folder, name, as_file(front), max_bytes=1_000_000)
        except ContentError as error:
            assert str(error).startswith(f"{name}: ") and len(str(error)) <= 400
            assert not (folder / name).exists()
            (folder / name).write_bytes(as_file(front))  # the folder gets it anyway, by hand
    report = library.reload()  # /reload
    assert watcher.poll(1.0) is False and watcher.poll(2.0) is True  # watch mode sees the change
    watched = library.reload()
    for outcome in (report, watched):
        served = {a.key for a in library.answerer.articles}
        assert {"good1.md", "good2.md"} <= served
        assert {e.path.name for e in outcome.errors} | served == {"good1.md", "good2.md", *bad_names}
    config = folder.parent / f"{folder.name}.yaml"
    config.write_text(f"knowledge:\n  path: {folder}\n  cache: false\n")
    capsys.readouterr()
    code = main(["--config", str(config), "check"])  # check
    out = capsys.readouterr().out
    broken = [e.path.name for e in load_folder(folder).errors]
    assert code == (1 if broken else 0)
    assert all(f"error: {name}: " in out for name in broken)
    fresh = Library(dataclasses.replace(settings))  # a second start-up over the same folder
    assert {"good1.md", "good2.md"} <= {a.key for a in fresh.answerer.articles}


@FUZZ
@given(title=st.text(min_size=1, max_size=300), channel=st.text(max_size=100))
def test_added_articles_are_written_inside_the_folder_whatever_their_title(
    tmp_path_factory: pytest.TempPathFactory, title: str, channel: str
) -> None:
    import datetime as dt

    from bot.ingest import add_post

    folder = tmp_path_factory.mktemp("add")
    settings = KnowledgeSettings(path=folder)
    post = f"{title}\n\nThe harbour pool reopened on Monday after two years of repairs."
    try:
        added = add_post(post, channel=channel or "Channel", username=None, message_id=1,
                         date=dt.datetime(2024, 1, 1), settings=settings, existing=())
    except ContentError as error:
        assert 0 < len(str(error)) <= MAX_MESSAGE
        assert not list(folder.iterdir())
        return
    assert added.path.parent == folder and added.path.is_file()
    assert list(folder.iterdir()) == [added.path]
    assert parse_article(added.path.read_bytes(), key=added.path.name).paragraphs
