"""Eligibility follows DOMAIN.md: age, sex, residence, welfare, NHI and fiscal-year intervals."""

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.calendar import CalendarError, age_at_fiscal_year_end, fiscal_year_of
from app.domain.eligibility import Decision, EligibilityInputError, Reason, decide
from app.domain.programs import DEFAULT_PROGRAMS, AgeBasis, Program, UnknownProgramError, get

FY = 2025
ON = date(2025, 6, 2)
BORN_55 = date(1970, 5, 10)
OPEN = None
MILESTONES = [
    (code, age) for code in ("periodontal", "osteoporosis") for age in get(code).milestone_ages
]


def _decide(code: str, *, birth_date: date = BORN_55, sex: str = "F", **kwargs: Any) -> Decision:
    kwargs.setdefault("on", ON)
    return decide(code, kwargs.pop("fiscal_year", FY), birth_date=birth_date, sex=sex, **kwargs)


@pytest.mark.parametrize(
    ("code", "sex", "extra"),
    [
        ("stomach_xray", "M", {}),
        ("stomach_endo", "F", {}),
        ("lung", "M", {}),
        ("colorectal", "F", {}),
        ("breast", "F", {}),
        ("cervical", "F", {}),
        ("prostate_psa", "M", {"nhi": [(date(2020, 4, 1), OPEN)]}),
        ("welfare_checkup", "F", {"welfare": [(date(2024, 1, 1), OPEN)]}),
    ],
)
def test_a_resident_of_55_is_eligible_for_each_program_meant_for_them(
    code: str, sex: str, extra: dict[str, Any]
) -> None:
    decision = _decide(code, sex=sex, **extra)
    assert decision.eligible
    assert decision.reason == "eligible"
    assert decision.message.startswith("対象です")


@pytest.mark.parametrize("code", ["periodontal", "osteoporosis"])
@pytest.mark.parametrize("milestone", [20, 30, 40, 45, 50, 55, 60, 65, 70])
def test_milestone_programs_need_the_exact_age_at_fiscal_year_end(
    code: str, milestone: int
) -> None:
    decision = _decide(code, birth_date=date(FY - milestone, 6, 1))
    offered = milestone in get(code).milestone_ages
    assert decision.eligible is offered
    if not offered:
        assert decision.reason in {Reason.NOT_MILESTONE_AGE, Reason.TOO_YOUNG}


@pytest.mark.parametrize(("code", "milestone"), MILESTONES)
def test_born_on_1_april_belongs_to_the_earlier_milestone_fiscal_year(
    code: str, milestone: int
) -> None:
    born = date(FY + 1 - milestone, 4, 1)
    assert _decide(code, birth_date=born).eligible
    assert _decide(code, birth_date=born, fiscal_year=FY + 1, on=date(FY + 1, 6, 1)).reason == (
        "not_milestone_age"
    )


@pytest.mark.parametrize(("code", "milestone"), MILESTONES)
def test_born_on_2_april_belongs_to_the_later_milestone_fiscal_year(
    code: str, milestone: int
) -> None:
    born = date(FY + 1 - milestone, 4, 2)
    assert not _decide(code, birth_date=born).eligible
    assert _decide(code, birth_date=born, fiscal_year=FY + 1, on=date(FY + 1, 6, 1)).eligible


@pytest.mark.parametrize(("code", "milestone"), MILESTONES)
def test_born_on_29_february_reaches_the_milestone_in_the_fiscal_year_of_28_february(
    code: str, milestone: int
) -> None:
    born = date(1960, 2, 29)
    fiscal_year = born.year + milestone - 1
    on = date(fiscal_year, 4, 1)
    assert _decide(code, birth_date=born, fiscal_year=fiscal_year, on=on).eligible
    previous = _decide(code, birth_date=born, fiscal_year=fiscal_year - 1, on=on - timedelta(1))
    assert not previous.eligible


