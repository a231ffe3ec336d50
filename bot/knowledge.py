"""Knowledge files -> articles -> passages, with one error per broken file.

A knowledge file is Markdown with YAML front matter (see bot.frontmatter),
plain text (or Markdown without front matter) whose first line is the title,
or a saved web page (see bot.extract). Paragraphs are separated by blank
lines and kept exactly as published.
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

from bot import frontmatter
from bot.errors import MAX_MESSAGE, NewsbotError, excerpt
from bot.errors import ArticleError as ArticleError  # re-exported: callers catch it from here

SUFFIXES = (".md", ".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
DEFAULT_MAX_FILE_BYTES = 5_000_000  # knowledge.max_file_bytes: a long article is 100 KB
MAX_PASSAGE_WORDS = 120  # longer paragraphs are cut at sentence ends
MAX_PASSAGE_CHARS = 1_500  # ... and at word boundaries when a sentence is longer
MIN_PASSAGE_WORDS = 3  # shorter ones join the next paragraph
MAX_TITLE_CHARS = 300

# Site furniture that scrapes and copies of web pages carry but articles don't.
FURNITURE = re.compile(
    r"^(support (the )?[\w .'-]+!|read more|advertisement|share( this( article)?)?"
    r"|subscribe( now)?[.!]?|related( articles?)?:?|sign up.*newsletter.*)$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


class FolderError(NewsbotError):
    """The knowledge folder itself is missing or unreadable: nothing can be said about files."""

    exit_code = 2


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
    notes: tuple[str, ...] = ()  # warnings: the article loads, but something was ignored

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


def load_folder(folder: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> KnowledgeBase:
    """Load every knowledge file of `folder`; a broken file is skipped and named with its reason.

    Whatever goes wrong inside one file (of any Python type) is that file's
    error. A missing or unreadable folder raises FolderError: it must never
    look like an empty knowledge base.
    """
    articles: list[Article] = []
    errors: list[FileError] = []
    for path in sorted(knowledge_files(folder)):
        try:
            articles.append(load_file(path, folder=folder, max_bytes=max_bytes))
        except Exception as exc:  # one file's problem, whatever raised it
            errors.append(FileError(path, excerpt(str(exc) or type(exc).__name__, MAX_MESSAGE)))
    return KnowledgeBase.from_articles(articles, errors)


def knowledge_files(folder: Path) -> list[Path]:
    """The article files of `folder`, symbolic links included (load_file judges them).

    Listed with scandir, whose entries know their type without a stat per file
    (5,000 stats took 1.9 s of a 100k-passage start on a cold disk).
    """
    try:
        with os.scandir(folder) as entries:
            return [
                folder / entry.name
                for entry in entries
                if Path(entry.name).suffix.lower() in SUFFIXES
                and not entry.name.startswith(".")
                and (entry.is_symlink() or entry.is_file())
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
    """The bytes of a knowledge file; refused when too large or reached through a link
    that leaves `folder` (a link to /some/secret.md must never be served)."""
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            raise ArticleError("broken symbolic link: its target does not exist")
        if not target.is_relative_to(folder.resolve()):
            raise ArticleError("symbolic link to a file outside the knowledge folder: refused")
        if not target.is_file():
            raise ArticleError("symbolic link to something that is not a file")
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise ArticleError(f"the file is {size:,} bytes; the limit is {max_bytes:,}")
            data = file.read(max_bytes + 1)
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ArticleError(f"the file is over the limit of {max_bytes:,} bytes")
    return data


def load_file(path: Path, *, folder: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Article:
    return parse_article(read_file(path, folder=folder, max_bytes=max_bytes), key=path.name)


def parse_article(data: bytes, *, key: str) -> Article:
    """Parse one knowledge file's bytes; raise ArticleError (only) naming the problem."""
    try:
        return _parse(data, key)
    except ArticleError:
        raise  # its message is already bounded (errors.NewsbotError)
    except Exception as exc:  # a bug or a hostile value must not escape as another type
        raise ArticleError(f"cannot read this file: {type(exc).__name__}: {exc}") from None


