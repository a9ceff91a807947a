"""A page's rows in canonical JSON, encoded as one list or cut from the body as sent."""

from __future__ import annotations

import json

from app.sync import wire

ROWS = [
    {"id": "b", "name": "山田 太郎", "kana": "ヤマダ タロウ", "born": "1950-04-01", "n": None},
    {"id": "a", "nested": {"z": 1, "a": [1, 2]}, "flag": True, "x": 1.5},
    {},
    {"id": "c", "odd": "},{ in a value", "list": [{"b": 1}, {"a": 2}]},
    {"id": "d", "quote": 'say "},{"', "ctrl": "\n\t\u2028"},
]


def test_rows_encoded_as_one_list_are_each_row_canonical_json() -> None:
    for rows in (ROWS, ROWS[:3], ROWS[2:3], [], [ROWS[0]] * 3):
        assert wire.canonical_rows(rows) == [wire.canonical_json(row) for row in rows]


def test_the_page_hash_is_the_sum_over_each_row_alone_in_any_order() -> None:
    assert wire.page_hash(ROWS) == wire.page_hash(list(reversed(ROWS)))
    assert wire.page_hash(ROWS) == wire.sum_hash(wire.canonical_json(row) for row in ROWS)
    assert wire.page_hash(ROWS) != wire.page_hash(ROWS[:-1])


def body(rows: list[dict[str, object]]) -> bytes:
    """A page as the server lays it out: its fields, then the rows, canonical, last."""
    head = json.dumps({"stream": "residents", "count": len(rows)}, separators=(",", ":"))
    return head[:-1].encode() + b',"rows":[' + b",".join(wire.canonical_rows(rows)) + b"]}"


def test_rows_as_sent_are_cut_from_a_body_laid_out_as_the_server_does() -> None:
    clean = ROWS[:3]
    assert wire.rows_as_sent(body(clean), len(clean)) == wire.canonical_rows(clean)
    assert wire.sum_hash(wire.rows_as_sent(body(clean), 3) or []) == wire.page_hash(clean)
    assert wire.rows_as_sent(body([]), 0) == []


def test_a_body_laid_out_otherwise_gives_no_rows_as_sent() -> None:
    assert wire.rows_as_sent(body(ROWS), len(ROWS)) is None  # a row holds `},{`
    assert wire.rows_as_sent(body(ROWS[:3]), 2) is None  # the count is not the rows'
    other = json.dumps({"rows": ROWS[:2], "count": 2}).encode()
    assert wire.rows_as_sent(other, 2) is None
