"""The wire's pure helpers: canonical JSON, content and page hashes, opaque cursors.

Shared by the workstation and the server through app.sync.wire (which re-exports them).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

__all__ = [
    "canonical_json",
    "canonical_rows",
    "content_hash",
    "decode_cursor",
    "encode_cursor",
    "page_hash",
    "rows_as_sent",
    "scope_hash",
    "sum_hash",
]

MAX_SEQ = 2**63 - 1  # the largest BIGINT: change-log and audit sequence numbers stay below
HASH_MODULUS = 1 << 128
# json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str),
# built once: json.dumps builds an encoder on every call, a large share of a small row's cost.
_CANONICAL = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str
)


def canonical_json(value: Any) -> bytes:
    return _CANONICAL.encode(value).encode("utf-8")


def canonical_rows(rows: Sequence[Mapping[str, Any]]) -> list[bytes]:
    """`canonical_json` of each row (dicts), from one encoding of the whole list.

    The list encodes as `[` + the rows joined by `,` + `]`, so cutting it at each `},{` gives
    the rows back exactly when there are as many cuts as rows (a row's own text can only add
    cuts: a boundary's `},{` cannot overlap another). When a row's text holds `},{` itself,
    each row is encoded alone.
    """
    if not rows or not all(type(row) is dict for row in rows):
        return [canonical_json(row) for row in rows]
    whole = canonical_json(rows)
    parts = whole[2:-2].split(b"},{")
    if len(parts) != len(rows):
        return [canonical_json(row) for row in rows]
    return [b"{" + part + b"}" for part in parts]


def rows_as_sent(body: bytes, count: int) -> list[bytes] | None:
    """Each row's bytes in a page body that ends with its `rows` array (`…,"rows":[…]}`, as
    the server lays a page out), cut as `canonical_rows` cuts; None when the body is laid out
    otherwise. The rows' hash can then be checked on the bytes as sent, not encoded again."""
    start = body.find(b',"rows":[')  # `,"` never occurs inside a JSON string
    if start < 0 or not body.endswith(b"]}"):
        return None
    inner = body[start + 9 : -2]
    if not count:
        return [] if not inner else None
    if inner[:1] != b"{" or inner[-1:] != b"}":
        return None
    parts = inner[1:-1].split(b"},{")
    if len(parts) != count:
        return None
    return [b"{" + part + b"}" for part in parts]


def sum_hash(encoded: Iterable[bytes]) -> str:
    """The page hash of rows already in canonical JSON."""
    sha256 = hashlib.sha256
    total = sum(int.from_bytes(sha256(raw).digest()[:16]) for raw in encoded)
    return f"{total % HASH_MODULUS:032x}"


def content_hash(data: Mapping[str, Any]) -> str:
    """The hash that decides `already_applied` versus `conflict` for the same id."""
    return hashlib.sha256(canonical_json(dict(data))).hexdigest()


def page_hash(rows: Iterable[Any]) -> str:
    """Order-independent: the sum mod 2**128 of each row's SHA-256 prefix (rows as dicts)."""
    values = [row.model_dump(mode="json") if isinstance(row, BaseModel) else row for row in rows]
    return sum_hash(canonical_rows(values))


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
