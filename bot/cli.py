"""The command line: ask, chat, check, eval, add, run, bench, stats and backup."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.answering import Answer, Answerer
from bot.bench import add_arguments as add_bench_arguments
from bot.config import DEFAULT_CONFIG, TOKEN_ENV, Settings, load_settings
from bot.content import ContentError
from bot.conversation import Conversations, Reply
from bot.errors import NewsbotError
from bot.evaluate import format_report, load_cases, run_files
from bot.ingest import add_file, add_url
from bot.knowledge import FolderError, KnowledgeBase, load_folder
from bot.library import Library
from bot.render import to_text
from bot.state import State, StateError
from bot.store import cache_dir_for, load_or_build


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Any = args.handler
    try:
        return int(handler(args, load_settings(args.config)))
    except FolderError as exc:  # which folder, and which config named it
        print(f"{exc.label}: {exc} (config: {_config_used(args.config)})", file=sys.stderr)
        return exc.exit_code
    except NewsbotError as exc:  # a bad config, question set, ...: its class sets the exit code
        print(f"{exc.label}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Answers questions about news articles, with sources. With no COMMAND:"
        " `run` when a Telegram token is set, otherwise `chat` in the terminal.",
    )
    parser.add_argument(
        "--config", type=Path, default=None, help="config file (default: ./config.yaml)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.set_defaults(handler=cmd_start)

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

    check = commands.add_parser("check", help="validate the config and the knowledge folder")
    check.set_defaults(handler=cmd_check)

    evaluate = commands.add_parser("eval", help="measure answers on question sets")
    evaluate.add_argument("files", nargs="+", type=Path, help="YAML question sets or SQuAD JSON")
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")
    evaluate.set_defaults(handler=cmd_eval)

    add = commands.add_parser(
        "add", help="add a web page (a link, or a saved .html file) or a .md/.txt file"
    )
    add.add_argument("source", help="an http(s):// link or a file path")
    add.set_defaults(handler=cmd_add)

    calibrate = commands.add_parser(
        "calibrate", help="fit the decline threshold on your own labelled questions"
    )
    calibrate.add_argument("file", type=Path, help="labelled questions (the eval YAML format)")
    calibrate.add_argument(
        "--dry-run", action="store_true", help="report only; do not write the config file"
    )
    calibrate.set_defaults(handler=cmd_calibrate)

    run = commands.add_parser("run", help="start the Telegram bot (long polling)")
    run.set_defaults(handler=cmd_run)

    bench = commands.add_parser("bench", help="measure speed and memory on synthetic archives")
    add_bench_arguments(bench)
    bench.set_defaults(handler=cmd_bench)

    stats = commands.add_parser("stats", help="what readers asked: the question log's report")
    stats.add_argument("--plot", type=Path, metavar="FILE.png", help="also draw the chart")
    stats.set_defaults(handler=cmd_stats)

    backup = commands.add_parser("backup", help="copy the state database safely while it runs")
    backup.add_argument("file", type=Path, help="where to write the copy")
    backup.set_defaults(handler=cmd_backup)

    for sub in (ask, chat, check, evaluate, calibrate, add, run, bench, stats, backup):
        sub.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _config_used(config: Path | None) -> str:
    path = config or DEFAULT_CONFIG
    return str(path) if path.exists() else f"none, {path} not found: defaults"


def _answerer(settings: Settings, config: Path | None = None) -> Answerer:
    answerer = Library(settings).answerer  # reuses the saved index (knowledge.cache)
    _warn_errors(answerer.knowledge)
    if not answerer.articles:
        print(
            f"No articles found in {settings.knowledge.path} (config: {_config_used(config)}):"
            " add .md, .txt or .html files there, or `python -m bot add URL`.",
            file=sys.stderr,
        )
    return answerer


def _warn_errors(knowledge: KnowledgeBase) -> None:
    for error in knowledge.errors:
        print(f"skipped {error}", file=sys.stderr)


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
    answerer = _answerer(settings, args.config)
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
    answerer = _answerer(settings, args.config)
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


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    folder = settings.knowledge.path
    knowledge = load_folder(folder, max_bytes=settings.knowledge.max_file_bytes)
    for error in knowledge.errors:
        print(f"error: {error}")
    for warning in knowledge.warnings:
        print(f"warning: {warning}")
    print(
        f"{folder}: {len(knowledge.articles)} article(s),"
        f" {len(knowledge.passages)} passage(s), {len(knowledge.errors)} problem(s),"
        f" {len(knowledge.warnings)} warning(s)"
    )
    if not knowledge.articles and not knowledge.errors:
        print(f"{folder} is empty: add .md, .txt or .html files, or `python -m bot add URL`")
    return 1 if knowledge.errors or not knowledge.articles else 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    knowledge = load_folder(settings.knowledge.path, max_bytes=settings.knowledge.max_file_bytes)
    reports = run_files(
        args.files, knowledge, settings.retrieval, sys.stderr.isatty(), settings.conversation
    )
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_report(r) for r in reports))
    return 0


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch or read one page, save it as an article, and rebuild the saved index."""
    knowledge = settings.knowledge
    existing = load_folder(knowledge.path, max_bytes=knowledge.max_file_bytes).articles
    source: str = args.source
    try:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
            added = add_url(source, knowledge, existing)
        else:
            added = add_file(Path(source), knowledge, existing)
    except ContentError as exc:
        print(f"not added: {exc}", file=sys.stderr)
        return 1
    print(f"added {added.summary()}")
    cache = cache_dir_for(knowledge)
    if cache is not None:  # the next start (or a running bot's reload) finds it built
        load_or_build(knowledge.path, cache, knowledge.max_file_bytes)
    print("a running bot serves it after /reload (or at once with knowledge.watch: true)")
    return 0


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    """Fit retrieval.min_coverage on the operator's labelled questions; write it."""
    from bot.calibrate import fit, format_rows, write_setting

    cases, own = load_cases(args.file)  # a bad file: EvalSetError, reported by main
    if own is not None:
        print("error: calibrate needs questions about your own articles (YAML)", file=sys.stderr)
        return 2
    if not any(c.expects for c in cases) or all(c.expects for c in cases):
        print(
            "error: label both kinds: questions the articles answer (expect: a phrase of the"
            " answer) and questions they do not (expect: null)",
            file=sys.stderr,
        )
        return 2
    knowledge = load_folder(settings.knowledge.path, max_bytes=settings.knowledge.max_file_bytes)
    _warn_errors(knowledge)
    chosen, rows = fit(cases, knowledge, settings.retrieval)
    print(format_rows(rows, chosen))
    config = args.config or DEFAULT_CONFIG
    was = settings.retrieval.min_coverage
    if args.dry_run:
        print(f"retrieval.min_coverage: {was} -> {chosen} (not written: --dry-run)")
    else:
        write_setting(config, "retrieval", "min_coverage", chosen)
        print(f"retrieval.min_coverage: {was} -> {chosen}, written to {config}")
    return 0


