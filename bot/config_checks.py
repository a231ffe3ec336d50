"""The ranges settings must be in, checked once at load; each error names its key."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config_read import ConfigError
from bot.errors import shown
from bot.rules import RuleSettings

if TYPE_CHECKING:
    from bot.config import ConversationSettings, Settings
    from bot.fuzzy import SpellingSettings

BM25_VARIANTS = ("okapi", "plus", "l")
HTTP_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")  # what the Bot API and a webhook take


def validate(settings: Settings, source: Path) -> None:
    """Raise ConfigError naming the first key out of its range."""
    retrieval = settings.retrieval
    if retrieval.variant not in BM25_VARIANTS:
        raise ConfigError(
            f"{source}: retrieval.variant: expected one of {', '.join(BM25_VARIANTS)},"
            f" got {shown(retrieval.variant)}"
        )
    check_positive(source, "retrieval.k1", retrieval.k1, allow_zero=True)
    check_positive(source, "retrieval.alternatives", retrieval.alternatives, allow_zero=True)
    check_positive(source, "knowledge.max_upload_bytes", settings.knowledge.max_upload_bytes)
    check_positive(source, "knowledge.max_file_bytes", settings.knowledge.max_file_bytes)
    knowledge = settings.knowledge
    check_positive(source, "knowledge.live_from", knowledge.live_from, allow_zero=True)
    check_positive(source, "knowledge.merge_passages", knowledge.merge_passages)
    check_positive(source, "knowledge.merge_share", knowledge.merge_share)
    check_positive(source, "knowledge.build_workers", knowledge.build_workers)
    check_positive(source, "knowledge.fetch.timeout", settings.knowledge.fetch.timeout)
    check_positive(source, "knowledge.fetch.max_bytes", settings.knowledge.fetch.max_bytes)
    check_positive(
        source, "knowledge.fetch.min_article_words", settings.knowledge.fetch.min_article_words
    )
    check_positive(source, "limits.questions_per_user", settings.limits.questions_per_user)
    check_positive(source, "limits.per_seconds", settings.limits.per_seconds)
    check_positive(source, "limits.questions_per_group", settings.limits.questions_per_group)
    check_positive(source, "limits.inline_factor", settings.limits.inline_factor)
    check_positive(source, "knowledge.watch_interval", settings.knowledge.watch_interval)
    check_positive(
        source, "knowledge.watch_debounce", settings.knowledge.watch_debounce, allow_zero=True
    )
    check_positive(
        source, "telegram.send_retry_seconds", settings.telegram.send_retry_seconds, allow_zero=True
    )
    check_positive(source, "state.keep_days", settings.state.keep_days)
    check_positive(source, "state.busy_timeout", settings.state.busy_timeout, allow_zero=True)
    telegram = settings.telegram
    check_positive(source, "telegram.connections", telegram.connections)
    check_positive(source, "telegram.connection_wait", telegram.connection_wait)
    check_positive(source, "telegram.poll_timeout", telegram.poll_timeout, allow_zero=True)
    check_positive(source, "telegram.concurrent_updates", telegram.concurrent_updates)
    check_positive(source, "telegram.download_timeout", telegram.download_timeout)
    check_url(source, "telegram.base_url", settings.telegram.base_url)
    check_url(source, "telegram.base_file_url", settings.telegram.base_file_url)
    if settings.telegram.webhook.url:  # empty: long polling
        check_url(source, "telegram.webhook.url", settings.telegram.webhook.url)
    check_within(source, "retrieval.b", retrieval.b)
    check_positive(source, "retrieval.unseen_weight", retrieval.unseen_weight, allow_zero=True)
    check_within(source, "retrieval.typed_unseen", retrieval.typed_unseen)
    check_positive(source, "retrieval.asked_weight", retrieval.asked_weight, allow_zero=True)
    check_positive(source, "retrieval.sentence_weight", retrieval.sentence_weight, allow_zero=True)
    check_positive(source, "retrieval.bigram_weight", retrieval.bigram_weight, allow_zero=True)
    check_conversation(source, settings.conversation)
    check_spelling(source, retrieval.spelling)
    check_within(source, "retrieval.rules.relation_floor", retrieval.rules.relation_floor)
    relation_weight = retrieval.rules.relation_weight
    if not 0.0 <= relation_weight < 1.0:
        raise ConfigError(
            f"{source}: retrieval.rules.relation_weight: expected a number from 0 to below 1"
            f" (a related word counts less than the word itself), got {relation_weight}"
        )
    check_within(source, "retrieval.fuzzy_weight", retrieval.fuzzy_weight)
    check_within(source, "retrieval.min_coverage", retrieval.min_coverage)
    check_within(source, "retrieval.rules.unseen_class_weight", retrieval.rules.unseen_class_weight)
    for rule in fields(RuleSettings):  # weights, factors and the candidate count
        value = getattr(retrieval.rules, rule.name)
        if not isinstance(value, bool):
            name = f"retrieval.rules.{rule.name}"
            check_positive(source, name, value, allow_zero=rule.name != "rerank")


def check_conversation(source: Path, conversation: ConversationSettings) -> None:
    check_positive(source, "conversation.minutes", conversation.minutes)
    check_positive(source, "conversation.turns", conversation.turns)
    check_positive(source, "conversation.max_conversations", conversation.max_conversations)
    check_positive(source, "conversation.article_weight", conversation.article_weight)
    check_positive(source, "conversation.max_share", conversation.max_share)
    check_positive(source, "conversation.passage_weight", conversation.passage_weight)
    check_positive(source, "conversation.near_weight", conversation.near_weight)
    for key in ("referent_weight", "carry_weight", "answer_weight", "min_weight"):
        check_within(source, f"conversation.{key}", getattr(conversation, key))


def check_positive(source: Path, key: str, value: float, *, allow_zero: bool = False) -> None:
    if value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "more than zero"
        raise ConfigError(f"{source}: {key}: expected a number {bound}, got {value}")


def check_within(source: Path, key: str, value: float, top: float = 1.0) -> None:
    if not 0.0 <= value <= top:
        raise ConfigError(f"{source}: {key}: expected a number from 0 to {top:g}, got {value}")


def check_url(source: Path, key: str, value: str) -> None:
    """An http:// or https:// URL with a host (ftp://, file:// or a bare host: refused)."""
    if not HTTP_URL.match(value):
        raise ConfigError(f"{source}: {key}: expected an http(s):// URL, got {shown(value)}")


def check_spelling(source: Path, spelling: SpellingSettings) -> None:
    check_positive(source, "retrieval.spelling.min_length", spelling.min_length)
    check_positive(source, "retrieval.spelling.candidates", spelling.candidates)
    for key in ("prefix_share", "prefix_similarity"):
        check_within(source, f"retrieval.spelling.{key}", getattr(spelling, key))
    for key in ("short_cutoff", "medium_cutoff", "long_cutoff"):
        check_within(source, f"retrieval.spelling.{key}", getattr(spelling, key), top=100.0)