@pytest.mark.parametrize(
    ("code", "birth", "sex", "reason", "message"),
    [
        ("colorectal", date(1986, 4, 1), "F", "eligible", "対象です"),
        (
            "colorectal",
            date(1986, 4, 2),
            "F",
            "too_young",
            "年度末年齢が39歳のため対象外（40歳以上が対象）",
        ),
        ("stomach_endo", date(1976, 4, 1), "M", "eligible", "対象です"),
        ("stomach_endo", date(1976, 4, 2), "M", "too_young", "年度末年齢が49歳"),
        ("cervical", date(2006, 4, 1), "F", "eligible", "対象です"),
        ("cervical", date(2006, 4, 2), "F", "too_young", "19歳"),
        ("prostate_psa", date(1976, 4, 2), "M", "too_young", "49歳"),
        ("prostate_psa", date(1951, 4, 2), "M", "eligible", "対象です"),
        ("prostate_psa", date(1951, 4, 1), "M", "too_old", "75歳のため対象外（50〜74歳が対象）"),
        (
            "periodontal",
            date(1990, 6, 1),
            "M",
            "not_milestone_age",
            "（20・30・40・50・60・70歳が対象）",
        ),
        ("periodontal", date(2010, 6, 1), "M", "too_young", "15歳"),
        ("periodontal", date(1940, 6, 1), "M", "not_milestone_age", "85歳"),
        ("breast", BORN_55, "M", "wrong_sex", "女性が対象の検診のため対象外"),
        ("osteoporosis", date(1975, 6, 1), "M", "wrong_sex", "女性が対象"),
        ("prostate_psa", BORN_55, "F", "wrong_sex", "男性が対象の検診のため対象外"),
    ],
)
def test_age_and_sex_limits_at_the_fiscal_year_end(
    code: str, birth: date, sex: str, reason: str, message: str
) -> None:
    decision = _decide(code, birth_date=birth, sex=sex, nhi=[(date(2000, 1, 1), OPEN)])
    assert (decision.reason, decision.eligible) == (reason, reason == "eligible")
    assert message in decision.message


@pytest.mark.parametrize(
    ("code", "screened", "reason", "message"),
    [
        ("breast", date(2024, 4, 1), "interval", "前年度に受診済みのため対象外（2年度に1回）"),
        ("breast", date(2025, 3, 31), "interval", "前年度に受診済みのため対象外（2年度に1回）"),
        ("breast", date(2024, 3, 31), "eligible", "対象です"),
        ("breast", date(2025, 4, 1), "interval", "今年度に受診済みのため対象外（2年度に1回）"),
        ("breast", date(2026, 2, 1), "interval", "今年度に受診済み"),
        ("breast", date(2026, 4, 1), "eligible", "対象です"),
        ("cervical", date(2024, 12, 1), "interval", "前年度に受診済み"),
        ("colorectal", date(2025, 3, 31), "eligible", "対象です"),
        ("colorectal", date(2025, 4, 1), "interval", "今年度に受診済みのため対象外（年度に1回）"),
        (
            "stomach_endo",
            date(2024, 6, 1),
            "interval",
            "前年度に受診済みのため対象外（2年度に1回）",
        ),
        ("stomach_endo", date(2023, 6, 1), "eligible", "対象です"),
        ("periodontal", date(2025, 5, 1), "interval", "今年度に受診済み"),
        ("periodontal", date(2024, 5, 1), "eligible", "対象です"),
    ],
)
def test_intervals_are_counted_in_fiscal_years_not_days(
    code: str, screened: date, reason: str, message: str
) -> None:
    birth = date(1975, 6, 1) if code == "periodontal" else BORN_55
    decision = _decide(code, birth_date=birth, history=[(code, screened)])
    assert decision.reason == reason
    assert message in decision.message


def test_a_screening_of_another_program_does_not_count_towards_the_interval() -> None:
    history = [("lung", date(2025, 5, 1)), ("cervical", date(2024, 5, 1))]
    assert _decide("breast", history=history).eligible


@pytest.mark.parametrize(
    ("interval", "screened", "message"),
    [
        (3, date(2023, 6, 1), "前々年度に受診済みのため対象外（3年度に1回）"),
        (4, date(2022, 6, 1), "3年度前に受診済みのため対象外（4年度に1回）"),
    ],
)
def test_longer_intervals_from_the_settings_name_how_long_ago(
    interval: int, screened: date, message: str
) -> None:
    programs = {
        "colorectal": dataclasses.replace(get("colorectal"), interval_fiscal_years=interval)
    }
    decision = _decide("colorectal", history=[("colorectal", screened)], programs=programs)
    assert decision.message == message


