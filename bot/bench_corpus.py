"""The benchmark's corpus: source sentences, the questions it asks, and the generated
knowledge bases (``python -m bot bench``, bot/bench.py).

Articles are recombined from real English: the sentences of the articles in the
knowledge folder and of the SQuAD paragraphs, with about a third of their content
words replaced by words drawn from a generated vocabulary with Zipfian frequencies,
so the vocabulary keeps growing with the corpus as a real archive's does.
Generation is deterministic (a fixed seed) and kept in a work folder for the next run.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from bot.knowledge import load_folder, split_sentences
from bot.safe_yaml import NoAliasLoader
from bot.text import STOPWORDS

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared"))
SQUAD = SHARED / "data" / "squad" / "squad2-dev-normans.json"
QUESTION_SET = SHARED / "eval" / "article_qa.yaml"
SEED_FOLDER = SHARED / "seed"
NEW_QUESTIONS = 2_000  # each asked once: the honest latency of a question never seen
NEW_QUESTION_WORDS = (3, 8)
GENERATOR = 1  # bump when generation changes: regenerates the work folders
PARAGRAPHS = 19  # per article; with the details passage, about 20 passages an article
SENTENCES = (2, 4)  # per paragraph
VOCABULARY = 400_000
ZIPF = 1.05
SUBSTITUTE = 0.35  # share of content words replaced by generated ones
WORD = re.compile(r"[A-Za-z]{4,}")
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


# --- source text and questions ---


def source_sentences(knowledge: Path, squad: Path = SQUAD) -> list[str]:
    """Sentences of the knowledge folder's articles and of the SQuAD paragraphs."""
    paragraphs = [p for a in load_folder(knowledge).articles for p in a.paragraphs]
    if squad.exists():
        paragraphs += [p["context"] for p in json.loads(squad.read_text())["paragraphs"]]
    sentences = [s for p in paragraphs for s in split_sentences(p) if len(s.split()) >= 5]
    if not sentences:
        raise ValueError(f"no source sentences in {knowledge} or {squad}")
    return sentences


def fixed_questions(squad: Path = SQUAD, question_set: Path = QUESTION_SET) -> list[str]:
    """The public question set and the first SQuAD questions: words the templates use."""
    questions: list[str] = []
    if question_set.exists():
        cases = yaml.load(question_set.read_text(), Loader=NoAliasLoader)  # no alias expanded
        questions += [str(case["q"]) for case in cases]
    if squad.exists():
        qas = [q for p in json.loads(squad.read_text())["paragraphs"] for q in p["qas"]]
        questions += [str(q["question"]) for q in qas[:60]]
    return questions or ["What did the Kremlin say about war crimes?"]


def sampled_questions(
    texts: Sequence[str], count: int, seed: int = 11, words: tuple[int, int] = (2, 5)
) -> list[str]:
    """Distinct questions made of content words of random passages, generated words included."""
    rng = random.Random(seed)
    questions: dict[str, None] = {}  # ordered and distinct
    for _ in range(count * 2):
        if len(questions) == count:
            break
        text = texts[rng.randrange(len(texts))]
        content = [w for w in WORD.findall(text) if w.lower() not in STOPWORDS]
        if content:
            picked = rng.sample(content, min(len(content), rng.randint(*words)))
            questions[f"What about {' '.join(picked)}?"] = None
    return list(questions)


def new_questions(texts: Sequence[str]) -> list[str]:
    """The questions each asked once: 3 to 8 words of a random passage."""
    return sampled_questions(texts, NEW_QUESTIONS, seed=23, words=NEW_QUESTION_WORDS)


# --- generation ---


class Generator:
    """Articles recombined from source sentences with Zipf-distributed substitute words."""

    def __init__(self, sentences: Sequence[str], seed: int = 7):
        self.rng = np.random.default_rng(seed)
        self.templates = [_template(s) for s in sentences]
        weights = 1.0 / np.arange(1, VOCABULARY + 1) ** ZIPF
        self.cdf = np.cumsum(weights) / weights.sum()
        self.words: dict[int, str] = {}

    def word(self, rank: int) -> str:
        found = self.words.get(rank)
        if found is None:
            found = self.words[rank] = _pseudo_word(rank)
        return found

    def article(self, number: int) -> str:
        count = PARAGRAPHS * SENTENCES[1]
        picks = self.rng.integers(0, len(self.templates), count).tolist()
        lengths = self.rng.integers(SENTENCES[0], SENTENCES[1] + 1, PARAGRAPHS).tolist()
        # Enough draws for every slot (40 a sentence: more than any source sentence has).
        need = max(count * 40, sum(len(self.templates[pick][1]) for pick in picks))
        draws = self.rng.random(need).tolist()
        ranks = np.searchsorted(self.cdf, self.rng.random(need)).tolist()
        at = 0
        sentences = []
        for pick in picks:
            pieces, slots = self.templates[pick]
            pieces = list(pieces)
            for slot in slots:
                if draws[at] < SUBSTITUTE:
                    new = self.word(ranks[at])
                    pieces[slot] = new.capitalize() if pieces[slot][0].isupper() else new
                at += 1
            sentences.append("".join(pieces))
        paragraphs, start = [], 0
        for length in lengths:
            paragraphs.append(" ".join(sentences[start : start + length]))
            start += length
        title = " ".join(sentences[-1].split()[:7]).strip(" ,.;:")
        day = 1 + number % 28
        return (
            f"---\ntitle: {json.dumps(f'{title} ({number})')}\nsource: Bench Times\n"
            f"url: https://example.com/bench/{number}\npublished: 2022-03-{day:02d}\n---\n\n"
            + "\n\n".join(paragraphs)
            + "\n"
        )


def _template(sentence: str) -> tuple[list[str], list[int]]:
    pieces = re.split(r"([A-Za-z]{4,})", sentence)
    slots = [i for i in range(1, len(pieces), 2) if pieces[i].lower() not in STOPWORDS]
    return pieces, slots


def _pseudo_word(rank: int) -> str:
    digits, n = [], rank + len(SYLLABLES)
    while n:
        n, d = divmod(n, len(SYLLABLES))
        digits.append(SYLLABLES[d])
    return "".join(reversed(digits))


def generate(folder: Path, passages: int, sentences: Sequence[str], seed: int = 7) -> None:
    """Write about `passages` passages of articles into `folder`, unless already there."""
    marker = folder / ".bench.json"
    wanted = {"generator": GENERATOR, "passages": passages, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return
    if folder.exists():
        if not marker.exists() and any(folder.iterdir()):
            raise ValueError(f"{folder} exists and was not made by the benchmark; not touching it")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    generator = Generator(sentences, seed)
    for number in range(max(1, round(passages / (PARAGRAPHS + 1)))):
        path = folder / f"article-{number:06d}.md"
        path.write_text(generator.article(number), encoding="utf-8")
    marker.write_text(json.dumps(wanted))
