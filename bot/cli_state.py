"""`stats` and `backup`: the state database, read while the bot may be running."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.state import State


def add_parsers(commands: Any) -> None:  # argparse's (private) _SubParsersAction
    """Add this module's commands to the `python -m bot` parser."""
    stats = commands.add_parser("stats", help="what readers asked: the question log's report")
    stats.add_argument("--plot", type=Path, metavar="FILE.png", help="also draw the chart")
    stats.set_defaults(handler=cmd_stats)

    backup = commands.add_parser(
        "backup", help="copy the state database and its salt safely while the bot runs"
    )
    backup.add_argument("file", type=Path, help="where to write the copy (its salt: FILE.salt)")
    backup.set_defaults(handler=cmd_backup)


def _state(settings: Settings) -> State | None:
    """The state database, or None (and why) when there is none to read; one that cannot be
    opened raises StateError, which main reports (`error: ...`, exit code 2)."""
    if not settings.state.path:
        print("state.path is empty: the question log is kept in memory only", file=sys.stderr)
        return None
    if not Path(settings.state.path).exists():
        print(f"no state database at {settings.state.path} yet", file=sys.stderr)
        return None
    return State(settings.state)


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
        written = state.backup(args.file)
    except (OSError, sqlite3.Error) as exc:
        print(f"error: cannot write {args.file}: {exc}", file=sys.stderr)
        return 1
    finally:
        state.close()
    print(f"backed up {settings.state.path} to {' and '.join(map(str, written))}")
    if len(written) > 1:
        print(
            f"{written[1]} is the salt of the readers' hashes: restore both files together,"
            " and keep them as private as the database itself"
        )
    return 0
