"""Stop signals: the first stops the bot gracefully; more while it stops are ignored.

python-telegram-bot raises SystemExit on every stop signal. A second SIGTERM
(or a second Ctrl-C) during the graceful stop would then abort it half way,
after the last getUpdates had already confirmed updates whose answers were
still being written: those questions would be lost. Here the first signal
stops polling and lets every answer in flight finish; later ones only say so.
SIGKILL still ends the process at once.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from telegram.ext import Application

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class GracefulStop:
    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]):
        self.application = application
        self.stopping = False

    def __call__(self, signum: int) -> None:
        name = signal.Signals(signum).name
        if self.stopping:
            log.warning("%s: already stopping, finishing the answers in flight", name)
            return
        self.stopping = True
        log.info("%s: stopping; answering what was already received", name)
        if self.application.running:
            self.application.stop_running()  # ends run_polling's loop; its cleanup then runs
        else:
            raise SystemExit(0)  # still starting up: nothing is in flight


def install(
    loop: asyncio.AbstractEventLoop, application: Application[Any, Any, Any, Any, Any, Any]
) -> GracefulStop:
    """Handle the stop signals on `loop`; run_polling must then get stop_signals=None."""
    handler = GracefulStop(application)
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, handler, sig)
    return handler