@pytest.mark.parametrize(
    ("code", "history", "reason"),
    [
        ("stomach_xray", [("stomach_endo", date(2024, 9, 1))], "stomach_after_endoscopy"),
        ("stomach_xray", [("stomach_endo", date(2025, 3, 31))], "stomach_after_endoscopy"),
        ("stomach_xray", [("stomach_endo", date(2024, 3, 31))], "eligible"),
        ("stomach_xray", [("stomach_endo", date(2023, 9, 1))], "eligible"),
        ("stomach_endo", [("stomach_endo", date(2024, 9, 1))], "interval"),
        ("stomach_xray", [("stomach_xray", date(2024, 9, 1))], "eligible"),
        ("stomach_endo", [("stomach_xray", date(2024, 9, 1))], "eligible"),
        ("stomach_endo", [("stomach_xray", date(2025, 4, 10))], "interval"),
        ("stomach_xray", [("stomach_endo", date(2025, 4, 10))], "interval"),
        ("stomach_xray", [("stomach_xray", date(2025, 4, 10))], "interval"),
        ("colorectal", [("stomach_endo", date(2024, 9, 1))], "eligible"),
        ("stomach_xray", [("unknown_code", date(2025, 4, 10))], "eligible"),
    ],
)
def test_no_stomach_screening_of_either_kind_the_fiscal_year_after_an_endoscopy(
    code: str, history: list[tuple[str, date]], reason: str
) -> None:
    assert _decide(code, history=history).reason == reason


def test_the_endoscopy_rule_and_the_one_stomach_screening_a_year_rule_say_why() -> None:
    after = _decide("stomach_xray", history=[("stomach_endo", date(2024, 9, 1))])
    assert after.message == (
        "前年度に胃内視鏡検査を受診済みのため対象外（内視鏡検査の翌年度は胃がん検診の対象外）"
    )
    same_year = _decide("stomach_endo", history=[("stomach_xray", date(2025, 4, 10))])
    assert same_year.message.startswith("今年度に胃がん（X線）を受診済みのため対象外")


@pytest.mark.parametrize(
    ("residence", "reason", "message"),
    [
        ({"died": date(2025, 6, 1)}, "deceased", "令和7年6月1日に死亡のため対象外"),
        ({"died": ON}, "deceased", "死亡"),
        ({"died": date(2025, 6, 3)}, "eligible", "対象です"),
        ({"moved_out": date(2025, 5, 1)}, "moved_out", "令和7年5月1日に転出のため対象外"),
        ({"moved_out": ON}, "moved_out", "転出"),
        ({"moved_out": date(2025, 6, 3)}, "eligible", "対象です"),
        ({"moved_in": date(2025, 6, 3)}, "not_yet_resident", "転入日（令和7年6月3日）より前"),
        ({"moved_in": ON}, "eligible", "対象です"),
        ({"moved_in": date(2025, 4, 20), "moved_out": date(2025, 4, 1)}, "eligible", "対象です"),
        ({"moved_in": date(2025, 4, 1), "moved_out": date(2025, 4, 1)}, "moved_out", "転出"),
        ({"moved_in": date(2025, 7, 1), "moved_out": date(2025, 4, 1)}, "not_yet_resident", "転入"),
        ({"died": date(2025, 5, 1), "moved_out": date(2025, 4, 1)}, "deceased", "死亡"),
        ({"died": date(1800, 1, 1)}, "deceased", "1800-01-01に死亡"),
    ],
)
def test_only_residents_on_the_screening_date_are_eligible(
    residence: dict[str, Any], reason: str, message: str
) -> None:
    decision = _decide("colorectal", **residence)
    assert decision.reason == reason
    assert message in decision.message


