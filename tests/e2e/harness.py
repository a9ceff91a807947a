"""A server process behind a cutting proxy, and encrypted desks enrolled with it."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

from app.bootstrap import STORE_FILE, Desk, build_desk, open_engine
from app.services.dto import StaffSession
from app.services.ports import Clock
from app.store.keys import KeyringKeyStore
from app.sync import wire
from app.sync.transport import ServerClient, pinned_context
from server.config import SQLITE_FILE
from tests.cutting_proxy import CuttingProxy
from tests.support import PASSWORDS, MemoryKeyring, cheap_hasher
from ui.demo_server import DemoServer, DemoServerInfo

DEAD_PORT = 1  # nothing listens there: the network is gone
ROOT = Path(__file__).resolve().parents[2]


class ServerHandle:
    """The running server: its proxy URL (stable across restarts), CA and an admin's hands."""

    def __init__(self, directory: Path, residents: int) -> None:
        self.directory = directory
        self.residents = residents
        self._server = DemoServer(directory, residents=residents)
        self.info: DemoServerInfo = self._server.__enter__()
        self.proxy = CuttingProxy(_port(self.info.url))
        self.url = self.proxy.url
        self.ca_pem = self.info.ca_pem
        self._codes = list(self.info.codes)
        self._admin = ServerClient(self.url, self.ca_pem)
        enrolled = self._admin.enroll(self._codes.pop(), "test-harness")
        self._admin.device_token = enrolled.device_token
        self._admin_token = self._admin.login("admin", PASSWORDS["admin"]).staff_token

    def code(self, name: str) -> str:
        if self._codes:
            return self._codes.pop()
        answer = self.admin("POST", "/admin/enrollment-codes", {"workstation_name": name})
        return str(answer["code"])

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        return self._admin.request(method, path, staff_token=self._admin_token, json=body)

    def staff_id(self, login_id: str) -> str:
        for row in self.admin("GET", "/admin/staff"):
            if row["login_id"] == login_id:
                return str(row["id"])
        raise KeyError(login_id)

    # ------------------------------------------------------------ the process

    def restart(self, *, kill: bool = False) -> None:
        """Stop the server process (SIGKILL with `kill`: a crash) and start it again on the
        same data (a new port behind the same proxy). Open connections are reset first, so a
        graceful stop does not wait for idle keep-alive clients."""
        process = self._server._process  # the child the DemoServer started
        if kill and process is not None:
            process.kill()
            process.wait()
        self.proxy.drop_all()
        self._server.stop()
        self._server = DemoServer(self.directory, residents=self.residents)
        self.info = self._server.__enter__()
        self.proxy.target_port = _port(self.info.url)

    @contextlib.contextmanager
    def offline(self) -> Iterator[None]:
        """The network is gone (every connection refused) until the block ends."""
        live, self.proxy.target_port = self.proxy.target_port, DEAD_PORT
        self.proxy.drop_all()
        try:
            yield
        finally:
            self.proxy.target_port = live

    def cli(self, *args: str) -> str:
        """`healthdesk-server <args> --data-dir <this server's folder>`: its standard output."""
        command = [sys.executable, "-m", "server.cli", *args, "--data-dir", str(self.directory)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def stop(self) -> None:
        self.proxy.drop_all()
        self._server.stop()

    def close(self) -> None:
        self._admin.close()
        self.proxy.close()
        self._server.stop()

    # ------------------------------------------------------------ its database, read only

    @contextlib.contextmanager
    def database(self) -> Iterator[sqlite3.Connection]:
        path = (self.directory / SQLITE_FILE).resolve()
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            yield connection
        finally:
            connection.close()

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with self.database() as connection:
            return list(connection.execute(sql, params))

    def records(self) -> dict[str, tuple[str, int, dict[str, Any]]]:
        """Every workflow record the server holds: id -> (kind, version, data)."""
        rows = self.query("SELECT id, kind, version, data FROM records")
        return {rid: (kind, version, json.loads(data)) for rid, kind, version, data in rows}


def _port(url: str) -> int:
    port = urlparse(url).port
    assert port is not None
    return port


@contextlib.contextmanager
def start_server(directory: Path, *, residents: int) -> Iterator[ServerHandle]:
    handle = ServerHandle(directory, residents)
    try:
        yield handle
    finally:
        handle.close()


class DeskTransport(httpx.BaseTransport):
    """The desk's HTTPS (the pinned CA, a new connection pool per client, so each sync round
    opens its own connection) with test hooks: small pages, so a few rows make several pages
    of a pull or a snapshot; a record of every request's status and every push sent and
    answered, so a test sees `already_applied` and `conflict` as the desk got them; and a push
    answer lost after the server took it (`lose_next_answer`)."""

    def __init__(
        self, ca_pem: str, *, page_rows: int | None = None, snapshot_rows: int | None = None
    ) -> None:
        self._ca_pem = ca_pem
        self._limits = {"/sync/": page_rows, "/snapshot/": snapshot_rows}
        self._inner: httpx.HTTPTransport | None = None
        self._lock = threading.Lock()
        self.sent: list[bytes] = []  # every push request's body, as sent
        self.pushes: list[wire.PushResponse] = []  # every push answer received
        self.lose_next_answer = False  # the next push is taken, its answer never arrives
        self.requests: list[tuple[str, int]] = []  # (path under the API, status) answered

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            if self._inner is None:
                self._inner = httpx.HTTPTransport(verify=pinned_context(self._ca_pem))
            inner = self._inner
        path = request.url.path.removeprefix(wire.API)
        for prefix, rows in self._limits.items():
            if rows is not None and path.startswith(prefix) and path != "/sync/push":
                request.url = request.url.copy_set_param("limit", rows)
        if path == "/sync/push":
            self.sent.append(request.read())
        response = inner.handle_request(request)
        self.requests.append((path, response.status_code))
        if path == "/sync/push" and response.status_code == 200:
            body = response.read()
            if self.lose_next_answer:
                self.lose_next_answer = False
                raise httpx.ReadError("the answer was lost on the way", request=request)
            self.pushes.append(wire.PushResponse.model_validate_json(body))
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=body,
                extensions=response.extensions,
            )
        return response

    def close(self) -> None:
        """The client closed: its connections go (the next client opens new ones)."""
        with self._lock:
            inner, self._inner = self._inner, None
        if inner is not None:
            inner.close()

    def statuses(self) -> dict[str, list[str]]:
        """Every push result this desk received: record id -> statuses, in order."""
        found: dict[str, list[str]] = {}
        for response in self.pushes:
            for result in response.results:
                found.setdefault(result.id, []).append(result.status)
        return found


