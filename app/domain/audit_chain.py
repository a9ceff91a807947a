"""The audit hash chain: how an event's hash is made, and how a chain is verified."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "seq", "id", "at", "staff_id", "workstation", "action",
    "record_kind", "record_id", "outcome", "detail",
)  # fmt: skip


def event_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 over 0x00, the canonical JSON of the chained fields, and the previous hash."""
    canonical = json.dumps(
        {name: fields[name] for name in CHAINED_FIELDS},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    payload = b"\x00" + canonical.encode("utf-8") + prev_hash.encode("ascii")
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """The verdict on a chain: ok, or the first seq where it breaks and why (Japanese)."""

    ok: bool
    events: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify_chain(
    events: Iterable[Mapping[str, Any]], head: tuple[int, str] | None = None
) -> ChainReport:
    """Walk events in stored order: dense seqs from 1, each linked to and hashing as expected.

    `head` is the last (seq, hash) recorded elsewhere; a chain that stops short of it, or ends
    on another hash, was truncated or rolled back.
    """
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for event in events:
        count += 1
        seq = int(event["seq"])
        if seq != expected_seq:
            missing = min(seq, expected_seq)
            problem = f"連番 {expected_seq} の位置に {seq} があります"
            return ChainReport(False, count, missing, problem)
        if event["prev_hash"] != prev_hash:
            return ChainReport(False, count, seq, "直前の記録とのつながりが一致しません")
        if event_hash(event, prev_hash) != event["hash"]:
            return ChainReport(False, count, seq, "記録の内容がハッシュと一致しません")
        prev_hash, expected_seq = event["hash"], seq + 1
    last_seq = expected_seq - 1
    if head is not None and (head[0] != last_seq or head[1] != prev_hash):
        if head[0] > last_seq:
            problem = f"連番 {last_seq + 1} 以降が失われています"
            return ChainReport(False, count, last_seq + 1, problem)
        return ChainReport(False, count, min(head[0], last_seq) or 1, "記録の末尾が一致しません")
    return ChainReport(True, count)
