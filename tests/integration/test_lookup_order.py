"""The lookup's list against a plain scan of the register: which residents, in which order, with
which facts, whatever filter is set; and the plan that keeps a search fast on a large register."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain import wareki
from app.services.lookup_dto import ResidentRow
from app.services.lookup_service import MAX_ROWS, row_of
from app.store.resident_repository import _list_query, _parameters
from tests.support import SettableClock, login, make_desk

NAMESAKES = 240  # one kana name, more than a page of results on its own
SAME_DAY = 3  # of them born the same day


@dataclass(frozen=True)
class Stored:
    row: ResidentRow
    kana_key: str


@pytest.fixture
def register(tmp_path: Path, clock: SettableClock) -> Iterator[Desk]:
    """1,500 synthetic residents and NAMESAKES more who share one kana (SAME_DAY of them one
    birth day as well), so that a kana fills more than a page and namesakes need an order."""
    desk = make_desk(tmp_path / "data", residents=1500, clock=clock)
    with desk.engine.begin() as connection:
        model = connection.execute(text("SELECT * FROM residents LIMIT 1")).mappings().one()
        for n in range(NAMESAKES):
            born = date(1950, 1, 1) + timedelta(days=0 if n < SAME_DAY else n * 37)
            values = dict(model) | {
                "id": f"namesake-{(n * 7919) % NAMESAKES:04d}",  # ids not in insertion order
                "register_no": f"9{n:09d}",
                "my_number": None,
                "birth_date": born.isoformat(),
                "kana": "ミョウジン ハナコ",
                "kana_key": "ミョウジンハナコ",
                "sex": "MF"[n % 2],
            }
            columns = ", ".join(values)
            marks = ", ".join(f":{name}" for name in values)
            connection.execute(text(f"INSERT INTO residents ({columns}) VALUES ({marks})"), values)  # noqa: S608
    yield desk
    desk.close()


def stored(desk: Desk) -> list[Stored]:
    """Every resident as the list would show them, read plainly through the ORM."""
    with desk.engine.connect() as connection:
        ids = [row[0] for row in connection.execute(text("SELECT id FROM residents"))]
    with desk.lookup._uow(read_only=True) as uow:
        residents = [uow.residents.get(resident_id) for resident_id in ids]
        return [Stored(row_of(r), r.kana_key) for r in residents if r is not None]


def kana_order(resident: Stored) -> tuple[str, date, str]:
    return resident.kana_key, resident.row.birth_date, resident.row.id


Filter = Callable[[Stored], bool]
FILTERS: dict[str, tuple[dict[str, object], Filter]] = {
    "none": ({}, lambda r: True),
    "women": ({"sex": "F"}, lambda r: r.row.sex == "F"),
    "one ward": ({"ward": "南区"}, lambda r: r.row.ward == "南区"),
    "born 1950-1979": (
        {"born_from": date(1950, 1, 1), "born_to": date(1979, 12, 31)},
        lambda r: date(1950, 1, 1) <= r.row.birth_date <= date(1979, 12, 31),
    ),
}


@pytest.mark.parametrize("name", FILTERS)
def test_a_kana_search_lists_what_a_plain_scan_finds_in_kana_then_birth_date_order(
    register: Desk, name: str
) -> None:
    clerk = login(register, "clerk1")
    everyone = stored(register)
    criteria, keep = FILTERS[name]
    prefixes = ["ミョウ", "ヤマ", "イ", "サ", "フジ", "ナカ"] + [
        r.kana_key[:3] for r in everyone[::97]
    ]
    for prefix in prefixes:
        expected = sorted(
            (r for r in everyone if r.kana_key.startswith(prefix) and keep(r)), key=kana_order
        )
        typed = "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in prefix)
        result = register.lookup.search(clerk, text=typed, **criteria)  # type: ignore[arg-type]
        assert list(result.rows) == [r.row for r in expected[:MAX_ROWS]], prefix
        assert result.truncated == (len(expected) > MAX_ROWS), prefix
        assert result.kind == "kana"


@pytest.mark.parametrize("name", FILTERS)
def test_a_birth_date_search_lists_that_day_in_kana_order(register: Desk, name: str) -> None:
    clerk = login(register, "clerk1")
    everyone = stored(register)
    criteria, keep = FILTERS[name]
    days = {date(1950, 1, 1)} | {r.row.birth_date for r in everyone[::53]}
    for day in sorted(days):
        expected = sorted(
            (r for r in everyone if r.row.birth_date == day and keep(r)),
            key=lambda r: (r.kana_key, r.row.id),
        )
        result = register.lookup.search(clerk, text=wareki.format_date(day), **criteria)  # type: ignore[arg-type]
        assert list(result.rows) == [r.row for r in expected], day


def test_namesakes_born_the_same_day_come_in_one_order_every_time(register: Desk) -> None:
    clerk = login(register, "clerk1")
    first = register.lookup.search(clerk, text="ミョウジンハナコ").rows
    same_day = [row for row in first if row.birth_date == date(1950, 1, 1)]
    assert len(same_day) == SAME_DAY
    assert [row.id for row in same_day] == sorted(row.id for row in same_day)
    for _ in range(3):
        assert register.lookup.search(clerk, text="みょうじんはなこ").rows == first


def test_the_list_rows_are_the_orm_search_read_plainly(register: Desk) -> None:
    """The fast path (plain rows) against the ORM search the other services still use."""
    cases: list[dict[str, object]] = [
        {"kana_prefix": "ミョウジン"},
        {"kana_prefix": "ヤ", "sex": "M", "ward": "北区"},
        {"kana_prefix": "サ", "born_from": date(1960, 1, 1)},
        {"birth_date": date(1950, 1, 1)},
        {"birth_date": date(1950, 1, 1), "sex": "F"},
        {"kana_prefix": "ミョウジンハナコ", "birth_date": date(1950, 1, 1), "sex": "M"},
        {"register_no": "9000000007"},
    ]
    with register.lookup._uow(read_only=True) as uow:
        for criteria in cases:
            for limit in (1, 10, MAX_ROWS + 1):
                fast = uow.residents.search_rows(**criteria, limit=limit)  # type: ignore[arg-type]
                plain = uow.residents.search(**criteria, limit=limit)  # type: ignore[arg-type]
                assert [ResidentRow(*values) for values in fast] == [row_of(r) for r in plain]
                assert fast, criteria


def plan(desk: Desk, criteria: dict[str, object]) -> list[str]:
    statement = _list_query(frozenset(criteria)).compile(dialect=desk.engine.dialect)
    values = statement.construct_params(_parameters(criteria, MAX_ROWS + 1))
    ordered = [values[name] for name in statement.positiontup or ()]
    bound = tuple(v.isoformat() if isinstance(v, date) else v for v in ordered)
    with desk.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", bound)
        return [str(row[3]) for row in rows]


@pytest.mark.parametrize(
    "criteria",
    [
        {"kana_prefix": "ヤマ"},
        {"kana_prefix": "ヤマ", "sex": "F"},
        {"kana_prefix": "ヤマ", "ward": "南区"},
        {"kana_prefix": "ヤマ", "sex": "F", "ward": "南区"},
        {"kana_prefix": "ヤマ", "born_from": date(1950, 1, 1), "born_to": date(1960, 1, 1)},
    ],
    ids=lambda criteria: "+".join(criteria),
)
def test_a_kana_search_reads_only_the_covering_index_and_sorts_nothing(
    register: Desk, criteria: dict[str, object]
) -> None:
    """On 1.6 million residents a sort, a table page per row or the ward's index (a seventh of
    the register) turns 1 ms into 10 ms or a whole second: the plan must not change."""
    assert plan(register, criteria) == [
        "SEARCH residents USING COVERING INDEX ix_residents_lookup (kana_key>? AND kana_key<?)"
    ]
