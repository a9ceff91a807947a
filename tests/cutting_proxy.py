"""A TCP proxy on loopback that cuts connections where a test says: the network failing at
every step of a pull or a push. TLS passes through untouched (the pinned CA still applies)."""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass

LINGER_RESET = struct.pack("ii", 1, 0)  # close with RST, as a dead network would


@dataclass
class Cut:
    """Cut the next connection after this many bytes upstream (request) or downstream."""

    up: int | None = None
    down: int | None = None


class CuttingProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._cuts: list[Cut] = []
        self._lock = threading.Lock()
        self.connections = 0
        self.cuts_made = 0
        self.traffic: list[tuple[int, int]] = []  # (bytes up, bytes down) of each finished one
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def cut_next(self, *, up: int | None = None, down: int | None = None) -> None:
        with self._lock:
            self._cuts.append(Cut(up, down))

    def close(self) -> None:
        self._stopping = True
        self._listener.close()

    def _serve(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                cut = self._cuts.pop(0) if self._cuts else Cut()
                self.connections += 1
            threading.Thread(target=self._relay, args=(client, cut), daemon=True).start()

    def _relay(self, client: socket.socket, cut: Cut) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        done = threading.Event()
        counts = [0, 0]

        def pump(source: socket.socket, sink: socket.socket, limit: int | None, side: int) -> None:
            sent = 0
            try:
                while True:
                    data = source.recv(65536)
                    if not data:
                        break
                    if limit is not None and sent + len(data) >= limit:
                        sink.sendall(data[: max(0, limit - sent)])
                        with self._lock:
                            self.cuts_made += 1
                        break
                    sink.sendall(data)
                    sent += len(data)
                    counts[side] = sent
            except OSError:
                pass
            finally:
                done.set()

        threads = [
            threading.Thread(target=pump, args=(client, upstream, cut.up, 0), daemon=True),
            threading.Thread(target=pump, args=(upstream, client, cut.down, 1), daemon=True),
        ]
        for thread in threads:
            thread.start()
        done.wait()
        with self._lock:
            self.traffic.append((counts[0], counts[1]))
        # One side ended or was cut: drop both, hard (RST), as a dead network would.
        for sock in (client, upstream):
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
                sock.close()
            except OSError:
                pass
