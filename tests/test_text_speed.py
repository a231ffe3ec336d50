"""The fast paths of text.normalize/words give exactly what the plain definitions give."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import (
    APOSTROPHES,
    CLITICS,
    FUSED,
    NEGATED,
    TOKEN,
    _fold_number,
    normalize,
    words,
)
from tests.conftest import KNOWLEDGE, SQUAD


def reference_normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def reference_words(text: str) -> list[str]:
    tokens: list[str] = []
    for raw in TOKEN.findall(reference_normalize(text)):
        if raw[0].isdigit():
            tokens.append(_fold_number(raw))
            continue
        if "." in raw:  # "u.s." -> "us"
            tokens.append(raw.replace(".", ""))
            continue
        head, *tail = raw.split("'")
        if not tail and head in FUSED:  # "didnt" -> did not
            tokens.extend(FUSED[head])
        elif tail and tail[0] == "t" and head in NEGATED:  # "didn't" -> did not
            tokens.extend([NEGATED[head], "not"])
            tail = tail[1:]
        else:
            tokens.append(head)
        tokens.extend(piece for piece in tail if piece not in CLITICS)
    return tokens


ALPHABET = st.sampled_from(
    [*"abcXYZ019 .,'’‘`´ʼ′-\n", "é", "ñ", "ü", "Å", "ﬁ", "Ⅻ", "²", "e\u0301", "İ", "ß", "Σ"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_same_as_the_plain_definition_on_tricky_text(text: str) -> None:
    assert normalize(text) == reference_normalize(text)
    assert words(text) == reference_words(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_same_as_the_plain_definition_on_any_text(text: str) -> None:
    assert normalize(text) == reference_normalize(text)
    assert words(text) == reference_words(text)


def test_same_on_real_articles() -> None:
    texts = [p.read_text(encoding="utf-8") for p in KNOWLEDGE.glob("*.md")]
    if SQUAD.exists():
        texts += [p["context"] for p in json.loads(SQUAD.read_text())["paragraphs"]]
    assert texts
    for text in texts:
        assert words(text) == reference_words(text)
