"""The wire's pure helpers: canonical JSON, content and page hashes, opaque cursors.

Shared by the workstation and the server through app.sync.wire (which re-exports them).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

__all__ = [
    "canonical_json",
    "content_hash",
    "decode_cursor",
    "encode_cursor",
    "page_hash",
    "scope_hash",
]

MAX_SEQ = 2**63 - 1  # the largest BIGINT: change-log and audit sequence numbers stay below


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str
    ).encode("utf-8")


def content_hash(data: Mapping[str, Any]) -> str:
    """The hash that decides `already_applied` versus `conflict` for the same id."""
    return hashlib.sha256(canonical_json(dict(data))).hexdigest()


def page_hash(rows: Iterable[Any]) -> str:
    """Order-independent: the sum mod 2**128 of each row's SHA-256 prefix (rows as dicts)."""
    total = 0
    for row in rows:
        value = row.model_dump(mode="json") if isinstance(row, BaseModel) else row
        total = (total + int.from_bytes(hashlib.sha256(canonical_json(value)).digest()[:16])) % (
            1 << 128
        )
    return f"{total:032x}"


def encode_cursor(stream: str, scope_hash: str, seq: int) -> str:
    raw = canonical_json({"stream": stream, "scope": scope_hash, "seq": seq})
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str, int]:
    """Raises ValueError on anything that is not a cursor this server made."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        stream, scope, seq = str(value["stream"]), str(value["scope"]), int(value["seq"])
    except (ValueError, KeyError, TypeError, OverflowError) as exc:  # Overflow: seq Infinity
        raise ValueError("not a cursor") from exc
    if not 0 <= seq <= MAX_SEQ:  # a forged seq that no database integer holds
        raise ValueError("not a cursor")
    return stream, scope, seq


def scope_hash(ward: str | None) -> str:
    return hashlib.sha256(canonical_json({"ward": ward})).hexdigest()[:16]
