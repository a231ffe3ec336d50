"""Shared fixtures: the repository's knowledge folder and the shared question sets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.answering import Answerer
from bot.config import RetrievalSettings, load_settings
from bot.knowledge import load_folder
from bot.telegram.logs import quiet_http_loggers

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared"))
KNOWLEDGE = ROOT / "knowledge"
MANY_ARTICLES = ROOT / "tests" / "fixtures" / "knowledge"  # nine fixtures and the seed
CONFIG = ROOT / "config.yaml"
PUBLIC_SET = SHARED / "eval" / "article_qa.yaml"
SQUAD = SHARED / "data" / "squad" / "squad2-dev-normans.json"


# As in every entry point of the bot: httpx and httpcore log request URLs (with the token,
# for Telegram's) at INFO and DEBUG, so they stay at WARNING whatever a test captures.
quiet_http_loggers()

# CI runs the property tests on a fixed sequence of examples, so a result there
# is reproducible; on a developer's machine they keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="also run the long tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="long test: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def retrieval() -> RetrievalSettings:
    return load_settings(CONFIG).retrieval


@pytest.fixture(scope="session")
def answerer(retrieval: RetrievalSettings) -> Answerer:
    """The repository's own knowledge folder, with the repository's settings."""
    return Answerer(load_folder(KNOWLEDGE), retrieval)


@pytest.fixture(scope="session")
def many_answerer(retrieval: RetrievalSettings) -> Answerer:
    """Ten articles: the nine written as test fixtures and the seed."""
    return Answerer(load_folder(MANY_ARTICLES), retrieval)
