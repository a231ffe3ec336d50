"""render.py's Telegram helpers: help, sources and packing, always valid Telegram HTML."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answering import Answerer, Hit
from bot.render import (
    TELEGRAM_LIMIT,
    fit,
    help_html,
    hit_html,
    join_chunks,
    sources_html,
    to_html,
    to_text,
    units,
)
from tests.e2e.telegram_html import check_message_text, visible_text


def test_help_names_the_articles_and_the_ways_to_ask(answerer: Answerer) -> None:
    text = help_html(answerer.articles, "news_bot")
    assert check_message_text(text, "HTML") == ""
    shown = visible_text(text)
    assert "1 news article(s)" in shown and "Kremlin" in shown
    assert "/ask" in shown and "@news_bot" in shown and "/sources" in shown


def test_help_without_articles_says_so() -> None:
    assert "No articles are loaded yet" in help_html([], "news_bot")


def test_sources_escape_titles_and_split_under_the_limit(answerer: Answerer) -> None:
    [article] = answerer.articles
    hostile = dataclasses.replace(article, title='<b>&amp; "quoted"</b>', url="javascript:x")
    many = [dataclasses.replace(article, title=f"{article.title} {n}") for n in range(200)]
    messages = sources_html([hostile, *many])
    assert len(messages) > 1
    for message in messages:
        assert check_message_text(message, "HTML") == ""
        assert len(message) <= TELEGRAM_LIMIT
    assert visible_text(messages[0]).splitlines()[1].startswith('• <b>&amp; "quoted"</b>')
    assert "javascript:" not in messages[0]  # only web links become links
    assert sum(visible_text(m).count("•") for m in messages) == 201


def test_join_chunks_keeps_lines_whole() -> None:
    assert join_chunks(["aaa", "bbb", "ccc"], limit=7) == ["aaa\nbbb", "ccc"]
    assert join_chunks([], limit=7) == []


def test_fit_trims_a_line_that_cannot_fit() -> None:
    line = "<b>" + "&amp;" * 5000 + "</b>"
    trimmed = fit(line)
    assert len(trimmed) <= TELEGRAM_LIMIT and check_message_text(trimmed, "HTML") == ""
    assert fit("<b>short</b>") == "<b>short</b>"


def _hit(answerer: Answerer, text: str, sentence: str, **article_changes: str) -> Hit:
    passage = answerer.knowledge.passages[1]
    article = dataclasses.replace(passage.article, **article_changes)
    return Hit(dataclasses.replace(passage, article=article, text=text), 1.0, sentence, 1.0)


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("&" * 20_000, "&" * 20_000),  # escaping makes it five times longer
        ("Start. " + "<" * 9_000 + ". End.", "<" * 9_000 + "."),
        ("🦭" * 5_000, "🦭" * 5_000),  # two UTF-16 units each
        (
            "Head & tail. " * 800 + "The answer is here. " + "More & more. " * 800,
            "The answer is here.",
        ),
    ],
)
def test_long_passages_are_cut_to_valid_html_under_the_limit(
    answerer: Answerer, text: str, sentence: str
) -> None:
    message = hit_html(_hit(answerer, text, sentence))
    assert check_message_text(message, "HTML") == ""
    assert units(message) <= TELEGRAM_LIMIT
    shown = visible_text(message)
    assert "…" in shown and shown.endswith("Read the article")
    if "answer is here" in sentence:
        assert "<b>The answer is here.</b>" in message  # the best sentence survives the cut


def test_huge_titles_and_urls_do_not_crowd_out_the_passage(answerer: Answerer) -> None:
    hit = _hit(
        answerer,
        "Short passage.",
        "Short passage.",
        title="T&" * 5000,
        url="https://x/" + "a" * 5000,
    )
    message = hit_html(hit)
    assert check_message_text(message, "HTML") == "" and units(message) <= TELEGRAM_LIMIT
    assert "<b>Short passage.</b>" in message and "https://x/" not in message


@pytest.mark.parametrize(
    "url", ['javascript:alert("x")', "tg://resolve?domain=other_bot", "see the print edition"]
)
def test_an_answer_links_its_article_only_when_the_url_is_a_web_link(
    answerer: Answerer, url: str
) -> None:
    """As /sources and the buttons do: an article's url: that is not http(s) stays out."""
    web = hit_html(_hit(answerer, "Short passage.", "Short passage.", url="https://x.example/a"))
    assert '<a href="https://x.example/a">Read the article</a>' in web
    message = hit_html(_hit(answerer, "Short passage.", "Short passage.", url=url))
    assert check_message_text(message, "HTML") == ""
    assert "<a " not in message and "Read the article" not in message


def test_the_short_answer_leads_in_bold_and_the_message_still_fits(answerer: Answerer) -> None:
    answer = answerer.answer("How many people have fled Ukraine?")
    assert answer.short == "Nearly 660,000"
    text = to_html(answer, answerer.articles)
    assert text.startswith("<b>Nearly 660,000</b>\n\n")
    assert check_message_text(text, "HTML") == ""
    hit = answer.hits[0]
    long = dataclasses.replace(hit, passage=dataclasses.replace(hit.passage, text="x " * 5000))
    hostile = hit_html(long, short="<i>&" + "y" * 500)
    assert check_message_text(hostile, "HTML") == "" and units(hostile) <= TELEGRAM_LIMIT
    assert hostile.startswith("<b>&lt;i&gt;&amp;yyy") and "…</b>" in hostile  # cut, escaped
    assert to_text(answer, answerer.articles).splitlines()[0] == "Nearly 660,000"
    assert not hit_html(hit).startswith("<b>Nearly 660,000</b>\n\n")  # other passages: none
