"""Knowledge files -> articles -> passages, with one error per broken file.

A knowledge folder's files are listed and read safely here (size limits, no links out of
the folder); each file's bytes are parsed into an article by bot/article_parse.py
(Markdown with YAML front matter, plain text, or a saved web page) and split into
passages by bot/passages.py.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.article_parse import DEFAULT_MIN_ARTICLE_WORDS as DEFAULT_MIN_ARTICLE_WORDS  # re-exported
from bot.article_parse import HTML_SUFFIXES as HTML_SUFFIXES
from bot.article_parse import parse_article as parse_article
from bot.errors import MAX_MESSAGE, NewsbotError, excerpt
from bot.errors import ArticleError as ArticleError  # re-exported: callers catch it from here
from bot.passages import CAPTION_HINTS as CAPTION_HINTS  # re-exported, as before the split
from bot.passages import CREDIT_HINTS as CREDIT_HINTS
from bot.passages import DETAILS_HINTS as DETAILS_HINTS
from bot.passages import MAX_PASSAGE_CHARS as MAX_PASSAGE_CHARS
from bot.passages import MAX_PASSAGE_WORDS as MAX_PASSAGE_WORDS
from bot.passages import MIN_PASSAGE_WORDS as MIN_PASSAGE_WORDS
from bot.passages import PHOTO_HINTS as PHOTO_HINTS
from bot.passages import Article as Article
from bot.passages import Passage as Passage
from bot.passages import is_credit_line as is_credit_line
from bot.passages import split_passages as split_passages
from bot.passages import split_sentences as split_sentences

SUFFIXES = (".md", ".txt", ".html", ".htm")
DEFAULT_MAX_FILE_BYTES = 5_000_000  # knowledge.max_file_bytes: a long article is 100 KB


class FolderError(NewsbotError):
    """The knowledge folder itself is missing or unreadable: nothing can be said about files."""

    exit_code = 2


@dataclass(frozen=True)
class FileError:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


@dataclass(frozen=True)
class KnowledgeBase:
    articles: Sequence[Article] = ()  # newest first: listings and ties favour the latest story
    # tuples when parsed; a saved index's bot.stored sequences, read on demand
    passages: Sequence[Passage] = ()
    errors: tuple[FileError, ...] = field(default=())

    @classmethod
    def from_articles(
        cls, articles: Iterable[Article], errors: Iterable[FileError] = ()
    ) -> KnowledgeBase:
        return cls.from_split(((a, split_passages(a)) for a in articles), errors)

    @classmethod
    def from_split(
        cls, split: Iterable[tuple[Article, Sequence[Passage]]], errors: Iterable[FileError] = ()
    ) -> KnowledgeBase:
        """`from_articles` of articles already split into their passages (bot/build.py)."""
        ordered = sorted(split, key=lambda pair: _newest_first(pair[0]))
        passages = tuple(p for _, split_into in ordered for p in split_into)
        return cls(tuple(a for a, _ in ordered), passages, tuple(errors))

    @property
    def warnings(self) -> tuple[FileError, ...]:
        """Articles that load, with what was ignored in them (e.g. unknown front matter keys)."""
        return tuple(
            FileError(Path(a.key), note) for a in sorted(self.articles, key=lambda a: a.key)
            for note in a.notes
        )


def _newest_first(article: Article) -> tuple[int, str]:
    """News order: the latest story first (undated ones last), then by file name."""
    day = article.published.toordinal() if article.published else 0
    return (-day, article.key)


def load_folder(
    folder: Path,
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,  # of a saved web page's text
) -> KnowledgeBase:
    """Load every knowledge file of `folder`; a broken file is skipped and named with its reason.

    Whatever goes wrong inside one file (of any Python type) is that file's
    error. A missing or unreadable folder raises FolderError: it must never
    look like an empty knowledge base.
    """
    articles, errors = load_files(sorted(knowledge_files(folder)), folder, max_bytes, min_words)
    return KnowledgeBase.from_articles(articles, errors)


def load_files(
    paths: Iterable[Path],
    folder: Path,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,
) -> tuple[list[Article], list[FileError]]:
    """The articles of knowledge files `paths` of `folder`, and an error for each broken one."""
    articles: list[Article] = []
    errors: list[FileError] = []
    for path in paths:
        try:
            article = load_file(path, folder=folder, max_bytes=max_bytes, min_words=min_words)
            articles.append(article)
        except Exception as exc:  # one file's problem, whatever raised it
            errors.append(FileError(path, excerpt(str(exc) or type(exc).__name__, MAX_MESSAGE)))
    return articles, errors


def knowledge_files(folder: Path) -> list[Path]:
    """The entries of `folder` named like articles (not hidden, an article suffix): files,
    symbolic links, and anything else so named, a folder `story.txt/` or a FIFO, which
    `read_file` names as that file's error instead of leaving it out unsaid.

    Listed with scandir, by name alone: no stat per file (5,000 stats took 1.9 s of a
    100k-passage start on a cold disk).
    """
    try:
        with os.scandir(folder) as entries:
            return [
                folder / entry.name
                for entry in entries
                if Path(entry.name).suffix.lower() in SUFFIXES and not entry.name.startswith(".")
            ]
    except FileNotFoundError:
        raise FolderError(f"the knowledge folder {folder} does not exist") from None
    except NotADirectoryError:
        raise FolderError(f"the knowledge folder {folder} is not a folder") from None
    except OSError as exc:
        raise FolderError(
            f"cannot read the knowledge folder {folder}: {exc.strerror or exc}"
        ) from None


def read_file(path: Path, *, folder: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """The bytes of a knowledge file; refused when too large, not a regular file, or reached
    through a link that leaves `folder` (a link to /some/secret.md must never be served).

    Opened with O_NOFOLLOW, so a plain file costs no extra stat (a cold disk made 5,000
    stats cost 1.9 s); only a link (ELOOP) has its target checked, then that is opened."""
    try:
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            fd = os.open(_link_target(path, folder), _OPEN_FLAGS)
        return _read_open(fd, max_bytes)
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror or exc}") from exc


def read_named_file(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """The bytes of a file an operator named (`add FILE`), anywhere on disk. A symbolic link
    is followed, as any command-line tool follows one; what it leads to is checked before it
    is opened: a folder, a device (/dev/zero never ends), a FIFO (it would block) or a file
    over `max_bytes` is refused with that reason, unread."""
    try:
        _check(os.stat(path), max_bytes)
        return _read_open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), max_bytes)
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror or exc}") from exc


def _read_open(fd: int, max_bytes: int) -> bytes:
    """At most `max_bytes` of open file `fd`, checked to be a regular file that fits; closed.

    Read to its end in calls of its size when checked, then of at most `_MORE` bytes (a file
    may grow meanwhile), not in one read of ``max_bytes + 1``, which allocated a buffer of
    that size for each file: 2,500 of bench's articles read in 0.048-0.069 s so, in
    0.020-0.024 s now (docs/performance.md, twentieth round)."""
    try:
        info = os.fstat(fd)
        _check(info, max_bytes)
        parts: list[bytes] = []
        size, want = 0, min(info.st_size, max_bytes) + 1
        while size <= max_bytes:
            part = os.read(fd, min(want, max_bytes + 1 - size))
            if not part:
                break
            parts.append(part)
            size, want = size + len(part), _MORE
    finally:
        os.close(fd)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if len(data) > max_bytes:
        raise ArticleError(f"the file is over the limit of {max_bytes:,} bytes")
    return data


def _check(info: os.stat_result, max_bytes: int) -> None:
    """Raises ArticleError unless `info` is a regular file of at most `max_bytes`."""
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError("a folder, not a file: only files are read as articles")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError("not a regular file")
    if info.st_size > max_bytes:
        raise ArticleError(f"the file is {info.st_size:,} bytes; the limit is {max_bytes:,}")


_MORE = 1 << 16  # what a file read to its end reads at a time past its size when opened
# No following a last-component link unchecked; no blocking on a FIFO named like an article.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _link_target(path: Path, folder: Path) -> Path:
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # a loop: RuntimeError up to Python 3.12, OSError since
        raise ArticleError("symbolic link loop: it never reaches a file") from None
    if not target.exists():
        raise ArticleError("broken symbolic link: its target does not exist")
    if not target.is_relative_to(folder.resolve()):
        raise ArticleError("symbolic link to a file outside the knowledge folder: refused")
    return target


def load_file(
    path: Path,
    *,
    folder: Path,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,
) -> Article:
    data = read_file(path, folder=folder, max_bytes=max_bytes)
    return parse_article(data, key=path.name, min_words=min_words)
