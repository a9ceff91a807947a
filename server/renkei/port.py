"""Where messages to and from the 中間サーバー go: the spool, a folder on the server only.

The city's システム連携基盤 (or, in the tests and the demo, the simulator) takes what is in
`outbox/` and puts answers into `inbox/`. A real connection replaces `SpoolPort` with another
`Port`; the service never touches a file itself. Files are written whole (a temporary name in
the same folder, then a rename) with mode 0600 in folders of mode 0700, and named so that
their order is the order they were written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SUFFIX = ".json"
PARTIAL = ".part"


@dataclass(frozen=True)
class Incoming:
    """One message waiting in the inbox: its name (to acknowledge it) and its bytes."""

    name: str
    raw: bytes


class Port(Protocol):
    def send(self, name: str, raw: bytes) -> None:
        """Hand one message over; the same name sent twice is the same message."""

    def receive(self) -> Iterator[Incoming]:
        """The messages waiting, oldest first."""

    def acknowledge(self, name: str) -> None:
        """The message is dealt with (stored or refused): it goes from the inbox."""


class SpoolPort:
    """Messages as files in `root/outbox` and `root/inbox`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outbox = root / "outbox"
        self.inbox = root / "inbox"
        for folder in (root, self.outbox, self.inbox):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.chmod(0o700)

    def send(self, name: str, raw: bytes) -> None:
        write_whole(self.outbox / (name + SUFFIX), raw)

    def receive(self) -> Iterator[Incoming]:
        for path in sorted(self.inbox.glob("*" + SUFFIX)):
            try:
                raw = path.read_bytes()
            except FileNotFoundError:  # taken by another exchange meanwhile
                continue
            yield Incoming(path.name, raw)

    def acknowledge(self, name: str) -> None:
        (self.inbox / name).unlink(missing_ok=True)


def write_whole(path: Path, raw: bytes) -> None:
    """`raw` in `path`, all or nothing: a reader never sees half a message."""
    partial = path.with_name(path.name + PARTIAL)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    partial.replace(path)
