"""Library freezes what a build makes; Answerer state must therefore be acyclic."""

from __future__ import annotations

import gc

from bot.answering import Answerer
from bot.knowledge import load_folder
from tests.conftest import KNOWLEDGE


def test_an_answerer_leaves_no_reference_cycles_behind() -> None:
    """Library freezes what a build makes (gc.freeze, to spare answers long collections).

    Frozen objects are freed by reference counting only, so a reference cycle
    inside an Answerer (say, an lru_cache around a bound method) would outlive
    the reload that drops it: keep Answerer state acyclic.
    """
    gc.collect()
    answerer = Answerer(load_folder(KNOWLEDGE))
    for question in ("Who is Dmitry Peskov?", "What did the Kremlin deny?", "Zelenskyy kyiv"):
        answerer.answer(question)
    gc.collect()
    del answerer
    assert gc.collect() == 0
