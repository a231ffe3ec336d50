"""`ask` and `chat`: questions answered in the terminal, one by one or as a conversation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.answering import Answer, Answerer
from bot.cli_knowledge import config_used, warn_errors
from bot.config import Settings
from bot.conversation import Conversations, Reply
from bot.library import Library
from bot.render import to_text


def add_parsers(commands: Any) -> None:  # argparse's (private) _SubParsersAction
    """Add this module's commands to the `python -m bot` parser."""
    ask = commands.add_parser("ask", help="answer a question (or one per line of standard input)")
    ask.add_argument("question", nargs="*", help="the question; omit to read standard input")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument(
        "--conversation",
        action="store_true",
        help="standard input is a conversation: follow-ups are answered in context;"
        " a blank line starts a new conversation",
    )
    ask.add_argument(
        "--explain",
        action="store_true",
        help="show the top candidates' features and weights, the words matched, the answer"
        " type looked for and each decline check",
    )
    ask.set_defaults(handler=cmd_ask)

    chat = commands.add_parser("chat", help="talk to the bot in the terminal (offline)")
    chat.set_defaults(handler=cmd_chat)


def answerer_for(settings: Settings, config: Path | None = None) -> Answerer:
    """The answerer over the configured folder; broken files and an empty folder are said."""
    answerer = Library(settings).answerer  # reuses the saved index (knowledge.cache)
    warn_errors(answerer.knowledge)
    if not answerer.articles:
        print(
            f"No articles found in {settings.knowledge.path} (config: {config_used(config)}):"
            " add .md, .txt or .html files there, or `python -m bot add URL`.",
            file=sys.stderr,
        )
    return answerer


def answer_json(answer: Answer, answerer: Answerer) -> dict[str, Any]:
    """The `ask --json` contract: other tools read these keys."""
    return {
        "question": answer.question,
        "answered": answer.answered,
        "text": to_text(answer, answerer.articles),
        "passages": [
            {
                "text": hit.passage.text,
                "score": round(hit.score, 4),
                "article": hit.passage.article.title,
                "source": hit.passage.article.source,
                "url": hit.passage.article.url,
                "published": hit.passage.article.published.isoformat()
                if hit.passage.article.published
                else None,
                "paragraph": hit.passage.paragraph,
            }
            for hit in answer.hits
        ],
        "answer": answer.short,  # the short answer (bot/answering/short.py); null when none
    }


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    answerer = answerer_for(settings, args.config)
    if args.conversation:
        return _ask_conversation(args, settings, answerer)
    questions = [" ".join(args.question)] if args.question else _stdin_questions()
    for question in questions:
        if args.explain:
            from bot.answering.explain import explain

            print(explain(answerer, question), end="\n\n" if len(questions) > 1 else "\n")
            continue
        answer = answerer.answer(question)
        if args.json:
            print(json.dumps(answer_json(answer, answerer), ensure_ascii=False), flush=True)
        else:
            print(to_text(answer, answerer.articles), end="\n\n" if len(questions) > 1 else "\n")
    return 0


def _ask_conversation(args: argparse.Namespace, settings: Settings, answerer: Answerer) -> int:
    """`ask --conversation`: one question per line, answered as it comes, in one conversation
    until a blank line, which starts a new one (and prints nothing)."""
    conversations = Conversations(settings.conversation)
    number = 0
    for line in sys.stdin:
        question = line.strip()
        if not question:
            conversations.forget(number)
            number += 1
            continue
        reply = conversations.ask(number, question, answerer)
        if args.json:
            fields = answer_json(reply.answer, answerer)
            fields["text"] = reply_text(reply, answerer)  # a declined follow-up says what it read
            fields["follow_up"] = reply.followup.kind if reply.followup else None
            print(json.dumps(fields, ensure_ascii=False), flush=True)
        else:
            print(reply_text(reply, answerer), end="\n\n", flush=True)
    return 0


def reply_text(reply: Reply, answerer: Answerer) -> str:
    """An answer in the terminal; a declined follow-up says what it was read as first."""
    text = to_text(reply.answer, answerer.articles)
    return f"{reply.note}. {text}" if reply.note else text


def _stdin_questions() -> list[str]:
    return [line.rstrip("\n") for line in sys.stdin if line.strip()]


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    answerer = answerer_for(settings, args.config)
    articles = answerer.articles
    print(
        f"Ask about {len(articles)} article(s); follow-up questions are answered in context."
        " An empty line or Ctrl-D ends."
    )
    for article in articles:
        print(f"  • {article.title} ({article.source or article.key})")
    conversations = Conversations(settings.conversation)
    while True:
        try:
            question = input("\n? ")
        except EOFError:
            print()
            return 0
        if not question.strip():
            return 0
        print(reply_text(conversations.ask("chat", question, answerer), answerer))
