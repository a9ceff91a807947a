"""A TCP proxy on loopback that cuts connections where a test says: the network failing at
every step of a pull or a push. TLS passes through untouched (the pinned CA still applies).

Each connection's traffic is kept as a `Conversation`: the bytes each way and the order in
which they came, so a test can measure a clean exchange and then cut the same exchange in its
handshake, in a request or in a response. A cut can also *hold* the connection at its offset
(nothing more passes that way) until the test drops it: the server's process can then be
stopped while a push is in flight.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field

LINGER_RESET = struct.pack("ii", 1, 0)  # close with RST, as a dead network would
UP, DOWN = 0, 1  # towards the server (requests), towards the client (responses)


@dataclass
class Cut:
    """Cut the next connection after this many bytes upstream (request) or downstream.

    The server's first flight (ServerHello to Finished) varies by a byte or two from one
    handshake to the next (an ECDSA signature's length), so a cut in a response is best given
    `after_flight`: its offset then counts from the end of that flight, and is exact.
    With `hold`, the bytes up to the offset pass and the connection then stays open, with
    nothing more passing that way, until `drop_all()` (or the server's end closes).
    """

    up: int | None = None
    down: int | None = None
    hold: bool = False
    after_flight: bool = False  # `down` counts from the end of the server's first TLS flight


@dataclass(frozen=True)
class Burst:
    """Bytes one way with nothing the other way in between: a handshake flight, a request, a
    response (as far as the proxy can tell; TLS hides the rest). Offsets count that way."""

    side: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass
class Conversation:
    """One connection through the proxy: the chunks as they came, each (side, end offset)."""

    cut: Cut
    chunks: list[tuple[int, int]] = field(default_factory=list)
    sent: list[int] = field(default_factory=lambda: [0, 0])
    flight_end: int | None = None  # bytes down when the client first answered the server
    was_cut: bool = False
    finished: bool = False

    @property
    def up(self) -> int:
        return self.sent[UP]

    @property
    def down(self) -> int:
        return self.sent[DOWN]

    def after_flight(self, down: int) -> int:
        """A downstream offset of this conversation as Cut(after_flight=True) counts it."""
        assert self.flight_end is not None
        return down - self.flight_end

    def limit(self, side: int) -> int | None:
        """Where the cut falls on this side, once that is known."""
        if side == UP:
            return self.cut.up
        if self.cut.down is None or not self.cut.after_flight:
            return self.cut.down
        return None if self.flight_end is None else self.flight_end + self.cut.down

    def bursts(self) -> list[Burst]:
        found: list[Burst] = []
        starts = [0, 0]
        for side, end in self.chunks:
            if found and found[-1].side == side:
                found[-1] = Burst(side, found[-1].start, end)
            else:
                found.append(Burst(side, starts[side], end))
            starts[side] = end
        return found


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
        self.conversations: list[Conversation] = []  # every connection, in the order accepted
        self.held = threading.Event()  # set when a holding cut reached its offset
        self._live: set[socket.socket] = set()
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def cut_next(
        self, *, up: int | None = None, down: int | None = None, after_flight: bool = False
    ) -> None:
        with self._lock:
            self._cuts.append(Cut(up, down, after_flight=after_flight))

    def hold_next(
        self, *, up: int | None = None, down: int | None = None, after_flight: bool = False
    ) -> None:
        """Let the next connection pass this many bytes, then hold it (see Cut.hold)."""
        with self._lock:
            self.held.clear()
            self._cuts.append(Cut(up, down, hold=True, after_flight=after_flight))

    def pending_cuts(self) -> int:
        with self._lock:
            return len(self._cuts)

    def drop_all(self) -> None:
        """Reset every open connection, as a dead network would (keep-alive ones included)."""
        with self._lock:
            live, self._live = list(self._live), set()
        for sock in live:
            _reset(sock)

    def close(self) -> None:
        self._stopping = True
        self._listener.close()
        self.drop_all()

    def _serve(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                cut = self._cuts.pop(0) if self._cuts else Cut()
                self.connections += 1
                conversation = Conversation(cut)
                self.conversations.append(conversation)
            threading.Thread(target=self._relay, args=(client, conversation), daemon=True).start()

    def _relay(self, client: socket.socket, conversation: Conversation) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            conversation.finished = True
            _reset(client)
            return
        for sock in (client, upstream):  # relay each write at once, as a router would
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._live.update((client, upstream))
        done = threading.Event()
        threads = [
            threading.Thread(
                target=self._pump, args=(conversation, client, upstream, UP, done), daemon=True
            ),
            threading.Thread(
                target=self._pump, args=(conversation, upstream, client, DOWN, done), daemon=True
            ),
        ]
        for thread in threads:
            thread.start()
        done.wait()
        if conversation.cut.hold and conversation.was_cut:
            # Held: the connection stays open until drop_all() resets it (or the server's end
            # goes, which ends the other pump).
            for thread in threads:
                thread.join()
        with self._lock:
            self.traffic.append((conversation.up, conversation.down))
            conversation.finished = True
            self._live.discard(client)
            self._live.discard(upstream)
        # One side ended or was cut: drop both, hard (RST), as a dead network would.
        for sock in (client, upstream):
            _reset(sock)

    def _pump(
        self,
        conversation: Conversation,
        source: socket.socket,
        sink: socket.socket,
        side: int,
        done: threading.Event,
    ) -> None:
        """Bytes one way until that side ends or the cut; `done` is set either way."""
        sent = 0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                # Noted before it passes on: the answer it causes comes after.
                with self._lock:
                    if side == UP and conversation.flight_end is None and conversation.down:
                        conversation.flight_end = conversation.down
                    limit = conversation.limit(side)
                if limit is not None and sent + len(data) >= limit:
                    part = data[: max(0, limit - sent)]
                    self._note(conversation, side, sent + len(part))
                    sink.sendall(part)
                    with self._lock:
                        self.cuts_made += 1
                        conversation.was_cut = True
                    if conversation.cut.hold:
                        self.held.set()
                        done.wait()  # nothing more passes this way until the end
                    break
                sent += len(data)
                self._note(conversation, side, sent)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            done.set()

    def _note(self, conversation: Conversation, side: int, sent: int) -> None:
        with self._lock:
            if sent > conversation.sent[side]:
                conversation.chunks.append((side, sent))
                conversation.sent[side] = sent


def _reset(sock: socket.socket) -> None:
    """RST now. SHUT_RD first wakes the other pump's recv() on this socket: a socket a thread
    is blocked on is not really closed (and its peer not told) until that call returns."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        sock.shutdown(socket.SHUT_RD)
    with contextlib.suppress(OSError):
        sock.close()
