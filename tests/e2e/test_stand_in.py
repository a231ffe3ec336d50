"""The stand-in Bot API refuses what Telegram refuses, so the other e2e tests can fail."""

from __future__ import annotations

import concurrent.futures
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from .botapi import BotApiServer, Fault
from .telegram_html import HtmlError, check_message_text, visible_text


@pytest.mark.parametrize(
    "source",
    [
        "<b>bold",
        "<b>x</i>",
        "a < b",
        "fish & chips",
        "1 > 0",
        "<script>x</script>",
        "<a>no href</a>",
        '<span class="red">x</span>',
        "&nbsp;",
        '<b class="x">x</b>',
        "<br/>",
    ],
)
def test_bad_html_is_refused(source: str) -> None:
    with pytest.raises(HtmlError):
        visible_text(source)
    assert check_message_text(source, "HTML").startswith("Bad Request: can't parse entities")


def test_good_html_is_read_like_telegram() -> None:
    source = (
        '<b>x</b> <i>y</i> &lt;&amp;&gt;&quot;&#39;&#x27; <a href="https://e.org/?a=1&amp;b=2">l</a>'
        ' <span class="tg-spoiler">s</span> <pre>p</pre> <code>c</code> <blockquote>q</blockquote>'
    )
    assert visible_text(source) == "x y <&>\"'' l s p c q"
    assert check_message_text("<b>&lt;b&gt;</b>", "HTML") == ""
    assert check_message_text("<b>", None) == ""  # no parse mode: plain text


def test_length_is_counted_after_parsing_in_utf16_units() -> None:
    assert check_message_text("<b>" + "a" * 4096 + "</b>", "HTML") == ""
    assert check_message_text("a" * 4097, "HTML") == "Bad Request: message is too long"
    assert check_message_text("🙂" * 2049, "HTML") == "Bad Request: message is too long"
    assert check_message_text("  <b> </b> ", "HTML") == "Bad Request: message text is empty"


@pytest.fixture
def client(api: BotApiServer) -> Iterator[httpx.Client]:
    # closed after the test: a kept-alive connection left open holds a server thread waiting
    # for its next request long after the test (tests/test_build.py waits for such threads)
    with httpx.Client(base_url=f"{api.base_url}{api.token}/", timeout=5) as opened:
        yield opened


def test_send_message_checks(api: BotApiServer, client: httpx.Client) -> None:
    chat = api.private_chat(5)
    bad = client.post("sendMessage", data={"chat_id": "5", "text": "<b>x", "parse_mode": "HTML"})
    assert bad.status_code == 400 and "can't parse entities" in bad.json()["description"]
    unknown = client.post("sendMessage", data={"chat_id": "6", "text": "hi"})
    assert unknown.json()["description"] == "Bad Request: chat not found"
    markup = {"inline_keyboard": [[{"text": "x", "callback_data": "d" * 65}]]}
    long_data = client.post(
        "sendMessage", data={"chat_id": "5", "text": "hi", "reply_markup": json.dumps(markup)}
    )
    assert long_data.json()["description"] == "Bad Request: BUTTON_DATA_INVALID"
    reply = {"message_id": 99}
    orphan = client.post(
        "sendMessage", json={"chat_id": 5, "text": "hi", "reply_parameters": reply}
    )
    assert orphan.json()["description"] == "Bad Request: message to be replied not found"
    ok = client.post("sendMessage", json={"chat_id": chat["id"], "text": "hi"})
    assert ok.json()["result"]["message_id"] == 1
    assert len(api.sent(5)) == 1 and len(api.calls_to("sendMessage", ok=False)) == 4
    assert client.post("getMe").json()["result"]["username"] == "newsbot_test_bot"
    wrong = httpx.post(f"{api.base_url}1:nope/getMe", timeout=5)
    assert wrong.status_code == 401


def test_get_updates_long_polls_and_confirms_by_offset(
    api: BotApiServer, client: httpx.Client
) -> None:
    started = time.monotonic()
    assert client.post("getUpdates", data={"timeout": "1"}).json()["result"] == []
    assert time.monotonic() - started >= 0.9
    first = api.send_text(api.private_chat(5), "one")
    api.send_text(api.private_chat(5), "two")
    updates = client.post("getUpdates", data={"timeout": "5"}).json()["result"]
    assert [u["message"]["text"] for u in updates] == ["one", "two"]
    assert updates[0]["message"]["message_id"] == first["message_id"]
    again = client.post("getUpdates", data={"offset": str(updates[1]["update_id"])}).json()
    assert [u["message"]["text"] for u in again["result"]] == ["two"]
    client.post("getUpdates", data={"offset": str(updates[1]["update_id"] + 1)})
    assert api.pending_updates() == 0


def test_faults_apply_to_the_chosen_calls_only(api: BotApiServer, client: httpx.Client) -> None:
    flood = api.inject(Fault.flood(retry_after=3), count=2, methods=["getMe"])
    answer = client.post("getMe").json()
    assert answer["error_code"] == 429 and answer["parameters"] == {"retry_after": 3}
    assert client.post("getWebhookInfo").json()["ok"]  # another method is not affected
    assert client.post("getMe").status_code == 429
    assert client.post("getMe").status_code == 200
    assert flood.hits == 2 and flood.remaining == 0
    api.inject(Fault.bad_gateway(), count=1)
    assert client.post("getWebhookInfo").status_code == 502
    api.inject(Fault.connection_reset(), count=1)
    with pytest.raises(httpx.TransportError):
        client.post("getMe")
    api.inject(Fault.bad_gateway(), seconds=0.3, count=None)
    assert client.post("getMe").status_code == 502
    time.sleep(0.35)
    assert client.post("getMe").status_code == 200


def test_entities_use_utf16_offsets(api: BotApiServer) -> None:
    message = api.message(api.private_chat(5), text="🙂 @newsbot_test_bot hi")
    assert message["entities"] == [{"type": "mention", "offset": 3, "length": 17}]
    command = api.message(api.private_chat(5), text="/ask@newsbot_test_bot x")
    assert command["entities"][0] == {"type": "bot_command", "offset": 0, "length": 21}


def test_a_second_poller_ends_the_first_with_409_conflict(api: BotApiServer) -> None:
    """As Telegram does: the waiting getUpdates is terminated by the newer one."""

    def poll(timeout: int) -> httpx.Response:
        return httpx.post(
            f"{api.base_url}{api.token}/getUpdates", data={"timeout": str(timeout)}, timeout=10
        )

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        older = pool.submit(poll, 5)
        api.wait_for(lambda: api.polls >= 1)  # the older one arrived (not just a guessed delay)
        time.sleep(0.1)
        started = time.monotonic()
        newer = pool.submit(poll, 1)
        first = older.result()
        # ended by the newer poll, not by its own 5 s timeout (over 4.9 s from here):
        # the bound leaves a loaded machine seconds to schedule the threads
        assert time.monotonic() - started < 3.0
        assert first.status_code == 409 and "only one bot instance" in first.json()["description"]
        assert newer.result().json() == {"ok": True, "result": []}


def test_a_blackhole_holds_the_call_then_drops_it(api: BotApiServer, client: httpx.Client) -> None:
    chat = api.private_chat(5)
    rule = api.inject(Fault.blackhole(1.0), count=1, methods=["sendMessage"])
    with pytest.raises(httpx.TimeoutException):
        httpx.post(
            f"{api.base_url}{api.token}/sendMessage",
            json={"chat_id": chat["id"], "text": "hi"},
            timeout=0.5,
        )
    time.sleep(0.7)
    assert rule.hits == 1 and api.sent(5) == []  # never delivered
