"""Two blind entries of one form differ only where the clerks read the paper differently."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.double_entry import Discrepancy, compare
from app.domain.forms import FORMS, UnknownFormError, read_form
from app.domain.wareki import GREGORIAN_START, format_date

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

ENTRY = {
    "screening_date": "R7.6.1",
    "clinic_code": "0112345678",
    "first_time": "1",
    "height": "158.4",
    "weight": "61.2",
    "systolic_bp": "132",
    "diastolic_bp": "84",
    "hba1c": "5.9",
    "ldl_cholesterol": "142",
    "hdl_cholesterol": "58",
    "triglycerides": "120",
    "ast": "22",
    "alt": "19",
    "ggt": "35",
    "creatinine": "0.72",
    "judgement": "1",
    "comment": "特記事項なし",
}
SAME_ENTRY_KEYED_DIFFERENTLY = {
    **ENTRY,
    "screening_date": "令和７年６月１日",
    "clinic_code": " ０１１２３４５６７８ ",
    "first_time": "初回",
    "height": "１５８．４０",
    "weight": "061.2",
    "systolic_bp": "０１３２",
    "creatinine": ".720",
    "judgement": "異常認めず",
    "comment": "胃部不快感の訴えあり",
}


def test_comparing_an_entry_with_itself_finds_nothing() -> None:
    assert compare("welfare_checkup", ENTRY, ENTRY) == []


def test_the_same_paper_keyed_in_different_notations_finds_nothing() -> None:
    assert compare("welfare_checkup", ENTRY, SAME_ENTRY_KEYED_DIFFERENTLY) == []


def test_differing_fields_are_listed_in_paper_order_with_canonical_values() -> None:
    second = {**ENTRY, "judgement": "2", "screening_date": "2025-06-02", "weight": "６２"}
    assert compare("welfare_checkup", ENTRY, second) == [
        Discrepancy("screening_date", "2025-06-01", "2025-06-02"),
        Discrepancy("weight", "61.2", "62"),
        Discrepancy("judgement", "1", "2"),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("*", "132"),
        ("?", "132"),
        ("/", "132"),
        ("*", "?"),
        ("*", ""),
        ("/", ""),
    ],
)
def test_a_blank_code_never_matches_a_value_or_another_blank(first: str, second: str) -> None:
    found = compare(
        "welfare_checkup", {**ENTRY, "systolic_bp": first}, {**ENTRY, "systolic_bp": second}
    )
    assert [discrepancy.field for discrepancy in found] == ["systolic_bp"]


def test_a_typo_is_compared_as_keyed() -> None:
    typo = {**ENTRY, "systolic_bp": "１３２ｘ"}
    assert compare("welfare_checkup", typo, {**ENTRY, "systolic_bp": "132x"}) == []
    assert compare("welfare_checkup", typo, ENTRY) == [Discrepancy("systolic_bp", "132x", "132")]
    out_of_range = {**ENTRY, "systolic_bp": "300"}
    assert compare("welfare_checkup", out_of_range, ENTRY) == [
        Discrepancy("systolic_bp", "300", "132")
    ]


def test_a_missing_key_equals_an_empty_value_even_for_a_required_field() -> None:
    first = {key: value for key, value in ENTRY.items() if key not in {"creatinine", "ast"}}
    assert compare("welfare_checkup", first, {**ENTRY, "creatinine": "", "ast": " "}) == []
    assert compare("welfare_checkup", first, ENTRY) == [
        Discrepancy("ast", "", "22"),
        Discrepancy("creatinine", "", "0.72"),
    ]


def test_comments_and_fields_not_on_the_form_never_differ() -> None:
    second = {**ENTRY, "comment": "全く別の記述", "psa": "4.2", "note": "x"}
    assert compare("welfare_checkup", ENTRY, second) == []


def test_a_skipped_field_left_empty_agrees_with_one_keyed_as_not_applicable() -> None:
    base = {"screening_date": "R7.6.1", "xray_judgement": "B", "sputum_target": "2"}
    assert compare("lung", {**base, "sputum_result": ""}, {**base, "sputum_result": "/"}) == []
    assert compare("lung", {**base, "sputum_result": "B"}, {**base, "sputum_result": "/"}) == [
        Discrepancy("sputum_result", "B", "#na")
    ]


def test_an_unknown_form_is_refused() -> None:
    with pytest.raises(UnknownFormError):
        compare("liver", {}, {})


# --- properties ------------------------------------------------------------------------------

FORM_CODES = st.sampled_from(sorted(FORMS))
TOKENS = st.sampled_from(
    ["", " ", "*", "?", "/", "1", "2", "０１", "B", "b", "x", ".85", "0.850", "R7.6.1",
     "2025-06-01", "平成31年5月1日", "カテゴリー3", "NILM", "132", "0112345678", "\x00", "初回"]
)  # fmt: skip


@st.composite
def entries(draw: st.DrawFn, form_code: str) -> dict[str, str]:
    codes = [spec.code for spec in FORMS[form_code].fields] + ["unknown"]
    keys = draw(st.lists(st.sampled_from(codes), unique=True))
    return {key: draw(TOKENS | st.text(max_size=8)) for key in keys}


@st.composite
def entry_pairs(draw: st.DrawFn) -> tuple[str, dict[str, str], dict[str, str]]:
    form_code = draw(FORM_CODES)
    return form_code, draw(entries(form_code)), draw(entries(form_code))


@given(entry_pairs())
def test_compare_is_symmetric(pair: tuple[str, dict[str, str], dict[str, str]]) -> None:
    form_code, first, second = pair
    forward = compare(form_code, first, second)
    backward = compare(form_code, second, first)
    assert [(d.field, d.first, d.second) for d in forward] == [
        (d.field, d.second, d.first) for d in backward
    ]


@given(entry_pairs())
def test_excluded_fields_never_appear_and_fields_come_in_paper_order(
    pair: tuple[str, dict[str, str], dict[str, str]],
) -> None:
    form_code, first, second = pair
    form = FORMS[form_code]
    order = [spec.code for spec in form.fields if spec.double_keyed]
    found = [discrepancy.field for discrepancy in compare(form_code, first, second)]
    assert found == [code for code in order if code in found]
    assert "comment" not in found
    assert all(
        discrepancy.first != discrepancy.second for discrepancy in compare(form_code, first, second)
    )


@given(FORM_CODES.flatmap(lambda code: st.tuples(st.just(code), entries(code))))
def test_an_entry_compared_with_itself_finds_nothing(pair: tuple[str, dict[str, str]]) -> None:
    form_code, entry = pair
    assert compare(form_code, entry, entry) == []


@given(FORM_CODES.flatmap(lambda code: st.tuples(st.just(code), entries(code))))
def test_an_entry_never_differs_from_its_own_canonical_values(
    pair: tuple[str, dict[str, str]],
) -> None:
    form_code, entry = pair
    reading = read_form(FORMS[form_code], entry)
    stored = {code: reading.values.get(code, raw) for code, raw in entry.items()}
    assert compare(form_code, entry, stored) == []


@st.composite
def any_values(draw: st.DrawFn, form_code: str) -> dict[str, str]:
    keys = st.sampled_from([spec.code for spec in FORMS[form_code].fields]) | st.text(max_size=8)
    return draw(st.dictionaries(keys, st.text(max_size=40) | st.text(min_size=990, max_size=1010)))


@given(
    FORM_CODES.flatmap(lambda code: st.tuples(st.just(code), any_values(code), any_values(code)))
)
def test_compare_never_raises_for_any_text(
    case: tuple[str, dict[str, str], dict[str, str]],
) -> None:
    form_code, first, second = case
    assert isinstance(compare(form_code, first, second), list)


@given(
    st.dates(min_value=GREGORIAN_START),
    st.integers(min_value=50, max_value=260),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
)
def test_canonically_equal_values_never_differ(
    day: date, pressure: int, zeros: int, full_width: bool
) -> None:
    padded = "0" * zeros + str(pressure)
    if full_width:
        padded = padded.translate(FULL_WIDTH)
    first = {**ENTRY, "screening_date": day.isoformat(), "systolic_bp": str(pressure)}
    second = {**ENTRY, "screening_date": format_date(day), "systolic_bp": f" {padded} "}
    assert compare("welfare_checkup", first, second) == []


@given(
    st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=2),
    st.booleans(),
)
def test_numbers_written_with_extra_zeros_never_differ(
    psa: Decimal, leading: int, trailing: int, full_width: bool
) -> None:
    text = format(psa, "f")
    padded = "0" * leading + text + ("." if "." not in text and trailing else "") + "0" * trailing
    if full_width:
        padded = padded.translate(FULL_WIDTH)
    base = {"screening_date": "R7.6.1", "judgement": "1"}
    assert compare("prostate_psa", {**base, "psa": text}, {**base, "psa": padded}) == []
