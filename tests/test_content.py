"""Uploads and removals: safe names, validation before anything is written, no silent overwrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content import (
    ContentError,
    check_upload,
    find_article,
    remove_article,
    safe_filename,
    save_upload,
)
from bot.errors import MAX_MESSAGE
from bot.knowledge import load_folder

ARTICLE = b"""---
title: Bridge Opens
source: Test Times
url: https://example.org/bridge
published: 2024-05-06
---
The new bridge opened to traffic on Friday.

Drivers cheered as the first cars crossed the river.
"""


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../x.md", "x.md"),
        ("..\\..\\evil.txt", "evil.txt"),
        ("/etc/passwd.md", "passwd.md"),
        ("Ölpreis – März.MD", "olpreis-marz.md"),
        (".hidden.md", "hidden.md"),
        ("a b  c.txt", "a-b-c.txt"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


@pytest.mark.parametrize("name", ["x.pdf", "noextension", "....md", "../", "run.sh"])
def test_unsafe_or_foreign_names_are_refused(name: str) -> None:
    with pytest.raises(ContentError):
        safe_filename(name)


def test_upload_is_saved_under_a_safe_name_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    upload = save_upload(folder, "../../bridge.md", ARTICLE, max_bytes=10_000)
    assert upload.path == folder / "bridge.md" and upload.path.read_bytes() == ARTICLE
    assert upload.article.title == "Bridge Opens" and upload.passages >= 2
    assert not upload.replaced
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["bridge.md", "knowledge"]


def test_existing_file_is_not_overwritten_without_saying_so(tmp_path: Path) -> None:
    save_upload(tmp_path, "bridge.md", ARTICLE, max_bytes=10_000)
    changed = ARTICLE.replace(b"Friday", b"Saturday")
    with pytest.raises(ContentError, match="already exists"):
        save_upload(tmp_path, "bridge.md", changed, max_bytes=10_000)
    assert (tmp_path / "bridge.md").read_bytes() == ARTICLE
    assert save_upload(tmp_path, "bridge.md", changed, max_bytes=10_000, overwrite=True).replaced
    assert b"Saturday" in (tmp_path / "bridge.md").read_bytes()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe\xfa not text", "UTF-8"),
        (b"---\ntitle: x\n---\nbody", "missing front matter"),
        (b"x" * 20_000, "limit"),
    ],
)
def test_invalid_uploads_change_nothing(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(ContentError, match=reason):
        save_upload(tmp_path, "new.md", data, max_bytes=10_000)
    assert list(tmp_path.iterdir()) == []


def test_find_and_remove_by_file_name_or_title(tmp_path: Path) -> None:
    save_upload(tmp_path, "bridge.md", ARTICLE, max_bytes=10_000)
    knowledge = load_folder(tmp_path)
    assert find_article(knowledge, "BRIDGE OPENS").key == "bridge.md"
    article = find_article(knowledge, "bridge.md")
    remove_article(tmp_path, article)
    assert not (tmp_path / "bridge.md").exists()
    with pytest.raises(ContentError, match="already gone"):
        remove_article(tmp_path, article)
    with pytest.raises(ContentError, match="no article"):
        find_article(load_folder(tmp_path), "bridge.md")


_WORDS = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=8_000)


@given(
    title=_WORDS,
    url=_WORDS,
    extra=st.dictionaries(st.from_regex(r"[a-z]{1,60}", fullmatch=True), _WORDS, max_size=700),
    name=st.text(alphabet="ab.-_/\\", min_size=0, max_size=300),
)
@settings(max_examples=40, deadline=None)
def test_a_refusal_quotes_only_an_excerpt_of_the_upload(
    title: str, url: str, extra: dict[str, str], name: str
) -> None:
    """Long titles, bad URLs of thousands of characters, hundreds of unknown keys, odd
    names: the upload is accepted or refused with a message of bounded length."""
    meta = {"title": title, "source": "Test Times", "url": url, "published": "2024-05-06", **extra}
    front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    data = f"---\n{front}---\nThe bridge opened on Friday.\n".encode()
    try:
        check_upload(name + ".md", data, max_bytes=10_000_000)
    except ContentError as exc:
        assert len(str(exc)) <= MAX_MESSAGE
        assert title not in str(exc) or len(title) < 100