@pytest.mark.parametrize(
    ("periods", "eligible"),
    [
        ([(date(2025, 6, 2), OPEN)], True),
        ([(date(2025, 6, 3), OPEN)], False),
        ([(date(2024, 1, 1), date(2025, 6, 2))], True),
        ([(date(2024, 1, 1), date(2025, 6, 1))], False),
        ([(date(2020, 1, 1), date(2021, 1, 1)), (date(2025, 1, 1), OPEN)], True),
        ([(date(2025, 6, 10), date(2025, 6, 1))], False),
        ([], False),
    ],
)
def test_welfare_and_nhi_must_cover_the_screening_date(
    periods: list[tuple[date, date | None]], eligible: bool
) -> None:
    welfare = _decide("welfare_checkup", welfare=periods)
    nhi = _decide("prostate_psa", sex="M", nhi=periods)
    assert (welfare.eligible, nhi.eligible) == (eligible, eligible)
    if not eligible:
        assert welfare.reason == "no_welfare"
        assert welfare.message == "受診日に生活保護を受給していないため対象外"
        assert nhi.reason == "no_nhi"
        assert nhi.message == "受診日に国民健康保険に加入していないため対象外"


def test_welfare_checkup_is_still_for_40_and_over() -> None:
    decision = _decide("welfare_checkup", birth_date=date(1990, 1, 1), welfare=[(ON, OPEN)])
    assert decision.reason == "too_young"


@pytest.mark.parametrize(
    ("birth", "extra", "fee_exempt", "message"),
    [
        (BORN_55, {}, False, "対象です"),
        (BORN_55, {"welfare": [(date(2025, 1, 1), OPEN)]}, True, "生活保護受給中"),
        (BORN_55, {"welfare": [(date(2025, 1, 1), date(2025, 3, 31))]}, False, "対象です"),
        (BORN_55, {"non_taxable": True}, True, "住民税非課税世帯"),
        (date(1956, 4, 1), {}, True, "年度末年齢70歳以上"),
        (date(1956, 3, 31), {}, True, "年度末年齢70歳以上"),
        (date(1956, 4, 2), {}, False, "対象です"),
        (date(1940, 1, 1), {}, True, "70歳以上"),
    ],
)
def test_fee_is_waived_for_welfare_70_reached_within_the_year_and_non_taxable_households(
    birth: date, extra: dict[str, Any], fee_exempt: bool, message: str
) -> None:
    decision = _decide("colorectal", birth_date=birth, on=date(2025, 4, 1), **extra)
    assert decision.eligible
    assert decision.fee_exempt is fee_exempt
    assert message in decision.message


def test_a_refusal_never_claims_a_fee_exemption_or_coupon() -> None:
    decision = _decide("breast", sex="M", welfare=[(ON, OPEN)], non_taxable=True)
    assert (decision.eligible, decision.fee_exempt, decision.coupon) == (False, False, False)


@pytest.mark.parametrize(
    ("code", "birth", "coupon"),
    [
        ("breast", date(1984, 4, 2), True),
        ("breast", date(1985, 4, 1), True),
        ("breast", date(1984, 4, 1), False),
        ("breast", date(1985, 4, 2), False),
        ("cervical", date(2004, 4, 2), True),
        ("cervical", date(2005, 4, 1), True),
        ("cervical", date(2005, 4, 2), False),
        ("colorectal", date(1985, 4, 1), False),
    ],
)
def test_coupons_go_to_those_40_or_20_as_the_fiscal_year_begins(
    code: str, birth: date, coupon: bool
) -> None:
    decision = _decide(code, birth_date=birth)
    assert decision.eligible
    assert decision.coupon is coupon
    assert ("無料クーポン対象" in decision.message) is coupon


def test_a_coupon_message_states_the_age_and_its_basis() -> None:
    decision = _decide("breast", birth_date=date(1985, 4, 1))
    assert decision.message == "対象です。無料クーポン対象（4月1日時点の年齢が40歳）"


