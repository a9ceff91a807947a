"""Checkup forms are data, and every value a clerk keys is read to one canonical text."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import KenshinError
from app.domain.forms import (
    BLANK_TOKENS,
    FORMS,
    REQUIRED_MESSAGE,
    Blank,
    FieldInputError,
    FieldSpec,
    FieldType,
    FormDefinitionError,
    FormInputError,
    FormSpec,
    UnknownFormError,
    applicable,
    canonical,
    get_form,
    read_form,
    validate,
)
from app.domain.programs import DEFAULT_PROGRAMS

DATE = FieldSpec("screening_date", "受診日", FieldType.DATE, True)
CODE = FieldSpec(
    "judgement", "判定", FieldType.CODE, True, choices=(("1", "異常認めず"), ("2", "要精検"))
)
CYTOLOGY = get_form("cervical").field("cytology")
INTEGER = get_form("welfare_checkup").field("systolic_bp")
YAM = get_form("osteoporosis").field("bone_density_yam")
PSA = get_form("prostate_psa").field("psa")
TEXT = FieldSpec("comment", "備考", FieldType.TEXT, False, max_length=20)
CLINIC = get_form("lung").field("clinic_code")

GOOD = [
    (DATE, "令和7年6月1日", "2025-06-01"),
    (DATE, "R7.6.1", "2025-06-01"),
    (DATE, "Ｒ７．６．１", "2025-06-01"),
    (DATE, "2025/6/1", "2025-06-01"),
    (DATE, " 2025-06-01 ", "2025-06-01"),
    (DATE, "5070601", "2025-06-01"),
    (DATE, "令和元年5月1日", "2019-05-01"),
    (CODE, "1", "1"),
    (CODE, "１", "1"),
    (CODE, "要精検", "2"),
    (CYTOLOGY, "nilm", "NILM"),
    (CYTOLOGY, "ＡＳＣ－ＵＳ", "ASC-US"),
    (CYTOLOGY, "adenocarcinoma", "Adenocarcinoma"),
    (CYTOLOGY, "腺癌", "Adenocarcinoma"),
    (INTEGER, "120", "120"),
    (INTEGER, "０１２０", "120"),
    (INTEGER, "50", "50"),
    (INTEGER, "260", "260"),
    (YAM, "85", "85"),
    (YAM, "85.0", "85"),
    (YAM, "８５．５", "85.5"),
    (YAM, "085.50", "85.5"),
    (YAM, "30", "30"),
    (YAM, "150.0", "150"),
    (PSA, ".85", "0.85"),
    (PSA, "0.850", "0.85"),
    (PSA, "0", "0"),
    (PSA, "-0.0", "0"),
    (PSA, "00.00", "0"),
    (PSA, "10000", "10000"),
    (PSA, "12.", "12"),
    (TEXT, "  胃部不快感あり  ", "胃部不快感あり"),
    (TEXT, "ｶﾅ", "カナ"),
    (TEXT, "x" * 20, "x" * 20),
    (TEXT, "", ""),
    (CLINIC, "0112345678", "0112345678"),
    (CLINIC, "０１１２３４５６７８", "0112345678"),
]


@pytest.mark.parametrize(("field", "raw", "expected"), GOOD)
def test_good_input_of_every_field_type_is_read_to_its_canonical_text(
    field: FieldSpec, raw: str, expected: str
) -> None:
    assert canonical(field, raw) == expected
    assert canonical(field, expected) == expected


BAD = [
    (DATE, "平成31年5月1日", "令和元年5月1日"),
    (DATE, "令和7年2月30日", "存在しない日付"),
    (DATE, "あした", "形式が正しくありません"),
    (DATE, "", REQUIRED_MESSAGE),
    (DATE, "  ", REQUIRED_MESSAGE),
    (CODE, "3", "次のいずれかを入力してください: 1=異常認めず、2=要精検"),
    (CODE, "異常なし", "いずれか"),
    (CODE, "01", "いずれか"),
    (CODE, "", REQUIRED_MESSAGE),
    (CYTOLOGY, "CIN1", "NILM"),
    (INTEGER, "12.0", "整数を数字だけで入力してください（50〜260 mmHg の範囲）"),
    (INTEGER, "百二十", "整数"),
    (INTEGER, "1 20", "整数"),
    (INTEGER, "+120", "整数"),
    (INTEGER, "49", "50〜260 mmHg の範囲で入力してください"),
    (INTEGER, "261", "50〜260 mmHg の範囲で入力してください"),
    (INTEGER, "-120", "50〜260 mmHg の範囲で入力してください"),
    (INTEGER, "9" * 999, "範囲で入力してください"),
    (YAM, "29.9", "30〜150 %YAM の範囲で入力してください"),
    (YAM, "150.1", "30〜150 %YAM の範囲で入力してください"),
    (YAM, "85.25", "小数点以下1桁までで入力してください"),
    (YAM, "8,5", "数値を数字と小数点で入力してください（30〜150 %YAM の範囲）"),
    (YAM, ".", "数値"),
    (YAM, "-", "数値"),
    (YAM, "1e2", "数値"),
    (YAM, "85.5.1", "数値"),
    (PSA, "0.855", "小数点以下2桁まで"),
    (PSA, "-0.01", "0〜10000 ng/mL の範囲"),
    (TEXT, "x" * 21, "20文字以内で入力してください（21文字あります）"),
    (TEXT, "x" * 10_000, "1000文字以内"),
    (TEXT, "胃部\x00不快感", "制御文字"),
    (TEXT, "胃部\n不快感", "制御文字"),
    (TEXT, "胃部\u200b不快感", "制御文字"),
    (DATE, "R7.6.1\x07", "制御文字"),
    (INTEGER, "1" * 10_000, "1000文字以内"),
    (CLINIC, "112345678", "10桁の数字で入力してください"),
    (CLINIC, "01123456789", "10桁の数字"),
    (CLINIC, "01-1234567", "10桁の数字"),
    (CLINIC, "", REQUIRED_MESSAGE),
]


@pytest.mark.parametrize(("field", "raw", "message"), BAD)
def test_bad_input_is_refused_with_a_japanese_message_saying_what_to_fix(
    field: FieldSpec, raw: str, message: str
) -> None:
    with pytest.raises(FieldInputError) as refused:
        canonical(field, raw)
    assert message in refused.value.message
    assert isinstance(refused.value, KenshinError)
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize(
    ("minimum", "maximum", "message"),
    [
        (Decimal(0), None, "0 以上で入力してください"),
        (None, Decimal(10), "10 以下で入力してください"),
    ],
)
def test_a_one_sided_range_names_its_one_bound(
    minimum: Decimal | None, maximum: Decimal | None, message: str
) -> None:
    field = FieldSpec("count", "件数", FieldType.INTEGER, True, minimum=minimum, maximum=maximum)
    with pytest.raises(FieldInputError, match=message):
        canonical(field, "-1" if minimum is not None else "11")


def test_an_unbounded_number_takes_any_value_and_its_format_error_has_no_range() -> None:
    field = FieldSpec("count", "件数", FieldType.DECIMAL, True, decimals=3)
    assert canonical(field, "-0012.500") == "-12.5"
    assert canonical(field, "123456789012345678901234567890.125") == (
        "123456789012345678901234567890.125"
    )
    with pytest.raises(FieldInputError) as refused:
        canonical(field, "abc")
    assert refused.value.message == "数値を数字と小数点で入力してください"


@pytest.mark.parametrize(
    ("raw", "blank"),
    [
        ("*", Blank.BLANK),
        ("＊", Blank.BLANK),
        ("空欄", Blank.BLANK),
        (" * ", Blank.BLANK),
        ("?", Blank.ILLEGIBLE),
        ("？", Blank.ILLEGIBLE),
        ("判読不能", Blank.ILLEGIBLE),
        ("/", Blank.NOT_APPLICABLE),
        ("／", Blank.NOT_APPLICABLE),
        ("該当なし", Blank.NOT_APPLICABLE),
        ("#blank", Blank.BLANK),
        ("#illegible", Blank.ILLEGIBLE),
        ("#na", Blank.NOT_APPLICABLE),
    ],
)
def test_a_blank_code_is_accepted_by_every_field_type(raw: str, blank: Blank) -> None:
    for field in (DATE, CODE, INTEGER, YAM, TEXT, CLINIC):
        assert canonical(field, raw) == blank.value


def test_the_blank_codes_have_japanese_names_and_no_value_reads_as_a_blank() -> None:
    assert [blank.label for blank in Blank] == ["空欄", "判読不能", "該当なし"]
    assert {blank.value for blank in BLANK_TOKENS.values()} == {"#blank", "#illegible", "#na"}
    assert canonical(TEXT, "空欄あり") == "空欄あり"
    assert canonical(TEXT, "**") == "**"


def test_an_empty_input_is_not_a_blank_but_nothing_keyed() -> None:
    assert canonical(TEXT, "") == ""
    assert canonical(TEXT, "\u3000 ") == ""
    with pytest.raises(FieldInputError, match="空欄の場合は \\* を入力してください"):
        canonical(DATE, "")


# --- skip rules --------------------------------------------------------------------------------

LUNG = get_form("lung")
LUNG_BASE = {
    "screening_date": "R7.6.1",
    "clinic_code": "1312345678",
    "first_time": "1",
    "xray_judgement": "B",
    "judgement": "1",
}


def test_sputum_cytology_is_keyed_only_when_the_person_is_a_sputum_target() -> None:
    target = validate(LUNG, {**LUNG_BASE, "sputum_target": "1", "sputum_result": "b"})
    assert target["sputum_result"] == "B"
    shown = [spec.code for spec in applicable(LUNG, {**LUNG_BASE, "sputum_target": "1"})]
    assert "sputum_result" in shown


@pytest.mark.parametrize("raw", ["", "/", "該当なし", "#na"])
def test_a_skipped_field_left_empty_or_not_applicable_is_stored_as_not_applicable(
    raw: str,
) -> None:
    values = validate(LUNG, {**LUNG_BASE, "sputum_target": "対象外", "sputum_result": raw})
    assert values["sputum_result"] == Blank.NOT_APPLICABLE
    shown = [spec.code for spec in applicable(LUNG, {**LUNG_BASE, "sputum_target": "2"})]
    assert "sputum_result" not in shown


@pytest.mark.parametrize("raw", ["B", "*", "?", "x"])
def test_a_skipped_field_with_anything_else_keyed_is_refused_naming_the_rule(raw: str) -> None:
    with pytest.raises(FormInputError) as refused:
        validate(LUNG, {**LUNG_BASE, "sputum_target": "2", "sputum_result": raw})
    assert refused.value.errors == {
        "sputum_result": "喀痰細胞診の対象が「対象」の場合だけ記入する項目です。"
        "空のままにするか / （該当なし）を入力してください"
    }


def test_a_required_field_that_applies_must_be_keyed() -> None:
    with pytest.raises(FormInputError) as refused:
        validate(LUNG, {**LUNG_BASE, "sputum_target": "1"})
    assert refused.value.errors == {"sputum_result": REQUIRED_MESSAGE}


@pytest.mark.parametrize("target", ["?", "3"])
def test_when_the_controlling_field_is_unreadable_the_field_shows_but_is_optional(
    target: str,
) -> None:
    values = {**LUNG_BASE, "sputum_target": target}
    reading = read_form(LUNG, values)
    assert "sputum_result" in [spec.code for spec in reading.applicable]
    assert reading.values["sputum_result"] == ""
    assert read_form(LUNG, {**values, "sputum_result": "E"}).values["sputum_result"] == "E"


def test_a_blank_controller_skips_the_field_because_a_blank_never_matches_a_value() -> None:
    values = validate(LUNG, {**LUNG_BASE, "sputum_target": "*"})
    assert values["sputum_target"] == Blank.BLANK
    assert values["sputum_result"] == Blank.NOT_APPLICABLE


def test_a_skipped_field_with_a_control_character_is_refused() -> None:
    reading = read_form(LUNG, {**LUNG_BASE, "sputum_target": "2", "sputum_result": "\x00"})
    assert "制御文字" in reading.errors["sputum_result"]


def test_a_skip_rule_naming_a_value_with_no_label_shows_the_value() -> None:
    form = FormSpec(
        "t",
        "試験票",
        (
            FieldSpec("kind", "種別", FieldType.TEXT, True),
            FieldSpec("detail", "詳細", FieldType.TEXT, False, skip_unless=("kind", ("A",))),
        ),
    )
    with pytest.raises(FormInputError) as refused:
        validate(form, {"kind": "B", "detail": "x"})
    assert refused.value.errors["detail"].startswith("種別が「A」の場合だけ")


# --- whole forms --------------------------------------------------------------------------------

COMMON = {"screening_date": "R7.6.1", "clinic_code": "1312345678", "first_time": "初回"}
EXAMPLES: dict[str, dict[str, str]] = {
    "stomach_xray": {"method": "間接撮影", "findings": "2", "judgement": "1"},
    "stomach_endo": {
        "method": "経鼻",
        "findings": "5",
        "biopsy": "実施",
        "biopsy_result": "Group 4",
        "judgement": "要精検",
    },
    "lung": {
        "xray_judgement": "E",
        "sputum_target": "1",
        "sputum_result": "b",
        "judgement": "2",
    },
    "colorectal": {"fobt_day1": "陰性", "fobt_day2": "陽性", "judgement": "2"},
    "breast": {"mammography_views": "2", "mammography_category": "カテゴリー3", "judgement": "2"},
    "cervical": {"specimen_adequacy": "適正", "cytology": "ASC-US", "judgement": "2"},
    "prostate_psa": {"psa": "４．２５", "judgement": "2"},
    "periodontal": {
        "present_teeth": "２８",
        "cpi_17": "1",
        "cpi_11": "0",
        "cpi_26": "2",
        "cpi_36": "x",
        "cpi_31": "0",
        "cpi_46": "9",
        "judgement": "2",
    },
    "osteoporosis": {"measurement_method": "DXA法", "bone_density_yam": "72.5", "judgement": "2"},
    "welfare_checkup": {
        "height": "158.4",
        "weight": "６１．２０",
        "systolic_bp": "132",
        "diastolic_bp": "084",
        "hba1c": "5.9",
        "ldl_cholesterol": "142",
        "hdl_cholesterol": "58",
        "triglycerides": "１２０",
        "ast": "22",
        "alt": "19",
        "ggt": "35",
        "creatinine": "0.72",
        "judgement": "1",
    },
}


def test_there_is_one_form_for_each_of_the_ten_programs() -> None:
    assert set(FORMS) == set(DEFAULT_PROGRAMS) == set(EXAMPLES)
    assert len(FORMS) == 10


@pytest.mark.parametrize("code", sorted(FORMS))
def test_every_form_has_the_common_fields_in_paper_order(code: str) -> None:
    form = get_form(code)
    codes = [spec.code for spec in form.fields]
    assert form.code == code
    assert codes[:3] == ["screening_date", "clinic_code", "first_time"]
    assert codes[-2:] == ["judgement", "comment"]
    assert not form.field("comment").double_keyed
    assert form.field("judgement").choices == (("1", "異常認めず"), ("2", "要精検"))
    assert all(spec.label and spec.hint for spec in form.fields)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_every_form_validates_a_realistic_complete_example(code: str) -> None:
    form = get_form(code)
    values = validate(form, {**COMMON, **EXAMPLES[code], "comment": " 特記事項なし "})
    assert list(values) == [spec.code for spec in form.fields]
    assert values["screening_date"] == "2025-06-01"
    assert values["first_time"] == "1"
    assert values["comment"] == "特記事項なし"
    assert all(values[spec.code] for spec in form.fields if spec.required)


def test_realistic_examples_read_to_their_codes_and_plain_numbers() -> None:
    assert (
        validate(get_form("stomach_endo"), {**COMMON, **EXAMPLES["stomach_endo"]})["biopsy_result"]
        == "4"
    )
    welfare = validate(get_form("welfare_checkup"), {**COMMON, **EXAMPLES["welfare_checkup"]})
    assert (welfare["weight"], welfare["diastolic_bp"], welfare["triglycerides"]) == (
        "61.2",
        "84",
        "120",
    )
    psa = validate(get_form("prostate_psa"), {**COMMON, **EXAMPLES["prostate_psa"]})
    assert psa["psa"] == "4.25"
    periodontal = validate(get_form("periodontal"), {**COMMON, **EXAMPLES["periodontal"]})
    assert periodontal["cpi_36"] == "X"


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("height", "99.9", "100〜220 cm の範囲"),
        ("weight", "60.25", "小数点以下1桁まで"),
        ("systolic_bp", "300", "50〜260 mmHg の範囲"),
        ("diastolic_bp", "80.5", "整数"),
        ("hba1c", "2.9", "3.0〜20.0 % の範囲"),
        ("creatinine", "0.725", "小数点以下2桁まで"),
    ],
)
def test_welfare_checkup_measurements_are_range_checked_with_their_units(
    field: str, raw: str, message: str
) -> None:
    with pytest.raises(FormInputError) as refused:
        validate(get_form("welfare_checkup"), {**COMMON, **EXAMPLES["welfare_checkup"], field: raw})
    assert list(refused.value.errors) == [field]
    assert message in refused.value.errors[field]


def test_all_errors_of_a_form_are_reported_at_once_including_unknown_fields() -> None:
    form = get_form("osteoporosis")
    with pytest.raises(FormInputError) as refused:
        validate(form, {"screening_date": "平成31年5月1日", "bone_density_yam": "200", "yam": "1"})
    errors = refused.value.errors
    assert set(errors) == {
        "screening_date",
        "clinic_code",
        "first_time",
        "measurement_method",
        "bone_density_yam",
        "judgement",
        "yam",
    }
    assert errors["yam"] == "「骨粗鬆症検診結果票」にない項目です"
    assert errors["clinic_code"] == REQUIRED_MESSAGE
    assert "7項目" in refused.value.message


def test_an_optional_field_left_empty_is_stored_as_nothing_keyed() -> None:
    values = validate(
        get_form("welfare_checkup"), {**COMMON, **EXAMPLES["welfare_checkup"]} | {"creatinine": ""}
    )
    assert values["creatinine"] == ""
    assert values["comment"] == ""


def test_an_unknown_form_or_field_is_refused_in_japanese() -> None:
    with pytest.raises(UnknownFormError, match="検診票は登録されていません"):
        get_form("liver")
    with pytest.raises(UnknownFormError, match="項目「psa」はありません"):
        get_form("lung").field("psa")
    with pytest.raises(LookupError):
        get_form("")


def test_a_form_definition_with_a_duplicate_field_or_a_late_controller_is_refused() -> None:
    with pytest.raises(FormDefinitionError, match="重複"):
        FormSpec("t", "試験票", (TEXT, TEXT))
    late = replace(TEXT, code="late", skip_unless=("comment", ("1",)))
    with pytest.raises(FormDefinitionError, match="前に置いてください"):
        FormSpec("t", "試験票", (late, TEXT))


# --- robustness ------------------------------------------------------------------------------

ALL_FIELDS = [spec for form in FORMS.values() for spec in form.fields] + [INTEGER, YAM, TEXT]


@given(st.sampled_from(ALL_FIELDS), st.text(max_size=40))
def test_no_input_makes_canonical_raise_anything_but_its_own_error(
    field: FieldSpec, raw: str
) -> None:
    try:
        value = canonical(field, raw)
    except FieldInputError as error:
        assert error.message
    else:
        assert canonical(field, value) == value


@given(
    st.sampled_from(ALL_FIELDS),
    st.text(alphabet="0123456789０１.-/*?R年月日令和平成 NILMBx#na", max_size=12),
)
def test_a_canonical_value_reads_back_as_itself(field: FieldSpec, raw: str) -> None:
    try:
        value = canonical(field, raw)
    except FieldInputError:
        return
    assert canonical(field, value) == value
