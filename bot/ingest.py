"""Articles from the real world: a web page (by link or saved file) or a channel post.

Each becomes a Markdown knowledge file with front matter beside the others,
named after its title, and is checked by parsing it back exactly as a reload
will. Nothing here knows Telegram: the admin handlers and `python -m bot add`
pass in what they have and show the result, or the ContentError's reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bot.config import KnowledgeSettings
from bot.content import ContentError, _write_atomically, safe_filename, save_upload
from bot.errors import ArticleError, excerpt
from bot.extract import Page, read_page
from bot.knowledge import HTML_SUFFIXES, Article, parse_article, read_named_file, split_passages
from bot.web import FetchError, fetch

MAX_TITLE_WORDS = 14  # a channel post's first line becomes the title, cut to this


@dataclass(frozen=True)
class Added:
    path: Path
    article: Article
    passages: int

    def summary(self) -> str:
        """“Title” (Source, 1 March 2022): 7 passage(s), saved as name.md"""
        about = ", ".join(filter(None, [self.article.source, self.article.published_text]))
        return (
            f"“{excerpt(self.article.title, 120)}” ({about}): {self.passages} passage(s),"
            f" saved as {self.path.name}"
        )


def add_url(url: str, settings: KnowledgeSettings, existing: Iterable[Article]) -> Added:
    """Fetch `url` and add its article; ContentError when it can't be used."""
    known = list(existing)
    return add_page(fetch_page(url, settings, known), settings, known)


def fetch_page(url: str, settings: KnowledgeSettings, existing: Iterable[Article]) -> Page:
    """The article at `url`, not saved yet; ContentError when it can't be used."""
    _refuse_duplicate(url, existing)
    try:
        fetched = fetch(url, settings.fetch)
        return read_page(fetched.html, fetched.url, min_words=settings.fetch.min_article_words)
    except (FetchError, ArticleError) as exc:
        raise ContentError(str(exc)) from None


def add_file(path: Path, settings: KnowledgeSettings, existing: Iterable[Article]) -> Added:
    """Add a saved page (.html) or a knowledge file (.md, .txt) from anywhere on disk (a
    symbolic link followed; a folder, device, FIFO or too large a file refused unread)."""
    try:
        data = read_named_file(path, settings.max_file_bytes)
    except ArticleError as exc:
        raise ContentError(f"cannot add {excerpt(str(path))}: {exc}") from None
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            page = read_page(data, min_words=settings.fetch.min_article_words)
        except ArticleError as exc:
            raise ContentError(str(exc)) from None
        return add_page(page, settings, existing)
    upload = save_upload(settings.path, path.name, data, max_bytes=settings.max_file_bytes)
    return Added(upload.path, upload.article, upload.passages)


def add_page(page: Page, settings: KnowledgeSettings, existing: Iterable[Article]) -> Added:
    known = list(existing)
    for url in {page.url, page.canonical} - {""}:  # after redirects, and the page's own link
        _refuse_duplicate(url, known)
    return _save(settings, page.title, page.markdown())


def add_post(
    text: str,
    *,
    channel: str,
    username: str | None,
    message_id: int,
    date: dt.datetime,
    settings: KnowledgeSettings,
    existing: Iterable[Article],
) -> Added:
    """A channel post: its first line is the title, its channel the source, its date the date."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    if not blocks:
        raise ContentError("the post has no text to answer from")
    first_line = blocks[0].splitlines()[0].strip()
    if len(blocks) > 1 and len(first_line.split()) <= MAX_TITLE_WORDS:
        title, paragraphs = first_line, blocks[1:] if blocks[0] == first_line else blocks
    else:  # one block: a short title from its start, the whole post as the text
        words = first_line.split()
        title = " ".join(words[:MAX_TITLE_WORDS]) + ("…" if len(words) > MAX_TITLE_WORDS else "")
        paragraphs = blocks
    url = f"https://t.me/{username}/{message_id}" if username else ""
    if url:
        _refuse_duplicate(url, existing)
    page = Page(
        title=title.strip("#*_ ") or "Channel post",
        source=channel,
        url=url,
        published=date.date(),
        author="",
        paragraphs=tuple(" ".join(p.split()) for p in paragraphs),
    )
    return _save(settings, page.title, page.markdown())


def _save(settings: KnowledgeSettings, title: str, markdown: str) -> Added:
    """Write `markdown` under a free name made from `title`, after parsing it as a reload will."""
    data = markdown.encode()
    if len(data) > settings.max_file_bytes:
        raise ContentError(
            f"the article is {len(data):,} bytes; the limit is {settings.max_file_bytes:,}"
        )
    name = _free_name(settings.path, title)
    try:
        article = parse_article(data, key=name)
    except ArticleError as exc:
        raise ContentError(str(exc)) from None
    path = settings.path / name
    try:
        _write_atomically(path, data)
    except OSError as exc:
        raise ContentError(f"cannot save {name}: {exc.strerror or exc}") from None
    return Added(path, article, len(split_passages(article)))


def _free_name(folder: Path, title: str) -> str:
    try:
        stem = safe_filename(f"{' '.join(title.split()[:10])}.md").removesuffix(".md")
    except ContentError:
        stem = "article"
    for number in range(1, 1000):
        name = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
        if not (folder / name).exists() and not (folder / f"{name[:-3]}.html").exists():
            return name
    raise ContentError(f"too many articles named {stem}.md")


TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def normal_url(url: str) -> str:
    """The URL two links to one page share: no fragment, no tracking parameters (utm_*,
    fbclid), lower-case scheme and host, no trailing slash; one urllib cannot split (a
    malformed host such as http://[oops/, in an article's front matter) as it is written."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path.rstrip("/") or "/"
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not TRACKING.match(pair.split("=")[0])
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def _refuse_duplicate(url: str, existing: Iterable[Article]) -> None:
    wanted = normal_url(url)
    for article in existing:
        if article.url and normal_url(article.url) == wanted:
            raise ContentError(
                f"this link is already an article: “{excerpt(article.title, 120)}” ({article.key})"
            )