class DeskFactory:
    """New empty encrypted stores, each enrolled with the server and synced once."""

    def __init__(self, server: ServerHandle, root: Path) -> None:
        self.server = server
        self.root = root
        self.desks: list[Desk] = []
        self.transports: dict[str, DeskTransport] = {}

    def new(
        self,
        name: str,
        *,
        sync: bool = True,
        clock: Clock | None = None,
        page_rows: int | None = None,
        snapshot_rows: int | None = None,
        spy: bool = False,
    ) -> Desk:
        """`page_rows`/`snapshot_rows`/`spy` put a DeskTransport under the desk's client
        (kept in `transports[name]`); without them the desk's own transport is used."""
        directory = self.root / name
        keys = KeyringKeyStore(MemoryKeyring())
        engine = open_engine(directory, keys, create=True)
        transport = None
        if spy or page_rows is not None or snapshot_rows is not None:
            transport = DeskTransport(
                self.server.ca_pem, page_rows=page_rows, snapshot_rows=snapshot_rows
            )
            self.transports[name] = transport
        desk = build_desk(
            engine,
            hasher=cheap_hasher(),
            clock=clock,
            workstation=name,
            keys=keys,
            data_dir=directory,
            transport=transport,
        )
        desk.enrollment.enroll(self.server.url, self.server.code(name), self.server.ca_pem, name)
        self.desks.append(desk)
        if sync:
            report = desk.sync.sync_now(None)
            assert report.online, report.message
        return desk

    def close(self) -> None:
        for desk in self.desks:
            desk.close()


def save_store(desk: Desk, directory: Path, into: Path) -> None:
    """Copy a desk's store files (all connections closed first) to `into`."""
    desk.engine.dispose()
    into.mkdir(parents=True, exist_ok=True)
    for old in into.glob(STORE_FILE + "*"):
        old.unlink()
    for path in directory.glob(STORE_FILE + "*"):
        shutil.copy2(path, into / path.name)


def restore_store(desk: Desk, directory: Path, saved: Path) -> None:
    """Put back the store files `save_store` kept: the desk is as it was then."""
    desk.engine.dispose()
    for path in directory.glob(STORE_FILE + "*"):
        path.unlink()
    for path in saved.glob(STORE_FILE + "*"):
        shutil.copy2(path, directory / path.name)


def login(desk: Desk, login_id: str) -> StaffSession:
    return desk.auth.login(login_id, PASSWORDS[login_id])
