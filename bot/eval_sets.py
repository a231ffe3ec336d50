"""Question sets read: our YAML format (questions, and dialogues of turns) and SQuAD v1.1/v2.0
JSON, which brings its own articles. What the fields mean: bot/evaluate.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import MAX_MESSAGE, NewsbotError, excerpt
from bot.knowledge import Article, KnowledgeBase
from bot.safe_yaml import UnreadableYaml, read_yaml


class EvalSetError(NewsbotError, ValueError):
    """A question set file that cannot be read; the message says why."""

    exit_code = 2


@dataclass(frozen=True)
class Case:
    question: str
    expects: tuple[str, ...]  # any one of these phrases marks a right answer; () = must decline
    kind: str
    where: tuple[str, int] | None = None  # SQuAD: (article key, paragraph) that holds the answer
    dialogue: str = ""  # a dialogue set: the dialogue the turn belongs to, in order
    answers: tuple[str, ...] = ()  # YAML `answer:`: the expected short answer(s)
    article: str = ""  # the article (file name) the answer must come from; "" = any


def load_cases(path: Path) -> tuple[list[Case], KnowledgeBase | None]:
    """Read a YAML set, or a SQuAD JSON file together with the articles it brings."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"{path}: cannot read: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            return squad_cases(json.loads(text))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalSetError(f"{path}: not a SQuAD file: {exc}") from exc
    try:  # anchors and aliases refused, as in the config
        items = read_yaml(text)
    except UnreadableYaml as exc:
        raise EvalSetError(f"{path}: cannot read: {excerpt(str(exc), MAX_MESSAGE)}") from None
    if not isinstance(items, list):
        raise EvalSetError(f"{path}: expected a list of {{q, expect, kind}} items")
    if items and all(isinstance(item, dict) and "turns" in item for item in items):
        return _dialogue_cases(path, items), None
    return [_yaml_case(path, n, item) for n, item in enumerate(items, start=1)], None


def _yaml_case(path: Path, number: int, item: Any) -> Case:
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise EvalSetError(f"{path}: item {number}: needs a 'q' with the question text")
    expect = item.get("expect")
    expects = (
        tuple(str(e) for e in expect)
        if isinstance(expect, list)
        else (() if expect is None else (str(expect),))
    )
    answer = item.get("answer")
    phrases = answer if isinstance(answer, list) else [answer]
    if answer is not None and not all(isinstance(a, str) for a in phrases):
        raise EvalSetError(f"{path}: item {number}: 'answer' must be a phrase or a list of phrases")
    answers = (answer,) if isinstance(answer, str) else tuple(answer or ())
    article = item.get("article")
    if article is not None and not isinstance(article, str):
        raise EvalSetError(f"{path}: item {number}: 'article' must be a file name")
    kind = str(item.get("kind", "")) or "unsorted"
    return Case(item["q"], expects, kind, answers=answers, article=article or "")


def _dialogue_cases(path: Path, items: list[dict[str, Any]]) -> list[Case]:
    cases: list[Case] = []
    for number, item in enumerate(items, start=1):
        name = str(item.get("dialogue") or f"dialogue {number}")
        turns = item["turns"]
        if not isinstance(turns, list) or not turns:
            raise EvalSetError(f"{path}: dialogue {name!r}: 'turns' must be a list of {{q, ...}}")
        for k, turn in enumerate(turns, start=1):
            case = _yaml_case(path, k, turn)
            cases.append(Case(case.question, case.expects, case.kind, dialogue=f"{number}:{name}"))
    return cases


def squad_cases(data: Any) -> tuple[list[Case], KnowledgeBase]:
    """Cases and a knowledge base from SQuAD JSON (a whole file or one article)."""
    articles_data = data["data"] if isinstance(data, dict) and "data" in data else [data]
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    v2 = version.startswith("v2") or any(
        "is_impossible" in qa
        for article in articles_data
        for paragraph in article["paragraphs"]
        for qa in paragraph["qas"]
    )
    cases: list[Case] = []
    articles: list[Article] = []
    for number, article_data in enumerate(articles_data, start=1):
        title = str(article_data["title"]).replace("_", " ")
        key = f"squad-{number}-{article_data['title']}"
        paragraphs = tuple(" ".join(p["context"].split()) for p in article_data["paragraphs"])
        articles.append(
            Article(
                key=key,
                title=title,
                source="Wikipedia",
                url=f"https://en.wikipedia.org/wiki/{article_data['title']}",
                published=None,
                paragraphs=paragraphs,
            )
        )
        for p_number, paragraph in enumerate(article_data["paragraphs"], start=1):
            for qa in paragraph["qas"]:
                impossible = bool(qa.get("is_impossible", False)) if v2 else False
                answers = (
                    () if impossible else tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                )
                kind = "squad-unanswerable" if impossible else "squad"
                cases.append(Case(qa["question"], answers, kind, where=(key, p_number)))
    return cases, KnowledgeBase.from_articles(articles)
