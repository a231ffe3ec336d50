"""A stand-in Telegram Bot API server on 127.0.0.1, for end-to-end tests offline.

It speaks the Bot API over HTTP as python-telegram-bot uses it (POST
/bot<TOKEN>/<method> with form, JSON or multipart fields), serves long-polled
getUpdates from updates the test feeds, records every call, and refuses what
Telegram refuses (bad HTML, texts over 4096 characters, replies to unknown
messages, oversized callback data, unknown chats, answered callback queries).

Faults are injected per method: 429 with retry_after, 502, other statuses,
connection resets, delays and calls held past the client's timeout then
dropped, each for N calls or for some seconds (see `Fault` and
`BotApiServer.inject`). After setWebhook it POSTs the updates to the webhook
instead, with the secret token header, as Telegram does. Like Telegram, a getUpdates call ends a long poll
still waiting for the same token with 409 Conflict (a second bot instance). It runs in its own threads, so both an
in-process Application and a `python -m bot run` subprocess can use it.

    with BotApiServer() as api:
        chat = api.private_chat(1001)
        api.send_text(chat, "How many people fled?")
        api.wait_for(lambda: api.sent(chat["id"]))
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import socket
import struct
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .telegram_html import check_message_text

PNG = b"\x89PNG\r\n\x1a\n"

TOKEN = "123456789:TEST-token-Do-Not-Leak-aBcDeFgHiJkLmNoP"
BOT_ID = 123456789
BOT_USERNAME = "newsbot_test_bot"
# Seconds `wait_for` and `until` wait for what a test expects: generous, because each wait
# ends as soon as it is there, and the first answer, add or reload of a run took over 30 s
# while other jobs held both cores of the CI machine. A bound for a hang, not a speed test.
WAIT = 90.0

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "link_preview_options",
        "reply_parameters",
        "entities",
        "caption_entities",
        "results",
        "commands",
        "scope",
        "allowed_updates",
        "button",
    }
)
INT_FIELDS = frozenset(
    {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "message_thread_id"}
)
BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "is_personal",
        "drop_pending_updates",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
    }
)
CALLBACK_DATA_LIMIT = 64  # bytes
DOWNLOAD = "downloadFile"  # how file downloads are recorded among the calls (not a Bot API method)
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


# ---------------------------------------------------------------- faults


@dataclass
class Fault:
    """What goes wrong on a call: an error status, a reset connection or a delay."""

    status: int = 0  # 0: no error reply
    description: str = ""
    retry_after: int | None = None
    reset: bool = False  # close the connection without answering
    delay: float = 0.0  # seconds to wait before handling the call (or before the fault)

    @classmethod
    def flood(cls, retry_after: int = 1) -> Fault:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    @classmethod
    def bad_gateway(cls) -> Fault:
        return cls(502, "Bad Gateway")

    @classmethod
    def connection_reset(cls) -> Fault:
        return cls(reset=True)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls(delay=seconds)

    @classmethod
    def blackhole(cls, seconds: float) -> Fault:
        """Hold the call for `seconds` (longer than the client waits), then drop it unanswered."""
        return cls(reset=True, delay=seconds)

    @classmethod
    def conflict(cls) -> Fault:
        return cls(409, CONFLICT)


@dataclass
class FaultRule:
    fault: Fault
    methods: frozenset[str] | None  # lower-case method names; None: every method
    remaining: int | None  # calls left; None: until `expires`
    expires: float | None = None  # time.monotonic() deadline
    hits: int = 0

    def take(self, method: str) -> bool:
        if self.methods is not None and method not in self.methods:
            return False
        if self.expires is not None and time.monotonic() >= self.expires:
            return False
        if self.remaining is not None:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
        self.hits += 1
        return True


# ---------------------------------------------------------------- records


@dataclass
class Call:
    method: str  # as the Bot API spells it, e.g. "sendMessage"
    params: dict[str, Any]
    status: int
    result: Any = None
    error: str = ""
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200


# ---------------------------------------------------------------- the server


class BotApiServer:
    def __init__(
        self, token: str = TOKEN, *, bot_id: int = BOT_ID, username: str = BOT_USERNAME
    ) -> None:
        self.token = token
        self.bot = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "News Bot",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self._cond = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._ids = itertools.count(1)
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.callback_queries: dict[str, bool] = {}  # id -> answered
        self.inline_queries: dict[str, bool] = {}
        self.files: dict[str, bytes] = {}  # file_path -> content
        self.reported_sizes: dict[str, int] = {}  # file_id -> the size getFile claims (a lie)
        self.lengthless_downloads = False  # serve files without Content-Length, as a stream
        self.calls: list[Call] = []
        self.faults: list[FaultRule] = []
        self.commands: list[dict[str, Any]] = []  # the default scope's
        self.scoped_commands: dict[str, list[dict[str, Any]]] = {}  # by scope, e.g. "chat:42"
        self.confirmed_offset = 0  # the highest offset getUpdates was called with
        self.conflicts = True  # a newer getUpdates ends a waiting one with 409, as Telegram does
        self._poll_generation = 0  # getUpdates calls that arrived so far
        self._poll_ticket = threading.local()  # this handler thread's getUpdates arrival number
        # lower-case method name -> handler(api, params); add methods a test needs
        self.methods: dict[str, Callable[[BotApiServer, dict[str, Any]], Any]] = dict(_METHODS)
        self.webhook: dict[str, Any] = {}  # setWebhook's parameters while one is set
        self.webhook_posts: list[int] = []  # HTTP status of each update POSTed to the webhook
        self._pusher: threading.Thread | None = None
        self._closing = False
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -------------------------------------------------------------- lifecycle

    def start(self) -> BotApiServer:
        handler = type("Handler", (_Handler,), {"api": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._pusher is not None:
            self._pusher.join(timeout=5)

    def __enter__(self) -> BotApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "start() the server first"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -------------------------------------------------------------- faults

    def inject(
        self,
        fault: Fault,
        *,
        count: int | None = 1,
        seconds: float | None = None,
        methods: Iterable[str] | None = None,
    ) -> FaultRule:
        """Apply `fault` to the next `count` matching calls (or all of them for `seconds`)."""
        rule = FaultRule(
            fault,
            frozenset(m.lower() for m in methods) if methods is not None else None,
            None if seconds is not None and count is None else count,
            time.monotonic() + seconds if seconds is not None else None,
        )
        with self._cond:
            self.faults.append(rule)
        return rule

    def clear_faults(self) -> None:
        with self._cond:
            self.faults.clear()

    def _fault_for(self, method: str) -> Fault | None:
        with self._cond:
            for rule in self.faults:
                if rule.take(method):
                    return rule.fault
        return None

    # -------------------------------------------------------------- building updates

    @staticmethod
    def user(user_id: int, first_name: str = "Ann", *, is_bot: bool = False) -> dict[str, Any]:
        return {"id": user_id, "is_bot": is_bot, "first_name": first_name}

    def private_chat(self, user_id: int, first_name: str = "Ann") -> dict[str, Any]:
        return self._chat({"id": user_id, "type": "private", "first_name": first_name})

    def group_chat(
        self, chat_id: int, title: str = "News fans", *, supergroup: bool = True
    ) -> dict[str, Any]:
        assert chat_id < 0, "group chat ids are negative"
        kind = "supergroup" if supergroup else "group"
        return self._chat({"id": chat_id, "type": kind, "title": title})

    def channel(self, chat_id: int, title: str = "News channel") -> dict[str, Any]:
        return self._chat({"id": chat_id, "type": "channel", "title": title})

    def _chat(self, chat: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self.chats[chat["id"]] = chat
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def message(
        self,
        chat: dict[str, Any],
        sender: dict[str, Any] | None = None,
        text: str | None = None,
        *,
        reply_to: dict[str, Any] | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """A message payload as Telegram would send it, stored so it can be replied to.

        Commands and @mentions in `text` get their entities, as Telegram adds them.
        """
        with self._cond:
            message: dict[str, Any] = {
                "message_id": self._next_message_id(chat["id"]),
                "date": int(time.time()),
                "chat": chat,
            }
            if sender is not None:
                message["from"] = sender
            elif chat["type"] == "private":
                message["from"] = self.user(chat["id"], chat.get("first_name", "Ann"))
            if text is not None:
                message["text"] = text
                entities = text_entities(text)
                if entities:
                    message["entities"] = entities
            if reply_to is not None:
                message["reply_to_message"] = {
                    k: v for k, v in reply_to.items() if k != "reply_to_message"
                }
            message.update(content)
            self.messages[(chat["id"], message["message_id"])] = message
        return message

    def feed(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of `kind` ("message", "callback_query", ...); its update_id."""
        with self._cond:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, kind: payload})
            self._cond.notify_all()
        return update_id

    def send_text(
        self,
        chat: dict[str, Any],
        text: str,
        *,
        sender: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A person writes `text` in `chat`; the stored message."""
        message = self.message(chat, sender, text, reply_to=reply_to)
        self.feed("channel_post" if chat["type"] == "channel" else "message", message)
        return message

    def press(
        self, message: dict[str, Any], data: str, *, sender: dict[str, Any] | None = None
    ) -> str:
        """Someone presses a callback button under `message`; the callback query id."""
        query_id = f"cq{next(self._ids)}"
        chat = message["chat"]
        with self._cond:
            self.callback_queries[query_id] = False
        self.feed(
            "callback_query",
            {
                "id": query_id,
                "from": sender or self.user(chat["id"] if chat["id"] > 0 else 1, "Ann"),
                "chat_instance": f"ci{chat['id']}",
                "data": data,
                "message": self.messages.get((chat["id"], message["message_id"]), message),
            },
        )
        return query_id

    def inline_query(self, sender: dict[str, Any], query: str) -> str:
        query_id = f"iq{next(self._ids)}"
        with self._cond:
            self.inline_queries[query_id] = False
        self.feed(
            "inline_query",
            {"id": query_id, "from": sender, "query": query, "offset": "", "chat_type": "sender"},
        )
        return query_id

    def add_file(self, file_id: str, content: bytes) -> None:
        """Make `file_id` downloadable through getFile and the file URL."""
        with self._cond:
            self.files[file_id] = content

    def send_document(
        self,
        chat: dict[str, Any],
        file_name: str,
        content: bytes,
        *,
        caption: str | None = None,
        file_size: int | None = None,
        sender: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A person sends a file; `file_size` is what Telegram reports (default: the real size)."""
        file_id = f"doc{next(self._ids)}"
        self.add_file(file_id, content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": "text/markdown" if file_name.endswith(".md") else "text/plain",
            "file_size": len(content) if file_size is None else file_size,
        }
        extra: dict[str, Any] = {"caption": caption} if caption is not None else {}
        message = self.message(chat, sender, document=document, **extra)
        self.feed("message", message)
        return message

    def downloads(self) -> list[Call]:
        """Every request for a file's content under base_file_url (served or not)."""
        return self.calls_to(DOWNLOAD, ok=None)

    # -------------------------------------------------------------- reading records

    def calls_to(self, method: str, *, ok: bool | None = True) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The params of every sendMessage that Telegram accepted, optionally in one chat."""
        return [
            c.params
            for c in self.calls_to("sendMessage")
            if chat_id is None or c.params.get("chat_id") == chat_id
        ]

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._updates)

    def wait_for(self, predicate: Callable[[], Any], timeout: float = WAIT) -> Any:
        """Block until predicate() is truthy (checked on every call); its value."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the stand-in Bot API did not see what was expected")
                self._cond.wait(min(left, 0.05))

    async def until(self, predicate: Callable[[], Any], timeout: float = WAIT) -> Any:
        """`wait_for` for async tests: polls without blocking the event loop."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError("the stand-in Bot API did not see what was expected")
            await asyncio.sleep(0.01)

    # -------------------------------------------------------------- dispatch

    def handle(self, method: str, params: dict[str, Any]) -> Any:
        """Run one Bot API method; raises ApiError for a refusal."""
        handler = self.methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(self, params)

    def record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def poll_arrived(self) -> None:
        """A getUpdates call arrived (before any fault delays it): it supersedes older ones."""
        with self._cond:
            self._poll_generation += 1
            self._poll_ticket.value = self._poll_generation
            self._cond.notify_all()

    @property
    def polls(self) -> int:
        """How many getUpdates calls have arrived so far."""
        with self._cond:
            return self._poll_generation

    def _superseded(self) -> bool:
        ticket = getattr(self._poll_ticket, "value", None)
        return self.conflicts and ticket is not None and ticket != self._poll_generation

    # -------------------------------------------------------------- webhook

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        """Like Telegram: from now on updates are POSTed to the URL, one at a time, with the
        secret token in a header, and retried until the bot answers 2xx."""
        if not params.get("url"):
            return self._delete_webhook(params)
        with self._cond:
            self.webhook = dict(params)
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._cond.notify_all()
            if self._pusher is None:
                self._pusher = threading.Thread(target=self._push_updates, daemon=True)
                self._pusher.start()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.webhook = {}
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._cond.notify_all()
        return True

    def _push_updates(self) -> None:
        while True:
            with self._cond:
                while not self._closing and not (self.webhook and self._updates):
                    self._cond.wait()
                if self._closing:
                    return
                update, webhook = self._updates[0], dict(self.webhook)
            status = self._post(webhook, update)
            with self._cond:
                self.webhook_posts.append(status)
                if 200 <= status < 300 and self._updates and self._updates[0] is update:
                    self._updates.pop(0)
                else:
                    self._cond.wait(0.2)  # Telegram tries again later
                self._cond.notify_all()

    @staticmethod
    def _post(webhook: dict[str, Any], update: dict[str, Any]) -> int:
        headers = {"Content-Type": "application/json"}
        if webhook.get("secret_token"):
            headers[SECRET_HEADER] = webhook["secret_token"]
        request = urllib.request.Request(
            webhook["url"], data=json.dumps(update).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return 0  # not listening (yet): like a connection refused

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook:
            raise ApiError(409, WEBHOOK_ACTIVE)
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._superseded():
                raise ApiError(409, CONFLICT)
            if offset:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
                if self._superseded():
                    raise ApiError(409, CONFLICT)
            return list(self._updates[:limit])

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        text = str(params.get("text") or "")
        self._check_text(text, params.get("parse_mode"))
        self._check_markup(params.get("reply_markup"))
        message: dict[str, Any] = {
            "message_id": 0,
            "date": int(time.time()),
            "chat": chat,
            "from": {k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")},
            "text": text,
        }
        with self._cond:
            reply = params.get("reply_parameters") or {}
            if reply:
                replied = self.messages.get((chat["id"], int(reply["message_id"])))
                if replied is None and not reply.get("allow_sending_without_reply"):
                    raise ApiError(400, "Bad Request: message to be replied not found")
                if replied is not None:
                    message["reply_to_message"] = replied
            message["message_id"] = self._next_message_id(chat["id"])
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        """A photo upload: must be a PNG or JPEG file, its caption at most 1024 characters."""
        chat = self._known_chat(params)
        photo = params.get("photo")
        if not isinstance(photo, bytes) or not photo.startswith((PNG, b"\xff\xd8")):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption = str(params.get("caption") or "")
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        if caption:
            self._check_text(caption, params.get("parse_mode"))
        width, height = struct.unpack(">II", photo[16:24]) if photo.startswith(PNG) else (0, 0)
        message: dict[str, Any] = {
            "message_id": 0,
            "date": int(time.time()),
            "chat": chat,
            "from": {k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")},
            "photo": [
                {
                    "file_id": f"photo{next(self._ids)}",
                    "file_unique_id": f"uphoto{next(self._ids)}",
                    "width": width,
                    "height": height,
                    "file_size": len(photo),
                }
            ],
        }
        if caption:
            message["caption"] = caption
        with self._cond:
            message["message_id"] = self._next_message_id(chat["id"])
            self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _edit_message_text(self, params: dict[str, Any]) -> Any:
        if params.get("inline_message_id"):
            self._check_text(str(params.get("text") or ""), params.get("parse_mode"))
            return True
        chat = self._known_chat(params)
        text = str(params.get("text") or "")
        self._check_text(text, params.get("parse_mode"))
        self._check_markup(params.get("reply_markup"))
        with self._cond:
            message = self._bot_message(chat["id"], params.get("message_id"))
            markup = params.get("reply_markup")
            if message.get("text") == text and message.get("reply_markup") == markup:
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup "
                    "of the message",
                )
            message["text"] = text
            message["edit_date"] = int(time.time())
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            return message

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> Any:
        if params.get("inline_message_id"):
            return True
        chat = self._known_chat(params)
        self._check_markup(params.get("reply_markup"))
        with self._cond:
            message = self._bot_message(chat["id"], params.get("message_id"))
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            else:
                message.pop("reply_markup", None)
            return message

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        with self._cond:
            if self.callback_queries.get(query_id, True):
                raise ApiError(
                    400,
                    "Bad Request: query is too old and response timeout expired "
                    "or query ID is invalid",
                )
            self.callback_queries[query_id] = True
        return True

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("inline_query_id"))
        results = params.get("results") or []
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results]
        if len(set(ids)) != len(ids) or any(not i or len(i.encode()) > 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            content = result.get("input_message_content") or {}
            self._check_text(str(content.get("message_text") or ""), content.get("parse_mode"))
            self._check_markup(result.get("reply_markup"))
        with self._cond:
            if self.inline_queries.get(query_id, True):
                raise ApiError(400, "Bad Request: query is too old and response timeout expired")
            self.inline_queries[query_id] = True
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list")
        for command in commands:
            name = str(command.get("command", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not command.get("description"):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        scope = params.get("scope") or {"type": "default"}
        with self._cond:
            if scope.get("type") == "default":
                self.commands = commands
            else:
                self.scoped_commands[_scope_key(scope)] = commands
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        scope = params.get("scope") or {"type": "default"}
        with self._cond:
            if scope.get("type") == "default":
                return self.commands
            return self.scoped_commands.get(_scope_key(scope), [])

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        with self._cond:
            content = self.files.get(file_id)
        if content is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": self.reported_sizes.get(file_id, len(content)),
            "file_path": f"documents/{file_id}",
        }

    def file_content(self, path: str) -> bytes | None:
        file_id = path.removeprefix("documents/")
        with self._cond:
            return self.files.get(file_id)

    # -------------------------------------------------------------- checks

    def _known_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        with self._cond:
            chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _bot_message(self, chat_id: int, message_id: Any) -> dict[str, Any]:
        message = self.messages.get((chat_id, int(message_id or 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != self.bot["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    @staticmethod
    def _check_text(text: str, parse_mode: Any) -> None:
        problem = check_message_text(text, parse_mode)
        if problem:
            raise ApiError(400, problem)

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if not markup:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"^(https?|tg)://\S+$", url):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
                if data is None and url is None and "switch_inline_query" not in button:
                    raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")


def _true(api: BotApiServer, params: dict[str, Any]) -> bool:
    return True


def _scope_key(scope: dict[str, Any]) -> str:
    """'chat:42' for BotCommandScopeChat(42), 'all_private_chats' for that scope, ..."""
    return ":".join(str(scope[k]) for k in ("type", "chat_id", "user_id") if k in scope)


_METHODS: dict[str, Callable[[BotApiServer, dict[str, Any]], Any]] = {
    "getme": lambda api, p: api.bot,
    "getupdates": BotApiServer._get_updates,
    "sendmessage": BotApiServer._send_message,
    "sendphoto": BotApiServer._send_photo,
    "editmessagetext": BotApiServer._edit_message_text,
    "editmessagereplymarkup": BotApiServer._edit_message_reply_markup,
    "answercallbackquery": BotApiServer._answer_callback_query,
    "answerinlinequery": BotApiServer._answer_inline_query,
    "setmycommands": BotApiServer._set_my_commands,
    "getmycommands": BotApiServer._get_my_commands,
    "deletemycommands": _true,
    "setwebhook": BotApiServer._set_webhook,
    "deletewebhook": BotApiServer._delete_webhook,
    "getwebhookinfo": lambda api, p: {
        "url": api.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": api.pending_updates(),
    },
    "sendchataction": _true,
    "deletemessage": _true,
    "getfile": BotApiServer._get_file,
    "close": _true,
    "logout": _true,
}
METHOD_NAMES = (
    "getMe getUpdates sendMessage sendPhoto editMessageText editMessageReplyMarkup answerCallbackQuery "
    "answerInlineQuery setMyCommands getMyCommands deleteMyCommands setWebhook deleteWebhook "
    "getWebhookInfo sendChatAction deleteMessage getFile close logOut"
).split()
CANONICAL_BY_LOWER = {name.lower(): name for name in METHOD_NAMES}  # calls are case-insensitive


# ---------------------------------------------------------------- entities


def text_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command, mention and url entities Telegram adds, with UTF-16 offsets."""
    entities = []
    command = re.match(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?", text)
    if command:
        entities.append(_entity("bot_command", text, command.start(), command.end()))
    for mention in re.finditer(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}", text):
        entities.append(_entity("mention", text, mention.start(), mention.end()))
    for url in re.finditer(r"\bhttps?://[^\s<>\"]+", text):
        entities.append(_entity("url", text, url.start(), url.end()))
    return sorted(entities, key=lambda entity: entity["offset"])


def _entity(kind: str, text: str, start: int, end: int) -> dict[str, Any]:
    def units(s: str) -> int:
        return len(s.encode("utf-16-le")) // 2

    return {"type": kind, "offset": units(text[:start]), "length": units(text[start:end])}


# ---------------------------------------------------------------- HTTP


class _Server(ThreadingHTTPServer):
    request_queue_size = 1024  # the default backlog of 5 resets connections under a burst
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    api: BotApiServer
    protocol_version = "HTTP/1.1"
    # A reply's headers and body go out as two writes; with Nagle's algorithm the body
    # waited for the client's delayed ACK, 40 ms on every kept-alive connection, which
    # Telegram's servers do not add.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        file_prefix = f"/file/bot{self.api.token}/"
        if urllib.parse.unquote(path).startswith(file_prefix):  # PTB quotes the token's ':'
            path = urllib.parse.unquote(path)
        if path.startswith(file_prefix):
            self._serve_file(path[len(file_prefix) :])
            return
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", path)
        body = self._body()
        if match is None:
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = match.groups()
        method = CANONICAL_BY_LOWER.get(method.lower(), method)
        try:
            params = decode_params(self.headers.get("Content-Type", ""), body, self.path)
        except ValueError as exc:
            self._reply(400, _error(400, f"Bad Request: {exc}"))
            return
        if token != self.api.token:
            self._reply(401, _error(401, "Unauthorized"))
            return
        if method == "getUpdates":
            self.api.poll_arrived()
        fault = self.api._fault_for(method.lower())
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.reset:
            self.api.record(Call(method, params, 0, error="connection reset"))
            self._reset()
            return
        if fault is not None and fault.status:
            extra = {"retry_after": fault.retry_after} if fault.retry_after else None
            self.api.record(Call(method, params, fault.status, error=fault.description))
            self._reply(fault.status, _error(fault.status, fault.description, extra))
            return
        try:
            result = self.api.handle(method, params)
        except ApiError as exc:
            self.api.record(Call(method, params, exc.status, error=exc.description))
            self._reply(exc.status, _error(exc.status, exc.description, exc.parameters))
            return
        self.api.record(Call(method, params, 200, result=result))
        self._reply(200, {"ok": True, "result": result})

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve_file(self, path: str) -> None:
        """The file's bytes, in 64 KiB writes; the call records how many got out ("sent")
        before the client hung up); a fault injected on DOWNLOAD (a 5xx, a reset) instead."""
        fault = self.api._fault_for(DOWNLOAD.lower())
        if fault is not None and (fault.reset or fault.status):
            error = fault.description or "connection reset"
            self.api.record(Call(DOWNLOAD, {"file_path": path, "sent": 0}, fault.status, error=error))
            if fault.reset:
                self._reset()
            else:
                self._reply(fault.status, _error(fault.status, fault.description))
            return
        content = self.api.file_content(path)
        call = Call(DOWNLOAD, {"file_path": path, "sent": 0}, 404 if content is None else 200)
        self.api.record(call)
        if content is None:
            self._reply(404, _error(404, "Not Found"))
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if self.api.lengthless_downloads:  # the body ends when the connection closes
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        chunk = 1 << 16
        try:
            for start in range(0, len(content), chunk):
                self.wfile.write(content[start : start + chunk])
                call.params["sent"] = start + len(content[start : start + chunk])
        except OSError:  # the client stopped reading
            self.close_connection = True

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (e.g. it stopped polling)
            self.close_connection = True

    def _reset(self) -> None:
        """Abort the TCP connection (RST), as a flaky network would."""
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        self.close_connection = True

    def finish(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            super().finish()


def _error(
    status: int, description: str, parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        payload["parameters"] = parameters
    return payload


def decode_params(content_type: str, body: bytes, path: str) -> dict[str, Any]:
    """The call's fields from a query string, a form, JSON or multipart body."""
    raw: dict[str, Any] = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        loaded = json.loads(body)
        if not isinstance(loaded, dict):
            raise ValueError("the JSON body must be an object")
        raw.update(loaded)
        return {k: _typed(k, v, from_json=True) for k, v in raw.items()}
    if kind == "application/x-www-form-urlencoded":
        raw.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif kind == "multipart/form-data":
        raw.update(_multipart(content_type, body))
    return {k: _typed(k, v, from_json=False) for k, v in raw.items()}


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if part.get_filename():
            fields[str(name)] = payload  # an uploaded file: keep the bytes
        else:
            fields[str(name)] = payload.decode("utf-8") if isinstance(payload, bytes) else ""
    return fields


def _typed(key: str, value: Any, *, from_json: bool) -> Any:
    """Telegram reads each field by its type; python-telegram-bot sends strings."""
    if from_json or not isinstance(value, str):
        return value
    if key in JSON_FIELDS:
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"can't parse {key} JSON object") from exc
    if key in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value  # e.g. "@channelname"
    if key in BOOL_FIELDS and value in ("true", "false"):
        return value == "true"
    return value
