"""Each program's checkup form (検診票) as data, and the reading of what clerks key from it.

A field holds a value or one of three explicit blank codes (`Blank`): 空欄 (nothing written on
the paper), 判読不能 (illegible) and 該当なし (not applicable).  An empty input is not a blank:
it means "not keyed", which a required field refuses.  Every value is reduced to one canonical
text, so that two clerks keying the same paper differently (R7.6.1 / 2025-06-01, ０８５ / 85,
.85 / 0.85) produce the same stored value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum, StrEnum
from types import MappingProxyType

from app.domain.errors import KenshinError
from app.domain.wareki import DateInputError, parse_date

MAX_INPUT_LENGTH = 1000
REQUIRED_MESSAGE = "必須項目です。空欄の場合は * を入力してください"
DATE_HINT = "例: R7.6.1"


class FieldInputError(KenshinError, ValueError):
    """A keyed value that cannot be read for its field; the message says what to fix."""


class FormInputError(KenshinError):
    """A keyed form with one or more wrong fields; `errors` maps each field code to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(
            f"入力内容に誤りがあります（{len(errors)}項目）。各項目の表示に従って直してください"
        )
        self.errors = dict(errors)


class UnknownFormError(KenshinError, LookupError):
    """A form or form field that is not defined."""


class FormDefinitionError(KenshinError, ValueError):
    """A form definition that does not make sense (a programming error, caught at import)."""


class FieldType(StrEnum):
    """How a field is keyed and read."""

    DATE = "date"
    CODE = "code"
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"


class Blank(StrEnum):
    """Explicit blank codes, stored as these canonical values; never equal to any real value."""

    BLANK = "#blank"
    """空欄: nothing was written on the paper."""
    ILLEGIBLE = "#illegible"
    """判読不能: something was written but cannot be read."""
    NOT_APPLICABLE = "#na"
    """該当なし: the field does not apply to this person."""

    @property
    def label(self) -> str:
        """The Japanese name shown to clerks."""
        return _BLANK_LABELS[self]


_BLANK_LABELS: Mapping[Blank, str] = MappingProxyType(
    {Blank.BLANK: "空欄", Blank.ILLEGIBLE: "判読不能", Blank.NOT_APPLICABLE: "該当なし"}
)

BLANK_TOKENS: Mapping[str, Blank] = MappingProxyType(
    {
        "*": Blank.BLANK,
        "空欄": Blank.BLANK,
        Blank.BLANK.value: Blank.BLANK,
        "?": Blank.ILLEGIBLE,
        "判読不能": Blank.ILLEGIBLE,
        Blank.ILLEGIBLE.value: Blank.ILLEGIBLE,
        "/": Blank.NOT_APPLICABLE,
        "該当なし": Blank.NOT_APPLICABLE,
        Blank.NOT_APPLICABLE.value: Blank.NOT_APPLICABLE,
    }
)
"""What a clerk may type for each blank, after NFKC (so ＊ ？ ／ work too).

The canonical values themselves are accepted, so reading a stored value again changes nothing.
"""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a checkup form.

    `skip_unless` (controller code, allowed canonical values): the field applies only when the
    controller, an earlier field, holds one of the values.  `digits` makes a TEXT field exactly
    that many digits (institution codes, whose leading zeros matter).  `double_keyed` False
    excludes the field from double-entry comparison (free comments).
    """

    code: str
    label: str
    type: FieldType
    required: bool
    double_keyed: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    decimals: int = 0
    unit: str = ""
    max_length: int = 200
    digits: int | None = None
    skip_unless: tuple[str, tuple[str, ...]] | None = None
    hint: str = ""


@dataclass(frozen=True)
class FormSpec:
    """A program's checkup form: its fields in the order they appear on the paper."""

    code: str
    name: str
    fields: tuple[FieldSpec, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for spec in self.fields:
            if spec.code in seen:
                raise FormDefinitionError(
                    f"検診票「{self.code}」の項目「{spec.code}」が重複しています"
                )
            if spec.skip_unless is not None and spec.skip_unless[0] not in seen:
                raise FormDefinitionError(
                    f"検診票「{self.code}」の項目「{spec.code}」の条件となる項目は、"
                    "それより前に置いてください"
                )
            seen.add(spec.code)

    def field(self, code: str) -> FieldSpec:
        """The field with `code`; `UnknownFormError` if the form has none."""
        for spec in self.fields:
            if spec.code == code:
                return spec
        raise UnknownFormError(f"検診票「{self.name}」に項目「{code}」はありません")


# --- reading one field ------------------------------------------------------------------------


def canonical(field: FieldSpec, raw: str) -> str:
    """The canonical text of `raw` keyed into `field`; `FieldInputError` says what to fix.

    Blank tokens become `Blank` values; an empty input is "" for an optional field and an
    error for a required one.  DATE → ISO YYYY-MM-DD; INTEGER → digits without leading zeros;
    DECIMAL → plain decimal without trailing zeros ("12.0" → "12", ".85" → "0.85"); CODE →
    the code (keyed as the code, case-insensitively, or as its exact label); TEXT → as keyed.
    """
    text = _clean(raw)
    if not text:
        if field.required:
            raise FieldInputError(REQUIRED_MESSAGE)
        return ""
    blank = BLANK_TOKENS.get(text)
    if blank is not None:
        return blank.value
    return _READERS[field.type](field, text)


def plain(raw: str) -> str:
    """`raw` after NFKC with surrounding whitespace removed (how an unreadable value compares)."""
    return unicodedata.normalize("NFKC", raw).strip()


def _clean(raw: str) -> str:
    if len(raw) > MAX_INPUT_LENGTH:
        raise FieldInputError(f"入力が長すぎます（{MAX_INPUT_LENGTH}文字以内で入力してください）")
    text = plain(raw)
    if any(unicodedata.category(char).startswith("C") for char in text):
        raise FieldInputError("使えない文字（制御文字など）が含まれています。取り除いてください")
    return text


def _read_date(field: FieldSpec, text: str) -> str:
    try:
        return parse_date(text).isoformat()
    except DateInputError as error:
        raise FieldInputError(error.message) from error


_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"(?P<sign>-?)(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?")


