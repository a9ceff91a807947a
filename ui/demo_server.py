"""The demo's embedded central server: a child process on loopback with its own CA.

`healthdesk demo` starts `healthdesk-server --demo` beside the desk (SQLite in the demo folder,
TLS with a CA it makes itself, the synthetic register seeded), waits for its ready file,
enrolls the desk with one of the one-time codes it printed there, and stops it on exit.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app.domain.errors import KenshinError
from ui.i18n import t

READY_TIMEOUT_S = 300.0
# The built app (PyInstaller) has no interpreter for `-m server.cli`; it starts itself again with
# this first argument, which its entry point (kenshin_desk.py) hands to the demo server.
FROZEN_SERVER_COMMAND = "demo-server"


@dataclass(frozen=True)
class DemoServerInfo:
    url: str
    ca_pem: str
    codes: tuple[str, ...]


def free_port(preferred: int = 0) -> int:
    """`preferred` when it is free (the demo desk remembers its server's address), else any."""
    for port in (preferred, 0) if preferred else (0,):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise OSError("no free port")


class DemoServer:
    """Context manager: the running demo server, stopped (and waited for) on exit."""

    def __init__(self, server_dir: Path, *, residents: int) -> None:
        self.server_dir = server_dir
        self.residents = residents
        self.ready_file = server_dir / "ready.json"
        self.port_file = server_dir / "port"
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> DemoServerInfo:
        self.server_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileNotFoundError):
            self.ready_file.unlink()
        port = free_port(self._remembered_port())
        self.port_file.write_text(str(port), encoding="ascii")
        frozen = getattr(sys, "frozen", False)
        server = [FROZEN_SERVER_COMMAND] if frozen else ["-m", "server.cli", "--demo"]
        command = [
            sys.executable,
            *server,
            "--port",
            str(port),
            "--data-dir",
            str(self.server_dir),
            "--ready-file",
            str(self.ready_file),
            "--residents",
            str(self.residents),
        ]
        log = (self.server_dir / "server.log").open("ab")
        # A frozen child is a new instance of the app, not a helper of this one (PyInstaller).
        env = {**os.environ, **({"PYINSTALLER_RESET_ENVIRONMENT": "1"} if frozen else {})}
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, stdout=log, stderr=subprocess.STDOUT, env=env
        )
        log.close()
        return self._wait_ready()

    def _remembered_port(self) -> int:
        try:
            return int(self.port_file.read_text(encoding="ascii"))
        except (OSError, ValueError):
            return 0

    def _wait_ready(self) -> DemoServerInfo:
        assert self._process is not None
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise KenshinError(
                    t("デモ用サーバーが起動できませんでした。記録: {log}").format(
                        log=self.server_dir / "server.log"
                    )
                )
            if self.ready_file.exists():
                try:
                    data = json.loads(self.ready_file.read_text(encoding="utf-8"))
                    return DemoServerInfo(data["url"], data["ca_pem"], tuple(data["codes"]))
                except (ValueError, KeyError):
                    pass  # still being written
            time.sleep(0.2)
        self.stop()
        raise KenshinError(t("デモ用サーバーの起動を待ちましたが、応答がありませんでした。"))

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