def _parse(data: bytes, key: str) -> Article:
    digest = hashlib.sha256(data).hexdigest()
    if Path(key).suffix.lower() in HTML_SUFFIXES:
        from bot.extract import article_from_html  # lxml and trafilatura: only when needed

        return article_from_html(data, key=key, digest=digest)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not valid UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise ArticleError("not a text file (contains NUL bytes)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("---\n"):
        front, body = frontmatter.split(text)
        meta = frontmatter.parse(front)
        return _article_from_meta(meta.values, body, key=key, digest=digest, notes=meta.warnings)
    return _plain_article(text, key=key, digest=digest)


NO_FRONT_MATTER = "no front matter: loaded with the first line as its title, without source or date"


def _plain_article(text: str, *, key: str, digest: str) -> Article:
    """A .txt file, or a .md file without front matter: the first line is the title."""
    lines = [line for line in text.strip().split("\n")]
    while lines and (not lines[0].strip() or FURNITURE.match(lines[0].strip())):
        lines.pop(0)  # "Support The Moscow Times!" above the headline is no title
    if not lines:
        raise ArticleError("empty file: no title and no text")
    title = lines[0].strip().strip("#").strip()
    paragraphs = _paragraphs("\n".join(lines[1:]))
    if not paragraphs:
        raise ArticleError(f"no article text after the title line {excerpt(title)!r}")
    return Article(
        key=key,
        title=_title(title),
        source="",
        url="",
        published=None,
        paragraphs=tuple(paragraphs),
        digest=digest,
        notes=(NO_FRONT_MATTER,) if key.lower().endswith(".md") else (),
    )


def _title(text: str) -> str:
    if len(text) > MAX_TITLE_CHARS:
        raise ArticleError(f"the title is {len(text):,} characters; the limit is {MAX_TITLE_CHARS}")
    return text


def _article_from_meta(
    meta: dict[str, Any], body: str, *, key: str, digest: str, notes: tuple[str, ...] = ()
) -> Article:
    strings = {k: frontmatter.text_value(meta, k) for k in frontmatter.KNOWN_KEYS}
    url = strings["url"]
    if url and not re.match(r"^https?://\S+$", url):
        raise ArticleError(f"url must start with http:// or https://, got {excerpt(url)!r}")
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise ArticleError("empty body: the article has no text after the front matter")
    return Article(
        key=key,
        title=_title(strings["title"]),
        source=strings["source"],
        url=url,
        published=frontmatter.date_value(meta["published"]),
        paragraphs=tuple(paragraphs),
        author=strings["author"],
        caption=strings["caption"],
        caption_credit=strings["caption_credit"],
        credit=strings["credit"],
        digest=digest,
        notes=notes,
    )


def _paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.splitlines()
        joined = lines[0] if len(lines) == 1 else " ".join(line.strip() for line in lines)
        paragraph = joined.strip()
        if paragraph and not FURNITURE.match(paragraph):
            paragraphs.append(paragraph)
    return paragraphs


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
        too_long = size > MAX_PASSAGE_WORDS or len(text) > MAX_PASSAGE_CHARS
        chunks = _chunks(text) if too_long else [text]
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
    """A paragraph over MAX_PASSAGE_WORDS, cut at sentence ends (and at word boundaries
    within a sentence too long for one passage)."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in split_sentences(paragraph):
        for piece in _word_windows(sentence):
            words = len(piece.split())
            if current and (
                size + words > MAX_PASSAGE_WORDS
                or sum(map(len, current)) + len(piece) > MAX_PASSAGE_CHARS
            ):
                chunks.append(" ".join(current))
                current, size = [], 0
            current.append(piece)
            size += words
    if current:
        chunks.append(" ".join(current))
    return chunks


def _word_windows(sentence: str) -> list[str]:
    """`sentence` whole when it fits a passage, else cut at word boundaries into pieces that do
    (a word longer than a passage, e.g. a run of 50 MB without spaces, is cut where it must)."""
    if len(sentence) <= MAX_PASSAGE_CHARS and len(sentence.split()) <= MAX_PASSAGE_WORDS:
        return [sentence]
    pieces: list[str] = []
    current: list[str] = []
    chars = 0
    for word in sentence.split():
        while len(word) > MAX_PASSAGE_CHARS:
            if current:
                pieces.append(" ".join(current))
                current, chars = [], 0
            pieces.append(word[:MAX_PASSAGE_CHARS])
            word = word[MAX_PASSAGE_CHARS:]
        if current and (len(current) >= MAX_PASSAGE_WORDS or chars + len(word) > MAX_PASSAGE_CHARS):
            pieces.append(" ".join(current))
            current, chars = [], 0
        current.append(word)
        chars += len(word) + 1
    if current:
        pieces.append(" ".join(current))
    return pieces


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