def _read_integer(field: FieldSpec, text: str) -> str:
    if not _INTEGER.fullmatch(text):
        raise FieldInputError("整数を数字だけで入力してください" + _bounds_note(field))
    value = int(text)
    _check_range(field, Decimal(value))
    return str(value)


def _read_decimal(field: FieldSpec, text: str) -> str:
    match = _DECIMAL.fullmatch(text)
    if match is None or not (match["whole"] or match["fraction"]):
        raise FieldInputError("数値を数字と小数点で入力してください" + _bounds_note(field))
    fraction = (match["fraction"] or "").rstrip("0")
    if len(fraction) > field.decimals:
        raise FieldInputError(f"小数点以下{field.decimals}桁までで入力してください")
    whole = match["whole"].lstrip("0") or "0"
    number = f"{whole}.{fraction}" if fraction else whole
    value = Decimal(match["sign"] + number)
    _check_range(field, value)
    return number if value.is_zero() else match["sign"] + number


def _bounds(field: FieldSpec) -> str:
    unit = f" {field.unit}" if field.unit else ""
    low, high = field.minimum, field.maximum
    if low is not None and high is not None:
        return f"{low}〜{high}{unit} の範囲"
    if low is not None:
        return f"{low}{unit} 以上"
    if high is not None:
        return f"{high}{unit} 以下"
    return ""


def _bounds_note(field: FieldSpec) -> str:
    bounds = _bounds(field)
    return f"（{bounds}）" if bounds else ""


def _check_range(field: FieldSpec, value: Decimal) -> None:
    too_low = field.minimum is not None and value < field.minimum
    too_high = field.maximum is not None and value > field.maximum
    if too_low or too_high:
        raise FieldInputError(f"{_bounds(field)}で入力してください")


def _read_code(field: FieldSpec, text: str) -> str:
    folded = text.casefold()
    for code, label in field.choices:
        if folded == code.casefold() or text == plain(label):
            return code
    options = "、".join(f"{code}={label}" for code, label in field.choices)
    raise FieldInputError(f"次のいずれかを入力してください: {options}")


def _read_text(field: FieldSpec, text: str) -> str:
    if field.digits is not None and not re.fullmatch(f"[0-9]{{{field.digits}}}", text):
        raise FieldInputError(f"{field.digits}桁の数字で入力してください")
    if len(text) > field.max_length:
        raise FieldInputError(
            f"{field.max_length}文字以内で入力してください（{len(text)}文字あります）"
        )
    return text


