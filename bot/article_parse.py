"""One knowledge file's bytes -> an `Article`, or an ArticleError naming the problem.

Markdown with YAML front matter (bot/frontmatter.py), plain text (or Markdown without
front matter) whose first line is the title, or a saved web page (bot/extract.py).
Paragraphs are separated by blank lines and kept exactly as published; lines of site
furniture ("Read more") are dropped.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from bot import frontmatter
from bot.errors import ArticleError, excerpt
from bot.passages import Article

HTML_SUFFIXES = (".html", ".htm")
# knowledge.fetch.min_article_words: a saved web page with less text is a teaser or a stub
DEFAULT_MIN_ARTICLE_WORDS = 60

# Site furniture that scrapes and copies of web pages carry but articles don't.
FURNITURE = re.compile(
    r"^(support (the )?[\w .'-]+!|read more|advertisement|share( this( article)?)?"
    r"|subscribe( now)?[.!]?|related( articles?)?:?|sign up.*newsletter.*)$",
    re.IGNORECASE,
)


def parse_article(data: bytes, *, key: str, min_words: int = DEFAULT_MIN_ARTICLE_WORDS) -> Article:
    """Parse one knowledge file's bytes; raise ArticleError (only) naming the problem.
    `min_words`: the least text a saved web page (.html) must hold to be an article."""
    try:
        return _parse(data, key, min_words)
    except ArticleError:
        raise  # its message is already bounded (errors.NewsbotError)
    except Exception as exc:  # a bug or a hostile value must not escape as another type
        raise ArticleError(f"cannot read this file: {type(exc).__name__}: {exc}") from None


def _parse(data: bytes, key: str, min_words: int) -> Article:
    digest = hashlib.sha256(data).hexdigest()
    if Path(key).suffix.lower() in HTML_SUFFIXES:
        from bot.extract import article_from_html  # lxml and trafilatura: only when needed

        return article_from_html(data, key=key, digest=digest, min_words=min_words)
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
        title=title,
        source="",
        url="",
        published=None,
        paragraphs=tuple(paragraphs),
        digest=digest,
        notes=(NO_FRONT_MATTER,) if key.lower().endswith(".md") else (),
    )


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
        title=strings["title"],
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
