"""Property-based tests: any question gets an Answer, any file a loaded article or a clear error."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answering import Answer, Answerer
from bot.knowledge import Article, ArticleError, load_folder, parse_article, split_passages
from bot.render import to_text

# Letters, marks, digits, punctuation, symbols (emoji), separators, control and
# format characters (zero-width joiners, right-to-left marks); no surrogates.
QUESTIONS = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]),
    min_size=0,
    max_size=10_000,
)
SPICE = st.sampled_from(["\u200d", "\u200f", "\u202e", "👩‍👩‍👧", "<b>", "&amp;", "\x00", "\n", "ﷺ"])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(
    question=st.one_of(QUESTIONS, st.lists(st.one_of(SPICE, QUESTIONS), max_size=20).map("".join))
)
def test_any_question_gets_an_answer(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert isinstance(answer, Answer)
    assert answer.answered == bool(answer.hits)
    if answer.best is not None:
        assert answer.best.sentence in answer.best.passage.text
    assert to_text(answer, answerer.articles).strip()


META_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.lists(st.text(max_size=10), max_size=3),
    st.dates().map(str),
    st.just("https://example.org/x"),
)
META_KEYS = st.sampled_from(
    ["title", "source", "url", "published", "author", "caption", "caption_credit", "credit", "x"]
)


@st.composite
def knowledge_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "front-matter", "text"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2_000))
    body = draw(st.text(max_size=500))
    if kind == "text":
        return body.encode("utf-8", "surrogatepass")
    meta = draw(st.dictionaries(META_KEYS, META_VALUES, max_size=9))
    front = yaml.safe_dump(meta, allow_unicode=True) if meta else draw(st.text(max_size=80))
    return f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass")


@FUZZ
@given(data=knowledge_files())
def test_any_file_is_an_article_or_a_clear_error(data: bytes) -> None:
    try:
        article = parse_article(data, key="fuzz.md")
    except ArticleError as error:
        assert str(error).strip()
        return
    assert isinstance(article, Article) and article.title.strip() and article.paragraphs
    passages = split_passages(article)
    assert all(p.article is article and p.text.strip() for p in passages)


@settings(max_examples=25, deadline=None)
@given(files=st.lists(knowledge_files(), min_size=1, max_size=6))
def test_a_folder_of_random_files_loads_whole_or_reports(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for number, data in enumerate(files):
        (folder / f"f{number}.md").write_bytes(data)
    knowledge = load_folder(folder)
    assert len(knowledge.articles) + len(knowledge.errors) == len(files)
    expected = [p.text for a in knowledge.articles for p in split_passages(a)]
    assert [p.text for p in knowledge.passages] == expected  # never a partial index
