"""The benchmark in small (1k passages): it runs, its numbers are sane, answers stay fast."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pytest

from bot import engines, topk
from bot.answering import Answerer
from bot.bench import run, run_cli
from bot.bench_corpus import (
    Generator,
    fixed_questions,
    generate,
    new_questions,
    sampled_questions,
    source_sentences,
)
from bot.bench_measure import measure_engine
from bot.bench_report import Row, format_engines, format_table
from bot.bench_serving import top_ten
from bot.config import Settings
from bot.knowledge import load_folder
from bot.text import analyze
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return source_sentences(KNOWLEDGE)


def test_generated_articles_are_valid_varied_and_deterministic(
    sentences: list[str], tmp_path: Path
) -> None:
    generate(tmp_path / "a", 1000, sentences)
    generate(tmp_path / "b", 1000, sentences)
    kb = load_folder(tmp_path / "a")
    assert not kb.errors
    assert 900 <= len(kb.passages) <= 1300
    first = sorted((tmp_path / "a").glob("*.md"))[3].read_text()
    assert first == sorted((tmp_path / "b").glob("*.md"))[3].read_text()
    vocabulary = {t for p in kb.passages for t in analyze(p.text)}
    assert len(vocabulary) > 3000  # substitutes from the Zipfian vocabulary, not just the sources
    texts = [p.text for p in kb.passages[:50]]
    assert len(set(texts)) == len(texts)


def test_generation_is_reused_when_already_there(sentences: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    generate(folder, 200, sentences)
    marker = folder / "article-000000.md"
    marker.write_text(marker.read_text() + "\nLocal edit.\n")
    generate(folder, 200, sentences)
    assert "Local edit." in marker.read_text()
    generate(folder, 400, sentences)  # another size: regenerated
    assert "Local edit." not in marker.read_text()


def test_a_folder_the_benchmark_did_not_make_is_left_alone(
    sentences: list[str], tmp_path: Path
) -> None:
    (tmp_path / "mine.md").write_text("precious")
    with pytest.raises(ValueError, match="not made by the benchmark"):
        generate(tmp_path, 200, sentences)
    assert (tmp_path / "mine.md").read_text() == "precious"


def test_pseudo_words_are_distinct() -> None:
    generator = Generator(["A simple sentence with enough words."])
    words = [generator.word(rank) for rank in range(5000)]
    assert len(set(words)) == 5000 and all(w.isalpha() for w in words)


def test_questions() -> None:
    assert len(fixed_questions()) >= 20
    sampled = sampled_questions(["Kremlin spokesman Dmitry Peskov denied the accusations"], 3)
    assert sampled and all(q.startswith("What about ") for q in sampled)


def test_one_thousand_passages_end_to_end(sentences: list[str], tmp_path: Path) -> None:
    rows = run(["1k"], tmp_path, sentences, budget=0.5, reference=True, reload=True)
    values = rows[0].values
    assert 900 <= values["passages"] <= 1300
    assert values["from_cache"] is True
    # Speed bounds are on CPU time (of the process or the answering thread), which other
    # processes' load does not stretch: on a 2-core machine at load 11 the wall-clock p50
    # was 20 ms and 50 questions/s (the old bounds), against 3.5 ms and 270/s of CPU time.
    # The bounds stay 5-30x what this code takes, so a real regression still fails them.
    assert values["build_s"] > 0 and 0 < values["build_cpu_s"] < 10  # 0.9 s
    assert values["start_s"] > 0 and 0 < values["start_cpu_s"] < 1  # 0.03 s
    assert 20 < values["peak_mib"] < 2000
    assert 0 < values["disk_mib"] < 20
    assert values["reference_agrees"] is True  # our scores equal rank-bm25's
    assert values["p50"] <= values["p95"] <= values["p99"]
    assert values["answers"] >= 50  # new questions, each asked once
    assert values["repeat_p50"] > 0 and values["core_p50"] <= values["core_p99"]
    assert 0 < values["saved_core_cpu_p50"] <= values["saved_core_p50"] + 0.05
    assert values["pruned"] is False and values["other_p50"] > 0  # MaxScore forced at 1k
    # the answer path's BM25 over the question's alternatives too: never cheaper than its terms
    assert 0 < values["saved_core_cpu_p50"] <= values["saved_path_cpu_p50"] < 20
    assert 0 < values["cpu_p50"] <= values["p50"] + 0.05  # one thread: CPU time <= wall time
    assert values["cpu_p50"] < 20  # 3.5 ms
    assert values["cpu_qps"] > 50 and values["qps"] > 0  # 270
    assert values["reload_s"] > 0 and values["reload_cpu_p50"] < 20  # 2.4 ms
    table = format_table(rows)
    assert table.splitlines()[2].startswith("| 1k | ")


def test_new_questions_are_distinct_and_of_three_to_eight_words() -> None:
    texts = ["The harbour authority will dredge the northern channel before the regatta season."]
    questions = new_questions(texts * 5)
    assert len(questions) == len(set(questions)) > 10
    assert all(3 <= len(q.split()) - 2 <= 8 for q in questions)


@pytest.mark.parametrize("engine", ["bm25s", "tantivy"])
def test_other_engines_run_on_the_same_passages(
    engine: str, sentences: list[str], tmp_path: Path
) -> None:
    if not engines.available(engine):
        pytest.skip(f"{engine} not installed (optional: pip install '.[compare]')")
    generate(tmp_path / "kb", 200, sentences)
    values = measure_engine(engine, tmp_path / "kb", tmp_path / engine, budget=0.2)
    assert 0 < values[f"{engine}_p50"] <= values[f"{engine}_p99"] < 1000
    assert values[f"{engine}_disk_mib"] > 0 and values[f"{engine}_questions"] >= 50


def test_engine_table_gives_ratios() -> None:
    values = {"p50": 2.0, "p99": 6.0, "core_p50": 0.4, "core_p99": 1.0, "start_s": 1.5}
    values |= {"tantivy_p50": 0.2, "tantivy_p99": 0.9, "tantivy_start_s": 0.003}
    values |= {"tantivy_build_s": 2.4, "tantivy_disk_mib": 7.4, "tantivy_serving_mib": 37.0}
    table = format_engines([Row("100k", values)])
    assert "| 100k | tantivy | 0.2 | 0.9 | — | 0.003 | 2.4 | 7.4 | 37 |" in table
    assert "BM25 top 10 2.00x, answer() 10.0x tantivy's p50" in table
    values |= {"saved_p50": 2.2, "saved_p99": 7.0, "pruned": False, "tantivy_cpu_p50": 0.1}
    values |= {f"{key}_{k}": 0.5 for key in ("saved_core", "other") for k in ("p50", "p99")}
    values |= {"saved_core_cpu_p50": 0.3, "other_cpu_p50": 0.4}
    values |= {"saved_path_p50": 0.9, "saved_path_p99": 2.5, "saved_path_cpu_p50": 0.8}
    table = format_engines([Row("100k", values)])
    assert "| 100k | newsbot BM25 top 10, saved (dense) | 0.5 | 0.5 | 0.3 |" in table
    assert (
        "| 100k | newsbot BM25 with the question's alternatives (answer()'s) | 0.9 | 2.5 | 0.8"
        in table
    )
    assert "| 100k | … MaxScore forced | 0.5 | 0.5 | 0.4 |" in table
    assert "BM25 top 10 2.50x, CPU 3.00x, answer() 10.0x tantivy's p50" in table
    assert "bm25s" not in table  # not measured: no row


def test_table_marks_missing_values() -> None:
    table = format_table([Row("1m", {"passages": 1_000_000, "build_s": 120.0})])
    assert "| 1m | 1,000,000 | 120.0 |" in table and "—" in table


def test_cli_rejects_unknown_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(
        sizes="1k,5m", workdir=Path("."), seconds=1.0, json=False, reload=False
    )
    assert run_cli(args, Settings()) == 2
    assert "5m" in capsys.readouterr().err


def test_the_top_ten_is_the_answer_paths_by_either_path(
    sentences: list[str], tmp_path: Path
) -> None:
    """`bench`'s BM25 top 10 is `candidates.best`'s: every passage's score and their top
    below `topk.PRUNE_FROM`, MaxScore (forced here) where it proves the top: the same ten
    passages as the definition, the highest scores with ties in passage order."""
    generate(tmp_path / "kb", 300, sentences)
    answerer = Answerer(load_folder(tmp_path / "kb"))
    index = answerer.index
    questions = new_questions([p.text for p in answerer.knowledge.passages])[:150]
    proved = 0
    for question in questions:
        terms = Counter(analyze(question))
        scores = index.scores(terms)
        expected = sorted(range(index.size), key=lambda d: (-scores[d], d))[:10]
        assert top_ten(index, question) == top_ten(index, question, 0) == expected
        proved += topk.top(index, terms) is not None
    assert proved > 30  # the forced path pruned: both paths are tested
