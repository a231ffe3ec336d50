"""Articles -> passages: the records answering works on, and how paragraphs become passages.

Each paragraph is a passage; a long one is cut at sentence ends (and a
sentence too long for one passage at word boundaries), a tiny one joins the
next. The photo caption and the article's details (outlet, date, author,
credits) are passages of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# How paragraphs become passages. Not settings but part of the index format: the saved
# index (bot/store.py) holds passages cut by these, and is rebuilt when the code
# changes, not when a config value does, so a setting would serve passages cut to the
# old size. MAX_PASSAGE_CHARS also keeps a passage, shown whole in a reply, well inside
# Telegram's 4,096 characters a message.
MAX_PASSAGE_WORDS = 120  # longer paragraphs are cut at sentence ends
MAX_PASSAGE_CHARS = 1_500  # ... and at word boundaries when a sentence is longer
MIN_PASSAGE_WORDS = 3  # shorter ones join the next paragraph
SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


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


# SENTENCE_END's spaces, found from the sentence end they follow (group 1): a pattern that
# starts with a character class lets the regex engine skip ahead to the next full stop,
# where SENTENCE_END tries its look-behinds at every character (3.5x slower; tests/
# test_knowledge.py holds the two equal). A build splits every passage so.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)]?(\s+)(?=[\"“‘(]?[A-Z0-9])")
# a sentence ending so ends an abbreviation, not the sentence: an initial or a dotted
# abbreviation's last capital ("J.", "U.S."), a title before a name ("Gen. Smith"), a month
# before its day ("Jan. 5"), "No. 5", "vs."; at most 5 letters. Lower-case "a.m." and "p.m."
# are left out: they end sentences as often as not ("at 9 a.m. The talks").
_ABBREVIATION = re.compile(
    r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|No|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Rev|vs"
    r"|Jan|Feb|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends; quotes and abbreviations like 'U.S.' stay whole."""
    merged: list[str] = []
    at = 0
    for end in _SENTENCE_BREAK.finditer(text):
        start, after = end.span(1)
        _add_sentence(merged, text[at:start].strip())
        at = after
    _add_sentence(merged, text[at:].strip())
    return merged


def _add_sentence(merged: list[str], part: str) -> None:
    if not part:
        return
    last = merged[-1] if merged else ""
    # `\b` still sees the character before `pos`: only the last characters are searched
    if last.endswith(".") and _ABBREVIATION.search(last, max(0, len(last) - 6)):
        merged[-1] = f"{last} {part}"
    else:
        merged.append(part)


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
        if not is_last and fewer_words(text, MIN_PASSAGE_WORDS):
            pending = text
            continue
        pending = ""
        too_long = len(text) > MAX_PASSAGE_CHARS or more_words(text, MAX_PASSAGE_WORDS)
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


def fewer_words(text: str, count: int) -> bool:
    """``len(text.split()) < count`` (count >= 1), without splitting the rest of the text."""
    return len(text.split(None, count - 1)) < count


def more_words(text: str, count: int) -> bool:
    """``len(text.split()) > count``, without a list of the words where the text is too
    short for that many (a word and a space each), or its only white space is the spaces
    (no character that `str.isspace` knows but " " is printable) and they are too few:
    a split of every paragraph was a fifth of parsing an archive (docs/performance.md,
    twentieth round)."""
    if len(text) <= 2 * count or (text.isprintable() and text.count(" ") < count):
        return False
    return len(text.split()) > count


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
