"""A server process behind a cutting proxy, and encrypted desks enrolled with it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from app.bootstrap import Desk, build_desk, open_engine
from app.services.dto import StaffSession
from app.store.keys import KeyringKeyStore
from app.sync.transport import ServerClient
from tests.cutting_proxy import CuttingProxy
from tests.support import PASSWORDS, MemoryKeyring, cheap_hasher
from ui.demo_server import DemoServer, DemoServerInfo


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

    def restart(self) -> None:
        """Stop the server process and start it again on the same data (a new port)."""
        self._server.stop()
        self._server = DemoServer(self.directory, residents=self.residents)
        self.info = self._server.__enter__()
        self.proxy.target_port = _port(self.info.url)

    def stop(self) -> None:
        self._server.stop()

    def close(self) -> None:
        self._admin.close()
        self.proxy.close()
        self._server.stop()


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


class DeskFactory:
    """New empty encrypted stores, each enrolled with the server and synced once."""

    def __init__(self, server: ServerHandle, root: Path) -> None:
        self.server = server
        self.root = root
        self.desks: list[Desk] = []

    def new(self, name: str, *, sync: bool = True) -> Desk:
        directory = self.root / name
        keys = KeyringKeyStore(MemoryKeyring())
        engine = open_engine(directory, keys, create=True)
        desk = build_desk(
            engine, hasher=cheap_hasher(), workstation=name, keys=keys, data_dir=directory
        )
        desk.enrollment.enroll(self.server.url, self.server.code(name), self.server.ca_pem, name)
        if sync:
            report = desk.sync.sync_now(None)
            assert report.online, report.message
        self.desks.append(desk)
        return desk

    def close(self) -> None:
        for desk in self.desks:
            desk.close()


def login(desk: Desk, login_id: str) -> StaffSession:
    return desk.auth.login(login_id, PASSWORDS[login_id])
