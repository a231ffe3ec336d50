"""A web page -> an article: its story paragraphs and metadata, without the page furniture.

trafilatura finds the main text and the metadata (title, site name, author,
date, canonical URL) of a page; navigation, cookie banners, share buttons
and related links stay out. The lead photo's caption is read from the first
``<figcaption>``, its credit split off ("Photo: ..."). A page that is not an
article, a paywall stub or a page too short to answer from is refused with
the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from bot import frontmatter
from bot.errors import ArticleError, excerpt
from bot.knowledge import DEFAULT_MIN_ARTICLE_WORDS, Article, parse_article

MAX_TEXT_CHARS = 200_000  # about 30,000 words: longer than the longest long read
# Shorter pages are teasers, stubs or link lists, not articles: the default of
# knowledge.fetch.min_article_words (what `add`, admins' links and saved pages use).
MIN_ARTICLE_WORDS = DEFAULT_MIN_ARTICLE_WORDS
PAYWALL_WORDS = 250  # a text this short that asks readers to subscribe is a paywall stub
PAYWALL = re.compile(
    r"\b(?:subscribe|subscription|subscribers?|sign in|log in|register)\b[^.]{0,80}"
    r"\b(?:continue reading|read the (?:full|whole|rest)|full (?:article|story)|access)\b"
    r"|\b(?:continue reading|read the (?:full|rest of the) (?:article|story))\b[^.]{0,60}"
    r"\b(?:subscribe|subscription|subscribers?)\b"
    r"|\bthis (?:article|story|content) is (?:only )?(?:available|reserved) (?:to|for)"
    r" (?:subscribers|members)\b",
    re.IGNORECASE,
)
# "Photo: Jane Doe / Agency", "(Credit: ...)", "Image: ..." at the end of a caption.
CREDIT = re.compile(
    r"[\s(]*\b(?:photo(?:graph)?|picture|image|credit|foto)s?\s*(?:by|:)\s*(?P<credit>[^()]+?)\)?\s*$",
    re.IGNORECASE,
)
MONTHS = (
    "january february march april may june july august september october november december"
).split()


@dataclass(frozen=True)
class Page:
    """What a page holds for an article."""

    title: str
    source: str
    url: str
    published: dt.date
    author: str
    paragraphs: tuple[str, ...]
    caption: str = ""
    caption_credit: str = ""
    canonical: str = ""  # the page's own link (rel=canonical, og:url), for duplicate checks

    def markdown(self) -> str:
        """The article as a knowledge file: front matter, then one paragraph per block."""
        front = frontmatter.render(
            {
                "title": self.title,
                "source": self.source,
                "url": self.url,
                "published": self.published.isoformat(),
                "author": self.author,
                "caption": self.caption,
                "caption_credit": self.caption_credit,
            }
        )
        return front + "\n" + "\n\n".join(self.paragraphs) + "\n"


def read_page(html: bytes | str, url: str = "", *, min_words: int = MIN_ARTICLE_WORDS) -> Page:
    """The article in `html` (fetched from `url`, if known); ArticleError says why not,
    e.g. when it has fewer than `min_words` words of text."""
    try:
        tree = _parse(html)
        _check_text_size(tree)
        found = _extract(html, url)
    except ArticleError:
        raise
    except Exception as exc:  # lxml and trafilatura on hostile input: the page's error
        reason = excerpt(str(exc) or type(exc).__name__)
        raise ArticleError(f"cannot read the page: {reason}") from None
    text: str = found.get("text") or ""
    title = " ".join(str(found.get("title") or "").split())
    paragraphs = without_headline(
        tuple(" ".join(line.split()) for line in text.splitlines() if line.strip()), title
    )
    words = sum(len(p.split()) for p in paragraphs)
    stub = PAYWALL.search(text) if words < PAYWALL_WORDS else None
    if stub is not None:
        raise ArticleError(
            f"looks like a paywall stub: {words} words and {excerpt(stub.group())!r}"
        )
    if not paragraphs:
        raise ArticleError("no article text found on the page (not an article?)")
    if words < min_words:
        raise ArticleError(
            f"too short to be an article: {words} words of text (at least {min_words})"
        )
    if not title:
        raise ArticleError("the page has no title")

    canonical = _http_url(str(found.get("url") or ""))
    page_url = _http_url(url) or canonical  # as fetched, else the page's own link
    source = str(found.get("sitename") or "") or urlsplit(page_url).hostname or ""
    if not source:
        raise ArticleError("no site name or address found on the page to cite as its source")
    published = _date(found.get("date"))
    if published is None:
        raise ArticleError("no publication date found on the page")
    caption, credit = split_credit(_lead_caption(tree))
    return Page(
        title=excerpt(title, 300),
        source=excerpt(" ".join(source.split()), 200),
        url=page_url,
        canonical=canonical,
        published=published,
        author=clean_author(str(found.get("author") or "")),
        paragraphs=paragraphs,
        caption=caption,
        caption_credit=credit,
    )


def _extract(html: bytes | str, url: str) -> dict[str, Any]:
    import trafilatura  # imported on first use: it takes a second to load

    for name in ("trafilatura", "htmldate", "courlan", "justext"):  # our reason says it once
        logging.getLogger(name).setLevel(logging.CRITICAL)

    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    if document is None:
        return {}
    return dict(document.as_dict()) if hasattr(document, "as_dict") else dict(document)


def article_from_html(
    data: bytes, *, key: str, digest: str = "", min_words: int = MIN_ARTICLE_WORDS
) -> Article:
    """A saved web page in the knowledge folder, as an Article; refused with under
    `min_words` words of text."""
    page = read_page(data, min_words=min_words)
    article = parse_article(page.markdown().encode(), key="page.md")  # checked as Markdown
    return replace(article, key=key, digest=digest or hashlib.sha256(data).hexdigest())


def _http_url(url: str) -> str:
    return url if re.match(r"^https?://\S+$", url) and len(url) <= 2000 else ""


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _parse(html: bytes | str) -> Any:
    """The page as an lxml tree (None when there is no document to parse)."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(html)
    except Exception:  # an empty or broken document: trafilatura gives the reason
        return None


