"""Knowledge files -> articles -> passages, with one error per broken file.

A knowledge file is Markdown with YAML front matter (``title``, ``source``,
``url``, ``published`` and optional ``author``, ``caption``,
``caption_credit``, ``credit``) or plain text whose first line is the title.
Paragraphs are separated by blank lines and kept exactly as published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import NewsbotError, listed, shown

SUFFIXES = (".md", ".txt")
# libyaml's safe loader when PyYAML has it: ~10x faster on large knowledge folders.
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REQUIRED_KEYS = ("title", "source", "url", "published")
OPTIONAL_KEYS = ("author", "caption", "caption_credit", "credit", "tags")
MAX_PASSAGE_WORDS = 120  # longer paragraphs are cut at sentence ends
MIN_PASSAGE_WORDS = 3  # shorter ones join the next paragraph

# Site furniture that scrapes and copies of web pages carry but articles don't.
FURNITURE = re.compile(
    r"^(support (the )?[\w .'-]+!|read more|advertisement|share( this( article)?)?"
    r"|subscribe( now)?[.!]?|related( articles?)?:?|sign up.*newsletter.*)$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


class ArticleError(NewsbotError, ValueError):
    """A knowledge file that cannot be loaded; the message says why."""


@dataclass(frozen=True)
class Article:
    """One article with the metadata that a citation needs."""

    key: str  # the file name, unique inside the knowledge folder
    title: str
    source: str
    url: str
    published: dt.date | None
    paragraphs: tuple[str, ...]
    author: str = ""
    caption: str = ""
    caption_credit: str = ""
    credit: str = ""
    digest: str = ""  # sha256 of the file's bytes, for change detection

    @property
    def published_text(self) -> str:
        """The date as a reader writes it, e.g. '1 March 2022'."""
        if self.published is None:
            return ""
        return f"{self.published.day} {self.published:%B %Y}"


@dataclass(frozen=True)
class Passage:
    """A unit of answer: a paragraph (or part of one), the caption, or the byline.

    ``text`` is shown to readers exactly as published; ``index_text`` is what
    retrieval sees, adding words readers use for captions and bylines
    ("photo", "published") that the text itself never contains.
    """

    article: Article
    paragraph: int  # 1-based body paragraph; 0 for the caption and article details
    text: str
    kind: str = "body"  # body | caption | details
    part: int = 0  # 1.. when a long paragraph was cut into parts
    index_text: str = ""

    @property
    def label(self) -> str:
        if self.kind == "caption":
            return "photo caption"
        if self.kind == "details":
            return "article details"
        if self.part:
            return f"paragraph {self.paragraph}, part {self.part}"
        return f"paragraph {self.paragraph}"


@dataclass(frozen=True)
class FileError:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


@dataclass(frozen=True)
class KnowledgeBase:
    articles: tuple[Article, ...] = ()  # newest first: listings and ties favour the latest story
    passages: tuple[Passage, ...] = ()
    errors: tuple[FileError, ...] = field(default=())

    @classmethod
    def from_articles(
        cls, articles: Iterable[Article], errors: Iterable[FileError] = ()
    ) -> KnowledgeBase:
        articles = tuple(sorted(articles, key=_newest_first))
        passages = tuple(p for article in articles for p in split_passages(article))
        return cls(articles, passages, tuple(errors))


def _newest_first(article: Article) -> tuple[int, str]:
    """News order: the latest story first (undated ones last), then by file name."""
    day = article.published.toordinal() if article.published else 0
    return (-day, article.key)


def load_folder(folder: Path) -> KnowledgeBase:
    """Load every .md/.txt file of `folder`; a broken file is skipped and reported."""
    articles: list[Article] = []
    errors: list[FileError] = []
    if not folder.is_dir():
        return KnowledgeBase(errors=(FileError(folder, "knowledge folder not found"),))
    for path in sorted(knowledge_files(folder)):
        try:
            articles.append(load_file(path))
        except ArticleError as exc:
            errors.append(FileError(path, str(exc)))
    return KnowledgeBase.from_articles(articles, errors)


def knowledge_files(folder: Path) -> list[Path]:
    """The article files of `folder`. Listed with scandir, whose entries know their type
    without a stat per file (5,000 stats took 1.9 s of a 100k-passage start on a cold disk)."""
    with os.scandir(folder) as entries:
        return [
            folder / entry.name
            for entry in entries
            if Path(entry.name).suffix.lower() in SUFFIXES
            and not entry.name.startswith(".")
            and entry.is_file()
        ]


def load_file(path: Path) -> Article:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror or exc}") from exc
    return parse_article(data, key=path.name)


def parse_article(data: bytes, *, key: str) -> Article:
    """Parse one knowledge file's bytes; raise ArticleError naming the problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not valid UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise ArticleError("not a text file (contains NUL bytes)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(data).hexdigest()
    if text.startswith("---\n"):
        meta, body = _split_front_matter(text)
        return _article_from_meta(meta, body, key=key, digest=digest)
    paragraphs = _paragraphs(text)
    if not paragraphs:
        raise ArticleError("empty file: no title and no text")
    title, *body_paragraphs = paragraphs
    if not body_paragraphs:
        raise ArticleError("no article text after the title line")
    return Article(
        key=key,
        title=title.strip("# "),
        source="",
        url="",
        published=None,
        paragraphs=tuple(body_paragraphs),
        digest=digest,
    )


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    end = re.search(r"^---[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        raise ArticleError("front matter starts with '---' but has no closing '---' line")
    front = text[4 : 4 + end.start()]
    try:
        meta = yaml.load(front, Loader=FAST_LOADER) or {}
    except yaml.YAMLError:
        try:  # the pure-Python loader words its errors as readers have seen them
            meta = yaml.safe_load(front) or {}
        except yaml.YAMLError as exc:
            raise ArticleError(f"front matter is not valid YAML: {_first_line(exc)}") from exc
    if not isinstance(meta, dict):
        raise ArticleError("front matter must be 'key: value' lines")
    return meta, text[4 + end.end() :]


def _article_from_meta(meta: dict[str, Any], body: str, *, key: str, digest: str) -> Article:
    unknown = sorted(str(k) for k in meta if k not in REQUIRED_KEYS + OPTIONAL_KEYS)
    if unknown:
        raise ArticleError(f"unknown front matter key(s): {listed(unknown)}")
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    if missing:
        raise ArticleError(f"missing front matter key(s): {', '.join(missing)}")
    strings = {k: _as_text(meta, k) for k in REQUIRED_KEYS + OPTIONAL_KEYS if k != "published"}
    if not re.match(r"^https?://\S+$", strings["url"]):
        raise ArticleError(f"url must start with http:// or https://, got {shown(strings['url'])}")
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise ArticleError("empty body: the article has no text after the front matter")
    return Article(
        key=key,
        title=strings["title"],
        source=strings["source"],
        url=strings["url"],
        published=_as_date(meta["published"]),
        paragraphs=tuple(paragraphs),
        author=strings["author"],
        caption=strings["caption"],
        caption_credit=strings["caption_credit"],
        credit=strings["credit"],
        digest=digest,
    )


def _as_text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ArticleError(f"front matter key {key!r} must be text, got {shown(value)}")
    return " ".join(str(value).split())


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ArticleError(
            f"published must be an ISO date like 2022-03-01, got {shown(value)}"
        ) from None


def _paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.splitlines()
        joined = lines[0] if len(lines) == 1 else " ".join(line.strip() for line in lines)
        paragraph = joined.strip()
        if paragraph and not FURNITURE.match(paragraph):
            paragraphs.append(paragraph)
    return paragraphs


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends; quotes and abbreviations like 'U.S.' stay whole."""
    parts = [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and re.search(r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|No|U\.S|U\.N)\.$", merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


# A paragraph that only credits other reporters; it belongs with the byline, not the story.
CREDIT_LINE = re.compile(
    r"^(?:[\w .&’'/-]{1,60} contributed(?: to this)? report(?:ing)?"
    r"|(?:additional |with )?reporting by [\w .&,’'/-]{1,80})\.?$",
    re.IGNORECASE,
)


def is_credit_line(paragraph: str) -> bool:
    line = paragraph.strip()
    # CREDIT_LINE matches at most ~110 characters: the length test spares a split
    # of every paragraph of an archive.
    return len(line) <= 120 and len(line.split()) <= 15 and bool(CREDIT_LINE.match(line))


def split_passages(article: Article) -> list[Passage]:
    """Paragraphs become passages; long ones are cut at sentence ends, tiny ones join the next."""
    passages: list[Passage] = [_details_passage(article)]
    if article.caption or article.caption_credit:
        passages.append(_caption_passage(article))
    pending = ""
    for number, paragraph in enumerate(article.paragraphs, start=1):
        if is_credit_line(paragraph):  # "AFP contributed reporting.": article details answer it
            continue
        text = f"{pending} {paragraph}".strip() if pending else paragraph
        is_last = number == len(article.paragraphs)
        size = len(text.split())
        if size < MIN_PASSAGE_WORDS and not is_last:
            pending = text
            continue
        pending = ""
        chunks = _chunks(text) if size > MAX_PASSAGE_WORDS else [text]
        for part, chunk in enumerate(chunks, start=1):
            passages.append(
                Passage(
                    article=article,
                    paragraph=number,
                    text=chunk,
                    part=part if len(chunks) > 1 else 0,
                    index_text=chunk,
                )
            )
    return passages


def _chunks(paragraph: str) -> list[str]:
    """A paragraph over MAX_PASSAGE_WORDS, cut at sentence ends."""
    chunks: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(paragraph):
        if current and len(" ".join([*current, sentence]).split()) > MAX_PASSAGE_WORDS:
            chunks.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        chunks.append(" ".join(current))
    return chunks


# Words readers use for the photo and for the article's details, which the texts lack.
PHOTO_HINTS = "photo photograph picture image caption shows"  # what the caption describes
CREDIT_HINTS = "taken photographer agency credit credited"  # who took it: the credit line
CAPTION_HINTS = f"{PHOTO_HINTS} {CREDIT_HINTS}"
DETAILS_HINTS = (
    "article story published date when outlet source newspaper wrote written author byline"
    " reporter journalist headline title"
)


def _caption_passage(article: Article) -> Passage:
    text = f"{article.caption} {article.caption_credit}".strip()
    return Passage(article, 0, text, kind="caption", index_text=f"{text} {CAPTION_HINTS}")


def _details_passage(article: Article) -> Passage:
    """Title, outlet, date, author and credits, as one passage with its own citation."""
    about = [f"was published by {article.source}"] if article.source else []
    if article.published:
        about.append(f"on {article.published_text}")
    text = " ".join([f"“{article.title}”", *about]) + "."
    credits = ""
    if article.author:
        credits += f" Written by {article.author}."
    for credit in (article.credit, *filter(is_credit_line, article.paragraphs)):
        if credit:
            credits += f" {credit}"
    text += credits
    # The title says which article; the outlet's name stays out ("Moscow" in "The Moscow
    # Times" is not news about Moscow). answer.py lets this passage win only questions
    # that use a details hint word.
    date = f"{article.published_text} {article.published:%Y}" if article.published else ""
    index_text = f"{article.title} {date} {credits} {DETAILS_HINTS}"
    return Passage(article, 0, text, kind="details", index_text=index_text)