_READERS: Mapping[FieldType, Callable[[FieldSpec, str], str]] = MappingProxyType(
    {
        FieldType.DATE: _read_date,
        FieldType.CODE: _read_code,
        FieldType.INTEGER: _read_integer,
        FieldType.DECIMAL: _read_decimal,
        FieldType.TEXT: _read_text,
    }
)


# --- reading a whole form ---------------------------------------------------------------------


class _Rule(Enum):
    APPLIES = "applies"
    SKIPPED = "skipped"
    UNKNOWN = "unknown"
    """The controlling field is unreadable or 判読不能: the field may apply, but is optional."""


@dataclass(frozen=True)
class FormReading:
    """What could be read of a keyed form, never raising.

    `values`: canonical value of every field read without error (a skipped field is 該当なし).
    `errors`: field code → Japanese message for the fields that could not be read.
    `applicable`: the fields to show, in paper order (skip rules applied).
    """

    values: Mapping[str, str]
    errors: Mapping[str, str]
    applicable: tuple[FieldSpec, ...]


def read_form(form: FormSpec, values: Mapping[str, str]) -> FormReading:
    """Read every field of `form` from `values` (missing keys are ""), applying skip rules."""
    read: dict[str, str] = {}
    errors: dict[str, str] = {}
    shown: list[FieldSpec] = []
    for spec in form.fields:
        rule = _rule_for(spec, read)
        if rule is not _Rule.SKIPPED:
            shown.append(spec)
        try:
            read[spec.code] = _read_field(form, spec, values.get(spec.code, ""), rule)
        except FieldInputError as error:
            errors[spec.code] = error.message
    return FormReading(MappingProxyType(read), MappingProxyType(errors), tuple(shown))


def _rule_for(spec: FieldSpec, read: Mapping[str, str]) -> _Rule:
    if spec.skip_unless is None:
        return _Rule.APPLIES
    controller, allowed = spec.skip_unless
    value = read.get(controller)
    if value is None or value == Blank.ILLEGIBLE:
        return _Rule.UNKNOWN
    return _Rule.APPLIES if value in allowed else _Rule.SKIPPED


def _read_field(form: FormSpec, spec: FieldSpec, raw: str, rule: _Rule) -> str:
    if rule is _Rule.APPLIES:
        return canonical(spec, raw)
    if rule is _Rule.UNKNOWN:
        return canonical(replace(spec, required=False), raw)
    text = _clean(raw)
    if text and BLANK_TOKENS.get(text) is not Blank.NOT_APPLICABLE:
        raise FieldInputError(_skipped_message(form, spec))
    return Blank.NOT_APPLICABLE.value


def _skipped_message(form: FormSpec, spec: FieldSpec) -> str:
    assert spec.skip_unless is not None  # only skipped fields get here
    controller = form.field(spec.skip_unless[0])
    labels = dict(controller.choices)
    allowed = "・".join(labels.get(code, code) for code in spec.skip_unless[1])
    return (
        f"{controller.label}が「{allowed}」の場合だけ記入する項目です。"
        "空のままにするか / （該当なし）を入力してください"
    )


def validate(form: FormSpec, values: Mapping[str, str]) -> dict[str, str]:
    """Canonical values of every field of `form`; `FormInputError` lists every wrong field.

    A key that is not a field of the form is an error too (keyed under that key).
    """
    reading = read_form(form, values)
    errors = dict(reading.errors)
    known = {spec.code for spec in form.fields}
    for code in values:
        if code not in known:
            errors[code] = f"「{form.name}」にない項目です"
    if errors:
        raise FormInputError(errors)
    return dict(reading.values)


def applicable(form: FormSpec, values: Mapping[str, str]) -> list[FieldSpec]:
    """The fields to show for what has been keyed so far, in paper order."""
    return list(read_form(form, values).applicable)


def get_form(code: str) -> FormSpec:
    """The checkup form of program `code`; `UnknownFormError` if there is none."""
    form = FORMS.get(code)
    if form is None:
        raise UnknownFormError(f"検診の種類「{code}」の検診票は登録されていません")
    return form


# --- the ten forms ----------------------------------------------------------------------------


def _choice(
    code: str,
    label: str,
    choices: tuple[tuple[str, str], ...],
    *,
    skip_unless: tuple[str, tuple[str, ...]] | None = None,
    required: bool = True,
    hint: str = "",
) -> FieldSpec:
    return FieldSpec(
        code,
        label,
        FieldType.CODE,
        required,
        choices=choices,
        skip_unless=skip_unless,
        hint=hint or "・".join(f"{key}={name}" for key, name in choices),
    )


