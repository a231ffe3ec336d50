"""The command line: `python -m bot COMMAND`, its parser and exit codes; `run` and `bench`.

The other commands live with their kind: bot/cli_answering.py (ask, chat),
bot/cli_knowledge.py (check, add, eval, calibrate), bot/cli_state.py (stats,
backup). Each adds its own parsers; an error a person reads (bot.errors) is
printed as `<label>: <message>` and its class sets the exit code.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot import cli_answering, cli_knowledge, cli_state
from bot.bench import add_arguments as add_bench_arguments
from bot.cli_knowledge import config_used
from bot.config import TOKEN_ENV, Settings, load_settings
from bot.errors import NewsbotError
from bot.knowledge import FolderError
from bot.telegram.logs import quiet_http_loggers  # standard library only, no Telegram


def main(argv: Sequence[str] | None = None) -> int:
    quiet_http_loggers()  # every command: `add URL` fetches with httpx, `run` talks to Telegram
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Any = args.handler
    try:
        return int(handler(args, load_settings(args.config)))
    except FolderError as exc:  # which folder, and which config named it
        print(f"{exc.label}: {exc} (config: {config_used(args.config)})", file=sys.stderr)
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

    cli_answering.add_parsers(commands)
    cli_knowledge.add_parsers(commands)

    run = commands.add_parser("run", help="start the Telegram bot (long polling)")
    run.set_defaults(handler=cmd_run)

    bench = commands.add_parser("bench", help="measure speed and memory on synthetic archives")
    add_bench_arguments(bench)
    bench.set_defaults(handler=cmd_bench)

    cli_state.add_parsers(commands)

    for sub in commands.choices.values():
        sub.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    """No command: serve Telegram when a token is set, else chat in the terminal."""
    if settings.telegram.token:
        return cmd_run(args, settings)
    print("No Telegram token set (TELEGRAM_BOT_TOKEN), so answering here in the terminal.")
    return cli_answering.cmd_chat(args, settings)


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
