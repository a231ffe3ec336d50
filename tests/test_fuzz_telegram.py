"""Property tests through the Telegram formatting: whatever comes in, Telegram accepts what goes out.

Every text the bot would send for an arbitrary question (the answer, each
"Another passage", the inline results, a decline) and for arbitrary articles
(titles, sources, links and paragraphs of any Unicode) must be HTML that
Telegram parses, at most 4096 UTF-16 code units as the reader sees it, with
callback data of at most 64 bytes.
"""

from __future__ import annotations

import datetime as dt
import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardMarkup

from bot.answering import Answer, Answerer, Hit
from bot.knowledge import Article, Passage
from bot.render import article_html, help_html, hit_html, sources_html, to_html
from bot.telegram.answers import answer_keyboard, passage_html
from bot.telegram.inline import _article_result, _hit_result
from tests.e2e.botapi import BotApiServer
from tests.e2e.telegram_html import check_message_text, utf16_length

TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=10_000)
SPICE = st.sampled_from(
    [
        "\u200d",  # zero-width joiner
        "\u200f",  # right-to-left mark
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "👩‍👩‍👧",  # a ZWJ emoji sequence (astral: two UTF-16 units each)
        "🇺🇦",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "<b>",
        "</i>",
        "&amp;",
        "&",
        "<",
        '"',
        "\x00",
        "\x1b[31m",
        "\n\n",
        "ﷺ",
        " ",
    ]
)
MESSY = st.lists(st.one_of(SPICE, TEXT.map(lambda t: t[:200])), max_size=60).map("".join)
# Hypothesis rarely draws long text by itself: repeat a messy piece up to 10,000 characters.
LONG = st.builds(
    lambda piece, size: (piece * (size // max(1, len(piece)) + 1))[:size],
    MESSY.filter(bool),
    st.integers(1, 10_000),
)
ANY = st.one_of(TEXT, MESSY, LONG)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CASES = {"questions": 0, "articles": 0}


def accepted(text: str) -> None:
    """Telegram would send it: valid HTML, not empty, at most 4096 units when read."""
    problem = check_message_text(text, "HTML")
    assert problem == "", problem


def buttons(markup: InlineKeyboardMarkup | None) -> None:
    """Telegram would take the keyboard: callback data of 1-64 bytes, http(s) links."""
    if markup is not None:
        BotApiServer._check_markup(markup.to_dict())  # raises ApiError like Telegram's 400


def check_answer(answer: Answer, articles: tuple[Article, ...]) -> None:
    if answer.answered and answer.hits:
        for index in range(len(answer.hits)):
            accepted(passage_html(answer, index))
            buttons(answer_keyboard("abcdef123456789", answer, index))
            result = _hit_result(index, answer.hits[index])
            accepted(result.input_message_content.message_text)  # type: ignore[union-attr]
            buttons(result.reply_markup)
            assert len(result.title) <= 100
    else:
        accepted(to_html(answer, articles))


@st.composite
def questions(draw: st.DrawFn, vocabulary: list[str]) -> str:
    """Messy text with words from the articles mixed in, so that some questions are answered."""
    parts = draw(st.lists(st.one_of(MESSY, st.sampled_from(vocabulary)), max_size=12))
    return draw(st.sampled_from([" ", "", "\u200d", "\n"])).join(parts)[:10_000]


def test_any_question_formats_for_telegram(answerer: Answerer) -> None:
    vocabulary = sorted({w for p in answerer.knowledge.passages for w in p.text.split()})

    @FUZZ
    @given(question=st.one_of(TEXT, LONG, questions(vocabulary)))
    def run(question: str) -> None:
        CASES["questions"] += 1
        check_answer(answerer.answer(question), answerer.articles)

    run()
    print(f"\nfuzz: {CASES['questions']} questions through the Telegram formatting")


URLS = st.one_of(
    st.just(""),
    st.builds(lambda s: f"https://example.org/{s}", st.one_of(TEXT, LONG)),
    st.builds(lambda s: f"http://x.y/?a=1&b={s}", MESSY),
    TEXT.map(lambda t: t[:300]),
    st.just('javascript:alert("x")'),
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    paragraphs = draw(st.lists(ANY.filter(str.strip), min_size=1, max_size=3))
    return Article(
        key=draw(st.text(max_size=20)) + ".md",
        title=draw(ANY).strip() or "t",
        source=draw(st.one_of(st.just(""), ANY)),
        url=draw(URLS),
        published=draw(st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))),
        paragraphs=tuple(paragraphs),
        author=draw(st.one_of(st.just(""), MESSY)),
    )


@st.composite
def hits(draw: st.DrawFn) -> Hit:
    article = draw(articles())
    number = draw(st.integers(0, len(article.paragraphs) - 1))
    text = article.paragraphs[number]
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    sentence = draw(st.one_of(st.just(text[start:end]), MESSY))  # usually in the text, not always
    kind = draw(st.sampled_from(["body", "caption", "details"]))
    passage = Passage(
        article, number + 1, text, kind=kind, part=draw(st.integers(0, 3)), index_text=text
    )
    return Hit(passage, score=1.0, sentence=sentence, coverage=1.0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(found=st.lists(hits(), min_size=1, max_size=4), declined=st.booleans())
def test_any_article_formats_for_telegram(found: list[Hit], declined: bool) -> None:
    CASES["articles"] += 1
    accepted(hit_html(found[0]))
    known = tuple(h.passage.article for h in found)
    if declined:
        answer = Answer("q", (), declined="not_covered", closest=found[0])
    else:
        answer = Answer("q", tuple(found))
    check_answer(answer, known)
    for index, article in enumerate(known):
        result = _article_result(index, article)
        accepted(result.input_message_content.message_text)  # type: ignore[union-attr]
        buttons(result.reply_markup)
        assert utf16_length(html.unescape(article_html(article))) > 0
    for chunk in sources_html(known):
        accepted(chunk)
    accepted(help_html(known, "newsbot_test_bot"))