def _number(
    code: str,
    label: str,
    bounds: tuple[str, str],
    unit: str,
    decimals: int = 0,
    *,
    required: bool = True,
) -> FieldSpec:
    low, high = bounds
    hint = f"{low}〜{high} {unit}" + (f"、小数{decimals}桁まで" if decimals else "")
    return FieldSpec(
        code,
        label,
        FieldType.DECIMAL if decimals else FieldType.INTEGER,
        required,
        minimum=Decimal(low),
        maximum=Decimal(high),
        decimals=decimals,
        unit=unit,
        hint=hint,
    )


_YES_NO_DONE = (("1", "実施"), ("2", "未実施"))
_NEGATIVE_POSITIVE = (("1", "陰性"), ("2", "陽性"))
_STOMACH_FINDINGS = (
    ("1", "所見なし"),
    ("2", "慢性胃炎"),
    ("3", "胃ポリープ"),
    ("4", "胃・十二指腸潰瘍（瘢痕を含む）"),
    ("5", "胃がん疑い"),
    ("9", "その他"),
)
_BIOPSY_GROUPS = (*((str(group), f"Group {group}") for group in range(1, 6)), ("X", "Group X"))
_CPI = (
    ("0", "ポケット4mm未満"),
    ("1", "ポケット4〜5mm"),
    ("2", "ポケット6mm以上"),
    ("9", "除外歯"),
    ("X", "該当歯なし"),
)
_SEXTANTS = (
    ("17", "右上臼歯部"),
    ("11", "上顎前歯部"),
    ("26", "左上臼歯部"),
    ("36", "左下臼歯部"),
    ("31", "下顎前歯部"),
    ("46", "右下臼歯部"),
)

COMMON_HEAD: tuple[FieldSpec, ...] = (
    FieldSpec("screening_date", "受診日", FieldType.DATE, True, hint=DATE_HINT),
    FieldSpec(
        "clinic_code",
        "医療機関コード",
        FieldType.TEXT,
        True,
        max_length=10,
        digits=10,
        hint="10桁の数字",
    ),
    _choice(
        "first_time",
        "初回・非初回",
        (("1", "初回"), ("2", "非初回")),
        hint="初回=過去3年間に受診なし",
    ),
)
COMMON_TAIL: tuple[FieldSpec, ...] = (
    _choice("judgement", "判定", (("1", "異常認めず"), ("2", "要精検"))),
    FieldSpec(
        "comment",
        "所見・備考",
        FieldType.TEXT,
        False,
        double_keyed=False,
        hint="自由記述（照合しません）",
    ),
)


def _form(code: str, name: str, *specific: FieldSpec) -> FormSpec:
    return FormSpec(code, name, (*COMMON_HEAD, *specific, *COMMON_TAIL))