def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    """No command: serve Telegram when a token is set, else chat in the terminal."""
    if settings.telegram.token:
        return cmd_run(args, settings)
    print("No Telegram token set (TELEGRAM_BOT_TOKEN), so answering here in the terminal.")
    return cmd_chat(args, settings)


# What @BotFather hands out: the bot's numeric id, a colon, then 30-50 URL-safe characters.
TOKEN_SHAPE = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{20,100}")


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    token = settings.telegram.token
    if token and not TOKEN_SHAPE.fullmatch(token):  # refused before any network call
        print(
            "error: the Telegram token is malformed (expected 123456789:ABC…, as @BotFather"
            f" gives it); check {TOKEN_ENV} or telegram.token",
            file=sys.stderr,
        )
        return 2
    from bot.telegram.app import run  # Telegram stays out of the offline commands

    return run(settings)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bench import run_cli

    return run_cli(args, settings)


def _state(settings: Settings) -> State | None:
    if not settings.state.path:
        print("state.path is empty: the question log is kept in memory only", file=sys.stderr)
        return None
    if not Path(settings.state.path).exists():
        print(f"no state database at {settings.state.path} yet", file=sys.stderr)
        return None
    try:
        return State(settings.state)
    except StateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from bot.stats import format_text, report

    state = _state(settings)
    if state is None:
        return 2
    try:
        data = report(state, time.time())
    finally:
        state.close()
    print(format_text(data))
    if args.plot is not None:
        from bot.charts import write_png  # matplotlib only when a chart is asked for

        write_png(data, args.plot)
        print(f"chart written to {args.plot}")
    return 0


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    state = _state(settings)
    if state is None:
        return 2
    try:
        state.backup(args.file)
    except (OSError, sqlite3.Error) as exc:
        print(f"error: cannot write {args.file}: {exc}", file=sys.stderr)
        return 1
    finally:
        state.close()
    print(f"backed up {settings.state.path} to {args.file}")
    return 0
