"""The write-ahead log left by a crash: a damaged frame must not silently drop committed work.

SQLite reads the WAL up to the first frame whose salts or running checksum do not match and
treats the rest as a torn tail: a single flipped byte there makes every later transaction
vanish without a word (the SQLCipher page HMACs are never consulted for frames past that
point). A power cut can only tear the last transaction, the one whose commit was not yet
synced; every earlier commit was fsynced (synchronous=FULL) before the next transaction began.
So if, past the point where SQLite stops, there are still two intact commit frames of the same
WAL generation, a transaction that had been committed and synced would be lost: the file was
damaged or tampered with, and the store is refused. Damage to the last transaction alone looks
exactly like a torn write and cannot be told apart from one.
"""

from __future__ import annotations

import mmap
import os
import struct
from pathlib import Path

WAL_HEADER = 32
FRAME_HEADER = 24
MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # the low bit: checksums big-endian
WAL_VERSION = 3007000


def _checksum(data: bytes | memoryview, order: str, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum (walChecksumBytes) over `data`, continuing from (s0, s1)."""
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


class _Log:
    """The WAL's frames read in place (memory-mapped): a crash mid-snapshot can leave a log of
    a gigabyte or more, and only its committed part needs its checksums computed."""

    def __init__(self, wal: mmap.mmap | bytes, page_size: int) -> None:
        self.wal = memoryview(wal)
        self.page_size = page_size
        self.frame_size = FRAME_HEADER + page_size
        self.frames = (len(wal) - WAL_HEADER) // self.frame_size

    def header(self, index: int) -> tuple[int, ...]:
        start = WAL_HEADER + index * self.frame_size
        return struct.unpack(">6I", self.wal[start : start + FRAME_HEADER])

    def intact(self, index: int, order: str, salts: tuple[int, int], sums: tuple[int, int]) -> bool:
        """Frame `index` as SQLite checks it, against the previous frame's stored sums: each
        frame is judged on its own, so a damaged frame spoils only itself."""
        pgno, _commit, salt1, salt2, c0, c1 = self.header(index)
        if pgno == 0 or (salt1, salt2) != salts:
            return False
        start = WAL_HEADER + index * self.frame_size
        s0, s1 = _checksum(self.wal[start : start + 8], order, *sums)
        body = self.wal[start + FRAME_HEADER : start + self.frame_size]
        return _checksum(body, order, s0, s1) == (c0, c1)


def _lost_commits(log: _Log, order: str) -> int:
    """Intact commit frames after the first frame SQLite would reject, with this byte order;
    counting stops at two, which is enough to refuse the store."""
    magic, version, size, _, salt1, salt2, c0, c1 = struct.unpack(">8I", log.wal[:WAL_HEADER])
    header_ok = (
        MAGIC.get(magic) == order
        and version == WAL_VERSION
        and size == log.page_size
        and _checksum(log.wal[:24], order, 0, 0) == (c0, c1)
    )
    if not header_ok:  # SQLite ignores the whole log; the frames still name their generation
        salt1, salt2 = log.header(0)[2:4]
    salts = (salt1, salt2)
    headers = [log.header(index) for index in range(log.frames)]
    # Only headers are read to find the commits of this generation. Committed work can be lost
    # only if the break comes before the last commit but one, so checksums run that far at most.
    commits = [i for i, h in enumerate(headers) if h[1] and (h[2], h[3]) == salts and h[0]]
    if len(commits) < 2:
        return 0
    sums = [(c0, c1)] + [(h[4], h[5]) for h in headers]  # sums[i]: what frame i continues
    broken = 0 if not header_ok else None
    if broken is None:
        for index in range(commits[-2] + 1):
            if not log.intact(index, order, salts, sums[index]):
                broken = index
                break
    if broken is None:
        return 0
    lost = 0
    for index in commits:
        if index > broken and log.intact(index, order, salts, sums[index]):
            lost += 1
            if lost == 2:
                break
    return lost


def _orders(log: _Log) -> tuple[str, ...]:
    """The byte order the magic number names, when the header's own checksum agrees; both
    otherwise (a flipped low bit of the magic number names the wrong one)."""
    magic, _, _, _, _, _, c0, c1 = struct.unpack(">8I", log.wal[:WAL_HEADER])
    order = MAGIC.get(magic)
    if order is not None and _checksum(log.wal[:24], order, 0, 0) == (c0, c1):
        return (order,)
    return ("<", ">")


def check_wal(path: Path, page_size: int) -> str | None:
    """Why the store's WAL (if any) hides committed work SQLite would drop; None if it is fine."""
    wal_path = path.with_name(path.name + "-wal")
    try:
        handle = wal_path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size < WAL_HEADER + FRAME_HEADER + page_size:
            return None
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            header = bytes(mapped[:WAL_HEADER])
            log = _Log(mapped, page_size)
            try:
                lost = max(_lost_commits(log, order) for order in _orders(log))
            finally:
                log.wal.release()
            # A desk already running on this store may have restarted its log meanwhile
            # (new salts in the header, frames rewritten from the start): what was read is
            # not one log, and a live log is not a crash's leftover. Nothing to judge.
            restarted = bytes(mapped[:WAL_HEADER]) != header
    if lost >= 2 and not restarted:
        return "-wal ファイルの途中が壊れており、開くと確定済みの更新が失われます"
    return None
