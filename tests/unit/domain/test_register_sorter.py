"""The register sorter (birth groups, facts in bulk, one outcome code a resident) gives every
program exactly the residents, fee exemptions and coupons that decide() gives one by one."""

from __future__ import annotations

from array import array
from collections import defaultdict
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import fiscal_year_of
from app.domain.eligibility import decide
from app.domain.programs import DEFAULT_PROGRAMS
from app.domain.targets import (
    NHI_ON,
    WELFARE_ON,
    BirthGroup,
    RegisterDecider,
    RegisterSorter,
    settled,
)

FISCAL_YEAR = 2026
ON = date(2026, 6, 15)
CODES = list(DEFAULT_PROGRAMS)

# A few shared birth days (so groups hold several residents, some with facts, some without),
# among them ones inside the NHI program's ages (men 50–74) and ones on the basis-day edges.
SHARED_DAYS = [
    date(1952, 4, 1),
    date(1952, 4, 2),
    date(1960, 3, 31),
    date(1966, 6, 15),
    date(1976, 4, 1),
    date(1976, 4, 2),
    date(1986, 4, 1),
    date(1996, 7, 7),
    date(2006, 4, 2),
]
near_days = st.dates(date(2023, 1, 1), date(2027, 12, 31))
periods = st.lists(
    st.tuples(near_days, st.one_of(st.none(), near_days)).map(
        lambda p: (p[0], p[1]) if p[1] is None or p[1] >= p[0] else (p[1], p[0])
    ),
    max_size=2,
)
residents = st.fixed_dictionaries(
    {
        "birth_date": st.one_of(
            st.sampled_from(SHARED_DAYS), st.dates(date(1900, 1, 1), date(2027, 3, 31))
        ),
        "sex": st.sampled_from(["M", "F"]),
        "history": st.lists(st.tuples(st.sampled_from(CODES), near_days), max_size=3),
        "welfare": periods,
        "nhi": periods,
        "moved_in": st.one_of(st.none(), st.none(), near_days),
        "moved_out": st.one_of(st.none(), st.none(), st.none(), near_days),
        "died": st.one_of(st.none(), st.none(), st.none(), near_days),
        "non_taxable": st.booleans(),
    }
)


def covers(periods: list[tuple[date, date | None]], day: date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in periods)


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def birth_groups(people: dict[str, dict]) -> list[BirthGroup]:
    """What the store's GROUPS_SQL returns: one group per birth day and sex, in order."""
    groups: dict[tuple[str, str], tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    on = ON.isoformat()
    for rid, r in people.items():
        taxed, non_taxable, moved = groups[(r["birth_date"].isoformat(), r["sex"])]
        moves = iso(r["moved_in"]), iso(r["moved_out"]), iso(r["died"])
        if settled(*moves, on):
            (non_taxable if r["non_taxable"] else taxed).append(rid)
        else:
            moved.append((rid, int(r["non_taxable"]), *moves))
    return [(birth, sex, *lists) for (birth, sex), lists in sorted(groups.items())]


def sorted_by_sorter(people: dict[str, dict]) -> RegisterSorter:
    sorter = RegisterSorter(RegisterDecider(CODES, FISCAL_YEAR, on=ON))
    sorter.mark([rid for rid, r in people.items() if covers(r["nhi"], ON)], NHI_ON)
    sorter.mark([rid for rid, r in people.items() if covers(r["welfare"], ON)], WELFARE_ON)
    for pair in sorter.pairs:
        screened = [
            rid
            for rid, r in people.items()
            for code, day in r["history"]
            if (code, fiscal_year_of(day)) == pair
        ]
        sorter.mark(screened, sorter.screened(pair))
    groups = birth_groups(people)
    half = len(groups) // 2
    seen = sorter.add(groups[:half]) + sorter.add(groups[half:])  # in two batches
    assert seen == len(people)
    return sorter


def one_by_one(people: dict[str, dict], code: str) -> tuple[list[str], int, int]:
    """(sorted ids, fee exempt, coupon) from decide() resident by resident."""
    decisions = {rid: decide(code, FISCAL_YEAR, on=ON, **r) for rid, r in people.items()}
    eligible = {rid: d for rid, d in decisions.items() if d.eligible}
    return (
        sorted(eligible),
        sum(d.fee_exempt for d in eligible.values()),
        sum(d.coupon for d in eligible.values()),
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(residents, min_size=1, max_size=40))
def test_the_sorter_agrees_with_decide_for_every_resident_and_program(people: list[dict]):
    register = {f"r{index:03d}": r for index, r in enumerate(people)}
    sorter = sorted_by_sorter(register)
    for index, program in enumerate(sorter.decider.chosen):
        ids, fee_exempt, coupon = one_by_one(register, program.code)
        assert sorted(sorter.ids(index)) == ids  # each eligible resident once, no one else
        assert sorter.count(index) == len(ids)
        assert (sorter.fee_exempt(index), sorter.coupon(index)) == (fee_exempt, coupon)


@settings(max_examples=500)
@given(
    st.one_of(st.none(), near_days),
    st.one_of(st.none(), near_days),
    st.one_of(st.none(), near_days),
)
def test_what_the_store_calls_settled_has_no_move_the_rules_read(moved_in, moved_out, died):
    decider = RegisterDecider(CODES, FISCAL_YEAR, on=ON)
    moves = iso(moved_in), iso(moved_out), iso(died)
    if settled(*moves, ON.isoformat()):
        assert decider.relevant_moves(*moves) is None


def test_two_byte_codes_give_the_same_ids_and_counts() -> None:
    """Past 255 outcomes the codes widen to two bytes; reading them must not change."""
    people = {
        f"r{i}": {
            "birth_date": date(1940 + i % 60, 1 + i % 12, 1 + i % 28),
            "sex": "MF"[i % 2],
            "history": [],
            "welfare": [],
            "nhi": [(date(2020, 1, 1), None)] if i % 3 == 0 else [],
            "moved_in": None,
            "moved_out": None,
            "died": None,
            "non_taxable": i % 5 == 0,
        }
        for i in range(300)
    }
    sorter = sorted_by_sorter(people)
    narrow = [(sorted(sorter.ids(i)), sorter.count(i)) for i in range(len(CODES))]
    assert isinstance(sorter.codes, bytearray)
    sorter._widen()
    assert isinstance(sorter.codes, array) and sorter.codes.itemsize == 2
    assert [(sorted(sorter.ids(i)), sorter.count(i)) for i in range(len(CODES))] == narrow
    assert sum(count for _, count in narrow) > 300