def test_the_screening_date_defaults_to_today_clipped_into_the_fiscal_year() -> None:
    past = decide("colorectal", 2000, birth_date=date(1940, 1, 1), sex="F", died=date(2001, 3, 31))
    assert past.reason == "deceased"
    alive = decide("colorectal", 2000, birth_date=date(1940, 1, 1), sex="F", died=date(2001, 4, 1))
    assert alive.eligible
    future = decide("colorectal", 3000, birth_date=date(1940, 1, 1), sex="F", died=date(3000, 4, 1))
    assert future.reason == "deceased"
    today = date.today()
    current = fiscal_year_of(today)
    assert decide("colorectal", current, birth_date=BORN_55, sex="F", moved_in=today).eligible
    later = today + timedelta(days=1)
    tomorrow = decide("colorectal", current, birth_date=BORN_55, sex="F", moved_in=later)
    assert tomorrow.reason == "not_yet_resident"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"on": date(2026, 4, 1)}, EligibilityInputError, "令和8年4月1日）が2025年度"),
        ({"on": date(2025, 3, 31)}, EligibilityInputError, "範囲外"),
        ({"sex": "X"}, EligibilityInputError, "性別は M（男）または F（女）"),
        ({"sex": "男"}, EligibilityInputError, "性別"),
        ({"fiscal_year": 0}, CalendarError, "年度は"),
    ],
)
def test_a_malformed_question_is_refused_with_a_japanese_message(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        _decide("colorectal", **kwargs)


def test_an_unknown_program_is_refused() -> None:
    with pytest.raises(UnknownProgramError, match="登録されていません"):
        _decide("hepatitis")


def test_programs_from_the_settings_replace_the_defaults() -> None:
    younger = {"colorectal": dataclasses.replace(get("colorectal"), min_age=35)}
    born_36 = date(1989, 6, 1)
    assert not _decide("colorectal", birth_date=born_36).eligible
    assert _decide("colorectal", birth_date=born_36, programs=younger).eligible


def test_an_april_1_age_basis_from_the_settings_is_named_in_the_message() -> None:
    programs = {"lung": dataclasses.replace(get("lung"), age_basis=AgeBasis.APRIL_1)}
    decision = _decide("lung", birth_date=date(1985, 4, 2), programs=programs)
    assert decision.message == "4月1日時点の年齢が39歳のため対象外（40歳以上が対象）"


@pytest.mark.parametrize(
    ("basis", "birth"),
    [(AgeBasis.FISCAL_YEAR_END, date(2025, 6, 3)), (AgeBasis.APRIL_1, date(2025, 5, 1))],
)
def test_someone_not_yet_born_on_the_day_that_counts_is_too_young_even_at_minimum_age_zero(
    basis: AgeBasis, birth: date
) -> None:
    infants = {"infant": Program("infant", "乳児", 0, age_basis=basis)}
    decision = _decide("infant", birth_date=birth, programs=infants)
    assert decision.reason == "too_young"
    assert "出生前" in decision.message


def test_a_decision_is_frozen() -> None:
    decision = _decide("colorectal")
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.eligible = False  # type: ignore[misc]


screening_days = st.dates(min_value=date(2015, 4, 1), max_value=date(2026, 3, 31))


maybe_day = st.none() | screening_days
questions = st.fixed_dictionaries(
    {
        "program_code": st.sampled_from(list(DEFAULT_PROGRAMS)),
        "birth_date": st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
        "sex": st.sampled_from(["M", "F"]),
        "history": st.lists(
            st.tuples(st.sampled_from(list(DEFAULT_PROGRAMS)), screening_days), max_size=4
        ),
        "on": st.dates(min_value=date(2025, 4, 1), max_value=date(2026, 3, 31)),
        "welfare": st.lists(st.tuples(screening_days, maybe_day), max_size=2),
        "nhi": st.lists(st.tuples(screening_days, maybe_day), max_size=2),
        "moved_in": maybe_day,
        "moved_out": maybe_day,
        "died": maybe_day,
        "non_taxable": st.booleans(),
    }
)


@given(questions)
def test_every_decision_is_consistent_with_its_reason(question: dict[str, Any]) -> None:
    decision = decide(fiscal_year=FY, **question)
    assert decision.eligible is (decision.reason == Reason.ELIGIBLE)
    assert decision.message
    if decision.fee_exempt or decision.coupon:
        assert decision.eligible
    if decision.eligible:
        program = get(question["program_code"])
        assert question["birth_date"] <= question["on"]
        assert age_at_fiscal_year_end(question["birth_date"], FY) >= program.min_age
        assert program.sex in (None, question["sex"])
        assert question["died"] is None or question["died"] > question["on"]


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(1985, 12, 31)),
    last=st.dates(min_value=date(2019, 4, 1), max_value=date(2026, 3, 31)),
)
def test_a_biennial_screening_blocks_exactly_its_own_and_the_next_fiscal_year(
    birth: date, last: date
) -> None:
    decision = _decide("breast", birth_date=birth, history=[("breast", last)])
    assert decision.eligible is (fiscal_year_of(last) <= FY - 2)
