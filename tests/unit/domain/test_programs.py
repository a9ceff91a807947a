"""The ten default programs hold DOMAIN.md's values and survive a settings round trip."""

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.programs import (
    DEFAULT_PROGRAMS,
    AgeBasis,
    Program,
    ProgramError,
    UnknownProgramError,
    from_settings,
    get,
    to_settings,
)

CODES = [
    "stomach_xray",
    "stomach_endo",
    "lung",
    "colorectal",
    "breast",
    "cervical",
    "prostate_psa",
    "periodontal",
    "osteoporosis",
    "welfare_checkup",
]


def test_the_ten_programs_are_listed_in_domain_order() -> None:
    assert list(DEFAULT_PROGRAMS) == CODES
    assert all(DEFAULT_PROGRAMS[code].code == code for code in CODES)


def test_the_defaults_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        DEFAULT_PROGRAMS["lung"] = DEFAULT_PROGRAMS["colorectal"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("code", "min_age", "max_age", "sex", "interval"),
    [
        ("stomach_xray", 40, None, None, 1),
        ("stomach_endo", 50, None, None, 2),
        ("lung", 40, None, None, 1),
        ("colorectal", 40, None, None, 1),
        ("breast", 40, None, "F", 2),
        ("cervical", 20, None, "F", 2),
        ("prostate_psa", 50, 74, "M", 1),
        ("periodontal", 20, None, None, None),
        ("osteoporosis", 40, None, "F", None),
        ("welfare_checkup", 40, None, None, 1),
    ],
)
def test_each_program_has_the_domain_ages_sex_and_interval(
    code: str, min_age: int, max_age: int | None, sex: str | None, interval: int | None
) -> None:
    program = get(code)
    assert (program.min_age, program.max_age, program.sex) == (min_age, max_age, sex)
    assert program.interval_fiscal_years == interval
    assert program.age_basis is AgeBasis.FISCAL_YEAR_END
    assert program.name_ja


def test_milestone_programs_list_their_ages() -> None:
    assert get("periodontal").milestone_ages == (20, 30, 40, 50, 60, 70)
    assert get("osteoporosis").milestone_ages == (40, 45, 50, 55, 60, 65, 70)
    assert [code for code in CODES if get(code).is_milestone] == ["periodontal", "osteoporosis"]


def test_only_breast_and_cervical_carry_coupons_counted_on_1_april() -> None:
    coupons = {code: get(code).coupon_ages for code in CODES if get(code).coupon_ages}
    assert coupons == {"breast": (40,), "cervical": (20,)}
    assert get("breast").coupon_age_basis is AgeBasis.APRIL_1


def test_welfare_nhi_and_endoscopy_rules_sit_on_the_right_programs() -> None:
    assert [code for code in CODES if get(code).requires_welfare] == ["welfare_checkup"]
    assert [code for code in CODES if get(code).requires_nhi] == ["prostate_psa"]
    blocked = [code for code in CODES if get(code).blocked_after_endoscopy]
    assert blocked == ["stomach_xray", "stomach_endo"]
    assert get("stomach_xray").same_year_group == get("stomach_endo").same_year_group


def test_osteoporosis_notes_that_treatment_is_checked_at_the_counter() -> None:
    assert "治療中" in get("osteoporosis").notes


def test_an_unknown_code_is_refused_with_a_japanese_message() -> None:
    with pytest.raises(UnknownProgramError, match="「hepatitis」は登録されていません"):
        get("hepatitis")


def test_get_reads_from_the_given_programs_when_settings_override_them() -> None:
    lung = replace(get("lung"), min_age=35)
    assert get("lung", {"lung": lung}).min_age == 35
    with pytest.raises(UnknownProgramError):
        get("colorectal", {"lung": lung})


@pytest.mark.parametrize("code", CODES)
def test_every_default_survives_a_json_settings_round_trip(code: str) -> None:
    settings = json.loads(json.dumps(to_settings(get(code))))
    assert from_settings(settings) == get(code)


def test_settings_hold_plain_strings_and_lists() -> None:
    settings = to_settings(get("breast"))
    assert settings["age_basis"] == "fiscal_year_end"
    assert type(settings["age_basis"]) is str
    assert settings["coupon_ages"] == [40]


def test_missing_optional_settings_take_the_defaults_and_unknown_keys_are_ignored() -> None:
    program = from_settings({"code": "x", "name_ja": "検診", "min_age": 40, "future": 1})
    assert program == Program("x", "検診", 40)
    milestone = from_settings(
        {"code": "y", "name_ja": "節目", "min_age": 20, "milestone_ages": [20]}
    )
    assert milestone.interval_fiscal_years is None


BASE: dict[str, Any] = {"code": "x", "name_ja": "検診", "min_age": 40}
MISSING = object()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": MISSING}, "「code」がありません"),
        ({"min_age": MISSING}, "「min_age」がありません"),
        ({"name_ja": 3}, "「name_ja」は文字列"),
        ({"min_age": "40"}, "「min_age」は整数"),
        ({"min_age": True}, "「min_age」は整数"),
        ({"max_age": 74.5}, "「max_age」は整数"),
        ({"sex": 1}, "「sex」は文字列"),
        ({"milestone_ages": "20"}, "「milestone_ages」は整数の一覧"),
        ({"milestone_ages": [20, "30"]}, "「milestone_ages」は整数の一覧"),
        ({"coupon_ages": [False]}, "「coupon_ages」は整数の一覧"),
        ({"requires_nhi": "yes"}, "「requires_nhi」は真偽値"),
        ({"age_basis": "april_2"}, "「age_basis」は fiscal_year_end・april_1"),
        ({"coupon_age_basis": ["april_1"]}, "「coupon_age_basis」は"),
        ({"notes": None}, "「notes」は文字列"),
        ({"sex": "X"}, "性別"),
        ({"min_age": -1}, "下限が負"),
        ({"max_age": 30}, "上限が下限より小さい"),
        ({"coupon_ages": [-1]}, "負の値"),
        ({"code": ""}, "必須"),
        ({"name_ja": ""}, "必須"),
        ({"interval_fiscal_years": 0}, "1年度以上"),
        ({"interval_fiscal_years": None}, "節目年齢"),
        ({"milestone_ages": [40], "interval_fiscal_years": 1}, "節目年齢"),
    ],
)
def test_a_wrong_setting_is_refused_naming_what_is_wrong(
    changes: dict[str, Any], message: str
) -> None:
    settings = {key: value for key, value in (BASE | changes).items() if value is not MISSING}
    with pytest.raises(ProgramError, match=message):
        from_settings(settings)


def test_settings_that_are_not_a_mapping_are_refused() -> None:
    with pytest.raises(ProgramError, match="項目名と値"):
        from_settings([("code", "x")])  # type: ignore[arg-type]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3),
    max_leaves=5,
)


@given(
    st.dictionaries(
        st.sampled_from([*to_settings(get("breast")), "other"]), json_values, max_size=16
    )
)
def test_no_settings_make_from_settings_raise_anything_but_its_own_error(
    settings: dict[str, Any],
) -> None:
    program: Program | None = None
    try:
        program = from_settings(settings)
    except ProgramError as error:
        message = str(error)
    if program is None:
        assert message
    else:
        assert from_settings(to_settings(program)) == program
