"""Property: any sequence of questions, votes, /forget, reloads and restarts keeps the
state database's counts equal to a plain model of what happened."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import KnowledgeSettings, Settings, StateSettings
from bot.library import Library
from bot.state import State
from bot.stats import QuestionLog, report
from tests.conftest import KNOWLEDGE

ANSWERED = "How many people have fled Ukraine?"
DECLINED = "What is the capital of France?"
USERS = st.integers(1, 2)

Op = tuple[str, int, int]  # (what, user, argument)
ASK = st.tuples(st.just("ask"), USERS, st.sampled_from([1, 0]))  # 1: the article answers it
VOTE = st.tuples(st.just("vote"), USERS, st.sampled_from([1, -1, 2, -2]))  # n-th latest, +/-
OPS = st.one_of(
    ASK,
    VOTE,
    ASK,  # questions and votes drawn twice as often as the rest
    VOTE,
    st.tuples(st.just("forget"), USERS, st.just(0)),
    st.tuples(st.just("reload"), st.just(0), st.just(0)),
    st.tuples(st.just("restart"), st.just(0), st.just(0)),
)


@dataclass
class Model:
    questions: dict[int, tuple[int, bool]] = field(default_factory=dict)  # id -> (user, answered)
    votes: dict[tuple[int, int], int] = field(default_factory=dict)  # (id, user) -> +1/-1


@pytest.fixture(scope="module")
def library() -> Iterator[Library]:
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(KNOWLEDGE, folder / "knowledge")
    yield Library(Settings(knowledge=KnowledgeSettings(path=folder / "knowledge")))
    shutil.rmtree(folder)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(OPS, min_size=10, max_size=40))
def test_counts_stay_consistent(library: Library, ops: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = StateSettings(path=str(Path(folder) / "state.db"))
        state = State(config)
        model = Model()
        for what, user, arg in ops:
            if what == "ask":
                answer = library.answerer.answer(ANSWERED if arg else DECLINED)
                log = QuestionLog(state)
                qid = state.log(log.asked(answer, chat_type="private", user_id=user, seconds=0.001))
                model.questions[qid] = (user, answer.answered)
            elif what == "vote":
                answered = [q for q, (_, ok) in model.questions.items() if ok]
                if answered:
                    qid = answered[-min(abs(arg), len(answered))]
                    state.vote(qid, user, 1 if arg > 0 else -1, 0.0)
                    model.votes[(qid, user)] = 1 if arg > 0 else -1
            elif what == "forget":
                state.forget(user)
                gone = {q for q, (u, _) in model.questions.items() if u == user}
                model.questions = {q: v for q, v in model.questions.items() if q not in gone}
                model.votes = {
                    k: v for k, v in model.votes.items() if k[1] != user and k[0] not in gone
                }
            elif what == "reload":
                library.reload()
            elif what == "restart":
                state.close()
                state = State(config)
            check(state, model)
        state.close()


def check(state: State, model: Model) -> None:
    answered = sum(1 for _, ok in model.questions.values() if ok)
    assert state.counts(0.0) == (answered, len(model.questions) - answered)
    up = sum(1 for v in model.votes.values() if v > 0)
    assert state.vote_totals() == (up, len(model.votes) - up)
    data = report(state, 2e9)
    assert data.periods[-1].total == len(model.questions)
    assert sum(a + d for _, a, d in state.per_day(0.0)) == len(model.questions)
    down_by_answer: dict[int, int] = {}
    for (qid, _), vote in model.votes.items():
        if vote < 0:
            down_by_answer[qid] = down_by_answer.get(qid, 0) + 1
    assert {r.question_id: r.down for r in state.worst_rated(1000)} == down_by_answer
    assert sum(g.times for g in data.gaps) == len(model.questions) - answered
