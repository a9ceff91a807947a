"""The register-wide decider gives exactly decide()'s answers, and birth ranges miss no one."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import fiscal_year_bounds, fiscal_year_of
from app.domain.eligibility import decide
from app.domain.programs import DEFAULT_PROGRAMS
from app.domain.targets import RegisterDecider, candidate_birth_ranges, relevant_screenings

FISCAL_YEAR = 2026
ON = date(2026, 6, 15)
CODES = list(DEFAULT_PROGRAMS)

days = st.dates(date(1900, 1, 1), date(2027, 3, 31))
near_days = st.dates(date(2023, 1, 1), date(2027, 12, 31))
periods = st.lists(
    st.tuples(near_days, st.one_of(st.none(), near_days)).map(
        lambda p: (p[0], p[1]) if p[1] is None or p[1] >= p[0] else (p[1], p[0])
    ),
    max_size=2,
)
residents = st.fixed_dictionaries(
    {
        "birth_date": days,
        "sex": st.sampled_from(["M", "F"]),
        "history": st.lists(st.tuples(st.sampled_from(CODES), near_days), max_size=4),
        "welfare": periods,
        "nhi": periods,
        "moved_in": st.one_of(st.none(), near_days),
        "moved_out": st.one_of(st.none(), near_days),
        "died": st.one_of(st.none(), near_days),
        "non_taxable": st.booleans(),
    }
)


def covers(periods: list[tuple[date, date | None]], day: date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in periods)


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def register_answer(decider: RegisterDecider, r: dict) -> dict[str, object]:
    history = frozenset((code, fiscal_year_of(day)) for code, day in r["history"])
    found = decider.eligible(
        r["birth_date"].isoformat(),
        r["sex"],
        history,
        covers(r["welfare"], ON),
        covers(r["nhi"], ON),
        iso(r["moved_in"]),
        iso(r["moved_out"]),
        iso(r["died"]),
        r["non_taxable"],
    )
    return {decider.chosen[index].code: decision for index, decision in found}


def decide_answer(r: dict) -> dict[str, object]:
    answers = {code: decide(code, FISCAL_YEAR, on=ON, **r) for code in CODES}
    return {code: decision for code, decision in answers.items() if decision.eligible}


@settings(max_examples=1500)
@given(st.lists(residents, min_size=1, max_size=6))
def test_the_register_decider_agrees_with_decide_for_every_resident(people: list[dict]) -> None:
    """One decider across several residents, so its memo is exercised, not just filled."""
    decider = RegisterDecider(CODES, FISCAL_YEAR, on=ON)
    for resident in people + people:
        assert register_answer(decider, resident) == decide_answer(resident)


@settings(max_examples=1000)
@given(days, st.sampled_from(["M", "F"]), st.sampled_from(CODES))
def test_everyone_eligible_by_age_lies_inside_the_candidate_birth_ranges(
    birth: date, sex: str, code: str
) -> None:
    program = DEFAULT_PROGRAMS[code]
    first, last = fiscal_year_bounds(FISCAL_YEAR)
    for on in (first, ON, last):
        decision = decide(
            code,
            FISCAL_YEAR,
            birth_date=birth,
            sex=sex,
            on=on,
            welfare=[(on, None)],
            nhi=[(on, None)],
        )
        if decision.eligible:
            assert any(a <= birth <= b for a, b in candidate_birth_ranges(program, FISCAL_YEAR))


def test_milestone_ranges_are_narrow_bands_not_one_wide_span() -> None:
    ranges = candidate_birth_ranges(DEFAULT_PROGRAMS["periodontal"], FISCAL_YEAR)
    assert len(ranges) == 6
    assert sum((b - a).days for a, b in ranges) < 6 * 4 * 366


def test_the_stomach_rule_makes_last_years_endoscopy_relevant() -> None:
    pairs = relevant_screenings(DEFAULT_PROGRAMS["stomach_xray"], 2026, DEFAULT_PROGRAMS)
    assert ("stomach_endo", 2025) in pairs and ("stomach_xray", 2025) not in pairs
    breast = relevant_screenings(DEFAULT_PROGRAMS["breast"], 2026, DEFAULT_PROGRAMS)
    assert breast == {("breast", 2026), ("breast", 2025)}


def test_a_class_is_decided_once_however_many_residents_share_it() -> None:
    decider = RegisterDecider(["colorectal"], FISCAL_YEAR, on=ON)
    for offset in range(365):  # one fiscal year's births share their ages
        birth = (date(1960, 4, 2) + timedelta(days=offset)).isoformat()
        decider.eligible(birth, "M", frozenset(), False, False, None, None, None, False)
    assert decider.distinct_cases <= 2
