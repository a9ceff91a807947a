"""The server client lets go of a response (and its body) as soon as the caller does."""

from __future__ import annotations

import gc
import weakref

import httpx

from app.sync.transport import ServerClient


def test_a_read_response_is_freed_without_waiting_for_the_garbage_collector() -> None:
    sent: list[weakref.ref[httpx.Response]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        response = httpx.Response(200, json={"ok": True, "pad": "x" * 100_000})
        sent.append(weakref.ref(response))
        return response

    client = ServerClient("http://server.test", "", transport=httpx.MockTransport(answer))
    gc.disable()
    try:
        assert client.request("GET", "/anything") == {"ok": True, "pad": "x" * 100_000}
        assert sent and sent[0]() is None  # no cycle kept it (and its body) alive
    finally:
        gc.enable()
        client.close()
