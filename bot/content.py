"""Admins' changes to the knowledge folder: validated uploads and removals.

Nothing here knows Telegram: the admin handlers pass bytes and names in and
show the result (or the ``ContentError`` message) to the admin.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.errors import NewsbotError, excerpt, shown
from bot.knowledge import (
    DEFAULT_MIN_ARTICLE_WORDS,
    SUFFIXES,
    Article,
    ArticleError,
    KnowledgeBase,
    parse_article,
    split_passages,
)

MAX_NAME_CHARS = 80


class ContentError(NewsbotError, ValueError):
    """An upload or removal that was refused; the message says why, and nothing changed."""


@dataclass(frozen=True)
class Upload:
    path: Path
    article: Article
    passages: int
    replaced: bool  # an article of the same file name was overwritten


def safe_filename(name: str) -> str:
    """A plain file name from an uploaded one: no folders, no dot files, ASCII only.

    '../../x.md' -> 'x.md'; 'Ölpreis – März.MD' -> 'olpreis-marz.md'.
    """
    base = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.lower() if suffix else ""
    if suffix not in SUFFIXES:
        allowed = f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}"
        raise ContentError(f"only {allowed} files can be added, not {shown(base)}")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:MAX_NAME_CHARS]
    if not slug:
        raise ContentError(f"the file name {shown(base)} has no letters or digits to keep")
    return slug + suffix


def check_upload(
    name: str, data: bytes, *, max_bytes: int, min_words: int = DEFAULT_MIN_ARTICLE_WORDS
) -> tuple[str, Article]:
    """Validate an upload without touching the folder: a safe name and the parsed article
    (a saved web page with at least `min_words` words of text)."""
    if len(data) > max_bytes:
        raise ContentError(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}")
    filename = safe_filename(name)
    try:
        article = parse_article(data, key=filename, min_words=min_words)
    except ArticleError as exc:
        raise ContentError(f"{filename}: {exc}") from exc
    return filename, article


def save_upload(
    folder: Path,
    name: str,
    data: bytes,
    *,
    max_bytes: int,
    overwrite: bool = False,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,
) -> Upload:
    """Validate and write an uploaded article into `folder`, atomically.

    An existing file of the same name is only replaced when `overwrite` is
    set; otherwise the admin is told, and nothing changes.
    """
    filename, article = check_upload(name, data, max_bytes=max_bytes, min_words=min_words)
    target = folder / filename
    exists = target.exists()
    if exists and not overwrite:
        raise ContentError(
            f"{filename} already exists (“{excerpt(_title_of(target))}”); "
            "send it again with the caption 'replace' to overwrite it"
        )
    try:
        _write_atomically(target, data)
    except OSError as exc:  # a read-only or full folder: say so, nothing was written
        raise ContentError(
            f"cannot write {filename} into the knowledge folder: {exc.strerror or exc}"
        ) from exc
    return Upload(target, article, len(split_passages(article)), replaced=exists)


def find_article(knowledge: KnowledgeBase, query: str) -> Article:
    """The one article whose file name or title is `query` (case-insensitive)."""
    wanted = query.strip().casefold()
    if not wanted:
        raise ContentError("name the article: its file name or its title")
    matches = [
        a for a in knowledge.articles if wanted in {a.key.casefold(), a.title.casefold()}
    ] or [a for a in knowledge.articles if wanted in a.title.casefold()]
    if not matches:
        raise ContentError(f"no article has the file name or title {shown(query.strip())}")
    if len(matches) > 1:
        names = ", ".join(a.key for a in matches[:5])
        raise ContentError(
            f"{len(matches)} articles match {shown(query.strip())}: {names}; use the file name"
        )
    return matches[0]


def remove_article(folder: Path, article: Article) -> Path:
    """Delete the article's file from `folder` (its key is a plain file name there)."""
    path = folder / article.key
    if path.resolve().parent != folder.resolve():
        raise ContentError(f"{article.key} is not a file of the knowledge folder")
    try:
        path.unlink()
    except FileNotFoundError:
        raise ContentError(f"{article.key} is already gone") from None
    except OSError as exc:
        raise ContentError(f"cannot remove {article.key}: {exc.strerror or exc}") from exc
    return path


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside `target` and rename: a reload never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _title_of(path: Path) -> str:
    try:
        return parse_article(path.read_bytes(), key=path.name).title
    except (ArticleError, OSError):
        return "unreadable"