def _check_text_size(tree: Any) -> None:
    """Refuse a page holding far more text than an article, before the extractor's Python
    passes over it (5 MB of paragraphs took trafilatura 27 s; lxml counts it in 0.2 s)."""
    if tree is None:
        return
    for element in tree.xpath("//script|//style|//noscript"):
        element.drop_tree()  # inline scripts and data are no text (our copy of the tree)
    chars = len(tree.text_content())
    if chars > MAX_TEXT_CHARS:
        raise ArticleError(
            f"the page holds {chars:,} characters of text; an article has at most"
            f" {MAX_TEXT_CHARS:,}"
        )


def _lead_caption(tree: Any) -> str:
    """The text of the page's first <figcaption>, the lead photo's."""
    if tree is None:
        return ""
    for figcaption in tree.iter("figcaption"):
        return " ".join(figcaption.text_content().split())[:1000]
    return ""


def without_headline(paragraphs: tuple[str, ...], title: str) -> tuple[str, ...]:
    """The text without its first line when that is the headline again (an <h1> inside the
    article): the title is cited already, and is no paragraph of the story."""
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        return paragraphs[1:]
    return paragraphs


def split_credit(caption: str) -> tuple[str, str]:
    """("A cat on a mat.", "Jane Doe / AP") from "A cat on a mat. Photo: Jane Doe / AP"."""
    match = CREDIT.search(caption)
    if match is None or match.start() == 0:
        return caption, ""
    return caption[: match.start()].strip(), match.group("credit").strip(" .")


def clean_author(author: str) -> str:
    """Names only: the parts of a byline that are dates ("Sofia Herrera; September",
    "Ann Lee; March 3, 2021") are dropped; "May Jones" is a name and stays."""
    names = [
        part.strip()
        for part in author.split(";")
        if part.strip()
        and part.strip().casefold() not in MONTHS
        and not any(c.isdigit() for c in part)
    ]
    return excerpt(", ".join(names), 200) if names else ""
