"""Knowledge files -> articles -> passages, and one clear error per broken file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.knowledge import (
    MAX_PASSAGE_WORDS,
    ArticleError,
    FolderError,
    load_folder,
    parse_article,
    split_passages,
    split_sentences,
)
from bot.passages import SENTENCE_END, fewer_words, more_words
from tests.conftest import KNOWLEDGE, SHARED

GOOD = """---
title: A Test Article
source: Test Times
url: https://example.org/a
published: 2024-05-06
caption: A cat sits on a mat.
caption_credit: Jane Doe / Test Agency
---
First paragraph about cats.

Second paragraph
wrapped over two lines.
"""


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_seed_article_is_loaded_with_its_source() -> None:
    knowledge = load_folder(KNOWLEDGE)
    assert not knowledge.errors
    seed = next(a for a in knowledge.articles if a.source == "The Moscow Times")
    assert seed.published == dt.date(2022, 3, 1)
    assert seed.url.startswith("https://www.themoscowtimes.com/2022/03/01/")
    assert seed.caption_credit == "Emilio Morenatti / AP / TASS"
    assert seed.paragraphs[0].startswith("The Kremlin said Tuesday")
    assert seed.paragraphs[-1] == "AFP contributed reporting."


def test_seed_paragraphs_are_exactly_as_published() -> None:
    seed_text = (SHARED / "seed" / "moscow-times-2022-03-01.txt").read_text(encoding="utf-8")
    published = {p.strip() for p in seed_text.split("\n\n")}
    seed = next(a for a in load_folder(KNOWLEDGE).articles if a.source == "The Moscow Times")
    assert all(p in published for p in seed.paragraphs)
    body = " ".join(seed.paragraphs)
    assert "Support The Moscow Times" not in body and "Read more" not in body


def test_every_passage_carries_its_source_and_position() -> None:
    knowledge = load_folder(KNOWLEDGE)
    for passage in knowledge.passages:
        assert passage.article.title and passage.article.url
        assert passage.text.strip()
        if passage.kind == "body":
            assert passage.paragraph >= 1
            assert passage.text in " ".join(passage.article.paragraphs)


def test_markdown_front_matter_and_passages(tmp_path: Path) -> None:
    article = parse_article(GOOD.encode(), key="a.md")
    assert article.title == "A Test Article"
    assert article.paragraphs == (
        "First paragraph about cats.",
        "Second paragraph wrapped over two lines.",
    )
    passages = split_passages(article)
    kinds = [p.kind for p in passages]
    assert kinds.count("caption") == 1 and kinds.count("details") == 1
    caption = next(p for p in passages if p.kind == "caption")
    assert caption.text == "A cat sits on a mat. Jane Doe / Test Agency"
    assert "photo" in caption.index_text  # readers ask about "the photo"
    assert [p.label for p in passages if p.kind == "body"] == ["paragraph 1", "paragraph 2"]


def test_plain_text_first_line_is_title_and_furniture_is_dropped(tmp_path: Path) -> None:
    text = "Support The Daily Planet!\n\nBig News Today\n\nSomething happened today in town.\n\nRead more"
    article = parse_article(text.encode(), key="news.txt")
    assert article.title == "Big News Today"
    assert article.paragraphs == ("Something happened today in town.",)


def test_long_paragraphs_are_cut_at_sentence_ends() -> None:
    sentence = "The council met on Monday and voted on the new budget for the town hall."
    long_paragraph = " ".join([sentence] * 30)
    article = parse_article(f"Title\n\n{long_paragraph}".encode(), key="long.txt")
    body = [p for p in split_passages(article) if p.kind == "body"]
    assert len(body) > 1
    assert all(len(p.text.split()) <= MAX_PASSAGE_WORDS for p in body)
    assert " ".join(p.text for p in body) == long_paragraph
    assert body[1].label == "paragraph 1, part 2"


def test_tiny_paragraphs_join_the_next() -> None:
    article = parse_article(
        b"Title\n\nUpdate:\n\nThe bridge reopened on Friday morning.", key="t.txt"
    )
    body = [p for p in split_passages(article) if p.kind == "body"]
    assert [p.text for p in body] == ["Update: The bridge reopened on Friday morning."]


def test_sentences() -> None:
    text = 'He said "yes." Then U.S. officials left. Mr. Smith stayed! Did he? 3 people came.'
    assert split_sentences(text) == [
        'He said "yes."',
        "Then U.S. officials left.",
        "Mr. Smith stayed!",
        "Did he?",
        "3 people came.",
    ]


# initials and dotted capitals, titles, months before a day, "No.", "vs."
ABBREVIATION = (
    r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|No|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Rev|vs"
    r"|Jan|Feb|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)


def plain_split(text: str) -> list[str]:
    """The definition: split at SENTENCE_END, then re-join an abbreviation's parts."""
    parts = [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and re.search(ABBREVIATION, merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


SENTENCE_PARTS = [
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "U.S",
    "U.N",
    "No",
    "St",
    "Gen",
    "Sept",
    "vs",
    "a.m",
    "Inc",
    "A",
    "x",
    "aU",
    "3",
    "Then",
    "“Yes",
    "(So",
]


@given(
    st.lists(st.sampled_from(SENTENCE_PARTS), max_size=10),
    st.lists(
        st.sampled_from([".", "!", "?", "…", '."', ".”", "’", ")", ". ", " ", "\n", "\t"]),
        max_size=10,
    ),
)
def test_sentences_split_as_the_plain_definition(words: list[str], ends: list[str]) -> None:
    text = "".join(w + (ends[k] if k < len(ends) else " ") for k, w in enumerate(words))
    assert split_sentences(text) == plain_split(text), repr(text)


@given(st.text(alphabet=st.sampled_from(list('aB3.!?…"”“’(). \n\tUSNMrd')), max_size=40))
def test_sentences_of_any_text_split_as_the_plain_definition(text: str) -> None:
    assert split_sentences(text) == plain_split(text)


def test_abbreviations_of_every_length_stay_whole() -> None:
    text = "Ask Mrs. Smith. She met U.N. staff. So did Ms. Lee and J. Doe."
    assert split_sentences(text) == plain_split(text) == [
        "Ask Mrs. Smith.",
        "She met U.N. staff.",
        "So did Ms. Lee and J. Doe.",
    ]


def test_titles_months_and_versus_stay_whole_but_a_m_may_end_a_sentence() -> None:
    text = (
        "Gen. Ada Roe and Sen. Bo Lind met on Sept. 4 in the U.K. Capital talks followed. "
        "It was Lind vs. Roe. The vote closed at 9 p.m. Counting began."
    )
    assert split_sentences(text) == [
        # a dotted abbreviation ending a sentence joins the next (as "U.S." always did)
        "Gen. Ada Roe and Sen. Bo Lind met on Sept. 4 in the U.K. Capital talks followed.",
        "It was Lind vs. Roe.",
        "The vote closed at 9 p.m.",  # must not fire: "p.m." ends this sentence
        "Counting began.",
    ]
    # must not fire: a word that only ends like a title ("Gen" of "Regen") ends a sentence
    assert split_sentences("They met at Regen. Talks went on.") == ["They met at Regen.", "Talks went on."]


def test_sentences_of_every_passage_split_as_the_plain_definition() -> None:
    for folder in (KNOWLEDGE, SHARED / "eval" / "news" / "articles"):
        for passage in load_folder(folder).passages:
            assert split_sentences(passage.text) == plain_split(passage.text)


# words, spaces, and white space that `str.split` cuts at and that is no space (a tab, a
# no-break space, a line separator, a unit separator)
_SPACED = ["ab", "é", ".", " ", "  ", "\t", "\xa0", "\u2028", "\x1f"]


@given(st.lists(st.sampled_from(_SPACED), max_size=40).map("".join), st.integers(1, 8))
def test_word_counts_against_a_split(text: str, count: int) -> None:
    assert fewer_words(text, count) == (len(text.split()) < count)
    assert more_words(text, count) == (len(text.split()) > count)


def test_word_counts_where_spaces_are_not_the_only_white_space() -> None:
    # 3 spaces but 5 words: a tab and a no-break space cut too, so the spaces are no bound
    assert more_words("one two\tthree\xa0four five", 4)
    assert not more_words("one two three four", 4)  # must not fire: exactly 4
    assert more_words("a " * 10 + "b", 10)  # 11 words, each of one letter
    assert fewer_words("  one  ", 2)
    assert not fewer_words(" one two ", 2)  # must not fire: 2 words


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"", "empty"),
        (b"Only a title", "no article text"),
        (b"---\ntitle: T\n", "closing"),
        (b"---\ntitle: [unclosed\n---\nBody.", "YAML"),
        (b"---\ntitle: T\nsource: S\nurl: https://x.org\n---\nBody.", "published"),
        (b"---\ntitle: T\nsource: S\nurl: https://x.org\npublished: soon\n---\nB.", "ISO date"),
        (b"---\ntitle: T\nsource: S\nurl: ftp://x\npublished: 2024-01-01\n---\nB.", "url"),
        (b"---\ntitle: T\nsource: S\nurl: https://x.org\npublished: 2024-01-01\n---\n\n", "empty"),
        (b"---\n- a\n- b\n---\nBody.", "key: value"),
        (b"---\ntitle: []\nsource: S\npublished: 2024-01-01\n---\nBody.", "missing front matter key\\(s\\): title"),
        (b"---\ntitle: T\nsource: '  '\npublished: 2024-01-01\n---\nBody.", "missing front matter key\\(s\\): source"),
    ],
)
def test_broken_files_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleError, match=reason):
        parse_article(data, key="broken.md")


def test_broken_file_does_not_take_down_the_others(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "bad.md", b"\xff\xfe broken")
    write(tmp_path, "notes.pdf", b"%PDF ignored")
    knowledge = load_folder(tmp_path)
    assert [a.key for a in knowledge.articles] == ["good.md"]
    assert [(e.path.name, "UTF-8" in e.reason) for e in knowledge.errors] == [("bad.md", True)]


def test_missing_folder_is_an_error_never_an_empty_knowledge_base(tmp_path: Path) -> None:
    with pytest.raises(FolderError, match="does not exist"):
        load_folder(tmp_path / "absent")
    (tmp_path / "file").write_text("x")
    with pytest.raises(FolderError, match="not a folder"):
        load_folder(tmp_path / "file")