_FORMS: tuple[FormSpec, ...] = (
    _form(
        "stomach_xray",
        "胃がん検診（X線）結果票",
        _choice("method", "撮影方法", (("1", "直接撮影"), ("2", "間接撮影"))),
        _choice("findings", "所見", _STOMACH_FINDINGS),
    ),
    _form(
        "stomach_endo",
        "胃がん検診（内視鏡）結果票",
        _choice("method", "挿入経路", (("1", "経口"), ("2", "経鼻"))),
        _choice("findings", "所見", _STOMACH_FINDINGS),
        _choice("biopsy", "生検", _YES_NO_DONE),
        _choice(
            "biopsy_result",
            "生検結果",
            _BIOPSY_GROUPS,
            skip_unless=("biopsy", ("1",)),
            required=False,
            hint="Group 1〜5・X（結果未着なら空のまま）",
        ),
    ),
    _form(
        "lung",
        "肺がん検診結果票",
        _choice(
            "xray_judgement",
            "胸部X線判定",
            (
                ("A", "読影不能"),
                ("B", "異常所見を認めない"),
                ("C", "精査不要の異常所見"),
                ("D", "肺がん以外の疾患で要治療"),
                ("E", "肺がんの疑い"),
            ),
        ),
        _choice(
            "sputum_target",
            "喀痰細胞診の対象",
            (("1", "対象"), ("2", "対象外")),
            hint="50歳以上で喫煙指数600以上なら 1=対象",
        ),
        _choice(
            "sputum_result",
            "喀痰細胞診判定",
            (
                ("A", "材料不適"),
                ("B", "異常を認めない"),
                ("C", "中等度異型"),
                ("D", "高度異型または悪性の疑い"),
                ("E", "悪性腫瘍細胞"),
            ),
            skip_unless=("sputum_target", ("1",)),
        ),
    ),
    _form(
        "colorectal",
        "大腸がん検診結果票",
        _choice("fobt_day1", "便潜血 1日目", _NEGATIVE_POSITIVE),
        _choice("fobt_day2", "便潜血 2日目", _NEGATIVE_POSITIVE),
    ),
    _form(
        "breast",
        "乳がん検診結果票",
        _choice(
            "mammography_views", "撮影方向", (("1", "1方向（MLO）"), ("2", "2方向（MLO・CC）"))
        ),
        _choice(
            "mammography_category",
            "マンモグラフィ判定",
            tuple((str(n), f"カテゴリー{n}") for n in range(1, 6)),
            hint="カテゴリー1〜5（1=異常なし 2=良性 3=悪性を否定できず 4=悪性の疑い 5=悪性）",
        ),
    ),
    _form(
        "cervical",
        "子宮頸がん検診結果票",
        _choice("specimen_adequacy", "標本の適否", (("1", "適正"), ("2", "不適正"))),
        _choice(
            "cytology",
            "細胞診（ベセスダ分類）",
            (
                ("NILM", "陰性"),
                ("ASC-US", "意義不明な異型扁平上皮細胞"),
                ("ASC-H", "HSILを除外できない異型扁平上皮細胞"),
                ("LSIL", "軽度扁平上皮内病変"),
                ("HSIL", "高度扁平上皮内病変"),
                ("SCC", "扁平上皮癌"),
                ("AGC", "異型腺細胞"),
                ("AIS", "上皮内腺癌"),
                ("Adenocarcinoma", "腺癌"),
            ),
            skip_unless=("specimen_adequacy", ("1",)),
            hint="NILM・ASC-US・ASC-H・LSIL・HSIL・SCC・AGC・AIS・Adenocarcinoma",
        ),
    ),
    _form(
        "prostate_psa",
        "前立腺がん検診（PSA）結果票",
        _number("psa", "PSA値", ("0", "10000"), "ng/mL", 2),
    ),
    _form(
        "periodontal",
        "歯周疾患検診結果票",
        _number("present_teeth", "現在歯数", ("0", "32"), "本"),
        *(
            _choice(f"cpi_{tooth}", f"CPI {area}（{tooth}）", _CPI, hint="0・1・2・9・X=該当歯なし")
            for tooth, area in _SEXTANTS
        ),
    ),
    _form(
        "osteoporosis",
        "骨粗鬆症検診結果票",
        _choice(
            "measurement_method", "測定方法", (("1", "DXA法"), ("2", "超音波法"), ("3", "MD法"))
        ),
        _number("bone_density_yam", "骨密度（YAM値）", ("30", "150"), "%YAM", 1),
    ),
    _form(
        "welfare_checkup",
        "健康診査結果票",
        _number("height", "身長", ("100", "220"), "cm", 1),
        _number("weight", "体重", ("20", "200"), "kg", 1),
        _number("systolic_bp", "収縮期血圧", ("50", "260"), "mmHg"),
        _number("diastolic_bp", "拡張期血圧", ("30", "160"), "mmHg"),
        _number("hba1c", "HbA1c（NGSP）", ("3.0", "20.0"), "%", 1),
        _number("ldl_cholesterol", "LDLコレステロール", ("10", "1000"), "mg/dL"),
        _number("hdl_cholesterol", "HDLコレステロール", ("5", "250"), "mg/dL"),
        _number("triglycerides", "中性脂肪", ("10", "5000"), "mg/dL"),
        _number("ast", "AST（GOT）", ("1", "5000"), "U/L"),
        _number("alt", "ALT（GPT）", ("1", "5000"), "U/L"),
        _number("ggt", "γ-GT", ("1", "5000"), "U/L"),
        _number("creatinine", "血清クレアチニン", ("0.10", "20.00"), "mg/dL", 2, required=False),
    ),
)

FORMS: Mapping[str, FormSpec] = MappingProxyType({form.code: form for form in _FORMS})
