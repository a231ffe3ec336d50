"""Web pages -> articles: the story's paragraphs and metadata, none of the page furniture."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import ArticleError
from bot.extract import clean_author, read_page, split_credit
from bot.knowledge import parse_article
from tests.pages import FURNITURE, NOT_AN_ARTICLE, PAGES, PAYWALL_STUB, STORIES, story_paragraphs


@pytest.mark.parametrize("name", STORIES)
def test_a_news_page_keeps_every_story_paragraph_and_no_furniture(name: str) -> None:
    page = read_page((PAGES / f"{name}.html").read_bytes(), f"https://news.example/{name}")
    assert list(page.paragraphs) == story_paragraphs(name)
    text = "\n".join(page.paragraphs)
    for furniture in FURNITURE:
        assert furniture not in text, furniture
    assert page.caption and page.caption not in text  # the photo caption is its own field
    assert page.url == f"https://news.example/{name}"


def test_a_page_metadata_becomes_the_citation() -> None:
    page = read_page((PAGES / "owls.html").read_bytes())
    assert page.title == "Tiny radio tags reveal where young owls go in winter"
    assert page.source == "Northern Science Daily"
    assert page.published == dt.date(2022, 9, 21)
    assert page.author == "Sofia Herrera"  # not "Sofia Herrera; September" from the byline
    assert page.url == "https://northernscience.example/2022/09/21/owl-radio-tags"  # canonical
    assert page.caption_credit == "Lars Holm / Forest Bird Trust"


def test_the_saved_markdown_reads_back_as_the_same_article() -> None:
    page = read_page((PAGES / "ferry.html").read_bytes(), "https://coastal.example/ferry")
    article = parse_article(page.markdown().encode(), key="ferry.md")
    assert article.paragraphs == page.paragraphs
    assert (article.title, article.source, article.published) == (
        page.title,
        "The Coastal Herald",
        dt.date(2023, 11, 14),
    )
    assert article.author == "Maria Lind" and not article.notes


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (PAYWALL_STUB, "paywall"),
        (NOT_AN_ARTICLE, "not an article|too short"),
        ("", "no article text|cannot read"),
        ("<html><body><p>Only a short note about the weather today.</p></body></html>", "too short|no article"),
    ],
)
def test_pages_that_are_not_articles_say_why(html: str, reason: str) -> None:
    with pytest.raises(ArticleError, match=reason):
        read_page(html, "https://news.example/x")


def test_a_long_article_that_mentions_subscribing_is_no_paywall_stub() -> None:
    body = "".join(
        f"<p>Paragraph {n} of the report says the council will subscribe to a new water plan"
        " and residents can read the full article of the plan at the town hall.</p>"
        for n in range(20)
    )
    html = (
        "<html><head><title>Water plan</title><meta property='og:site_name' content='Ledger'>"
        f"<meta property='article:published_time' content='2024-02-02'></head><body><article>{body}"
        "</article></body></html>"
    )
    assert len(read_page(html, "https://ledger.example/water").paragraphs) == 20


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("A dog on a beach. Photo: Ann Lee / Reuters", ("A dog on a beach.", "Ann Lee / Reuters")),
        ("Boats in the bay (Image by Tom Roe)", ("Boats in the bay", "Tom Roe")),
        ("The photo shows a crowd at the stadium.", ("The photo shows a crowd at the stadium.", "")),
        ("Photo: only a credit", ("Photo: only a credit", "")),
    ],
)
def test_a_caption_credit_is_split_off_only_at_the_end(caption: str, expected: tuple[str, str]) -> None:
    assert split_credit(caption) == expected


def test_author_keeps_names_and_drops_dates() -> None:
    assert clean_author("Ann Lee; March 3, 2021") == "Ann Lee"
    assert clean_author("Ann Lee; Bob Marsh") == "Ann Lee, Bob Marsh"
    assert clean_author("May Jones") == "May Jones"
    assert clean_author("Ann Lee; September") == "Ann Lee"


def test_a_page_with_far_more_text_than_an_article_is_refused_quickly() -> None:
    import time

    soup = ("<div><p>" + "word " * 50 + "</p></div>") * 20_000  # 5.4 MB, 5,000,000 characters
    started = time.perf_counter()
    with pytest.raises(ArticleError, match="holds 5,000,000 characters of text"):
        read_page(soup, "https://news.example/x")
    assert time.perf_counter() - started < 5  # trafilatura took 27 s over it
    script = "<script>" + "var x = 1;" * 100_000 + "</script>"  # inline data is no text
    ferry = (PAGES / "ferry.html").read_text(encoding="utf-8").replace("</head>", script + "</head>")
    assert len(read_page(ferry, "https://news.example/f").paragraphs) == 6


def test_the_headline_repeated_as_the_first_line_is_no_paragraph() -> None:
    from bot.extract import without_headline

    title = "Tram line 4 closes for repairs"
    story = ("The tram line closes on Monday.", "Buses replace it.")
    assert without_headline(("Tram line 4 closes for repairs", *story), title) == story
    assert without_headline(("TRAM LINE 4 CLOSES FOR REPAIRS", *story), title) == story
    kept = ("Tram line 4 closes for repairs, the city said on Monday.", *story)
    assert without_headline(kept, title) == kept  # a sentence that starts like the title stays
    assert without_headline(story, title) == story
