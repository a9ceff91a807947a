"""The server process's event loop hands requests to a few worker threads, not anyio's 40."""

from __future__ import annotations

from anyio import to_thread
from fastapi.testclient import TestClient

from server.app import WORKER_THREADS
from tests.server.conftest import Server


def test_a_started_server_runs_its_requests_on_a_few_worker_threads(server: Server) -> None:
    assert WORKER_THREADS < 40
    with TestClient(server.app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.portal is not None
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == WORKER_THREADS
