"""`check`, `add`, `eval` and `calibrate`: the knowledge folder and the question sets."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from bot.answering.parts import bm25_params
from bot.config import DEFAULT_CONFIG, KnowledgeSettings, Settings
from bot.content import ContentError
from bot.eval_report import format_report
from bot.eval_sets import load_cases
from bot.evaluate import run_files
from bot.ingest import add_file, add_url
from bot.knowledge import KnowledgeBase, load_folder
from bot.reloading import no_collections
from bot.store import cache_dir_for, load_or_build


def add_parsers(commands: Any) -> None:  # argparse's (private) _SubParsersAction
    """Add this module's commands to the `python -m bot` parser."""
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


def config_used(config: Path | None) -> str:
    """Which config file a command read, for its messages about the knowledge folder."""
    path = config or DEFAULT_CONFIG
    return str(path) if path.exists() else f"none, {path} not found: defaults"


def warn_errors(knowledge: KnowledgeBase) -> None:
    for error in knowledge.errors:
        print(f"skipped {error}", file=sys.stderr)


def load_configured(settings: KnowledgeSettings) -> KnowledgeBase:
    """The knowledge folder read as the bot reads it: with the configured limits."""
    limit, words = settings.max_file_bytes, settings.fetch.min_article_words
    return load_folder(settings.path, max_bytes=limit, min_words=words)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    folder = settings.knowledge.path
    knowledge = load_configured(settings.knowledge)
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
    knowledge = load_configured(settings.knowledge)
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
    existing = load_configured(knowledge).articles
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
        words = knowledge.fetch.min_article_words
        limit, compact = knowledge.max_file_bytes, knowledge.cache_compact
        most = knowledge.build_workers
        spelling = settings.retrieval.spelling  # the tables the answerer reads, saved
        # as every other build: a full collection walks the build's millions of objects
        with no_collections():
            load_or_build(
                knowledge.path,
                cache,
                limit,
                params=bm25_params(settings.retrieval),  # the weights the answerer reads, saved
                min_words=words,
                compact=compact,
                most=most,
                spelling=spelling,
            )
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
    knowledge = load_configured(settings.knowledge)
    warn_errors(knowledge)
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
