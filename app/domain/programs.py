"""Screening programs (検診事業) as data: the city's defaults and their settings round trip."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from types import MappingProxyType

from app.domain.errors import KenshinError

ENDOSCOPY_CODE = "stomach_endo"
# screening_results.source of a result the resident's former city recorded, taken in through
# 情報連携: it counts for eligibility, never in this city's statistics, follow-ups or reminders.
FORMER_CITY = "former_city"
SEXES = ("M", "F")


class ProgramError(KenshinError, ValueError):
    """A program setting that does not make sense; the message is Japanese."""


class UnknownProgramError(KenshinError, LookupError):
    """A program code that the settings do not define."""


class AgeBasis(StrEnum):
    """Which day a program's age is counted on."""

    FISCAL_YEAR_END = "fiscal_year_end"
    """年度末年齢: the age on 31 March, i.e. reached within the fiscal year (the default)."""
    APRIL_1 = "april_1"
    """4月1日時点の年齢: the age as the fiscal year begins (coupons)."""


@dataclass(frozen=True)
class Program:
    """A screening program and who it is for; every value is a city setting.

    `interval_fiscal_years` k means one screening per k fiscal years: a screening of the
    program in fiscal year N−k+1 … N blocks fiscal year N.  Milestone programs have None and
    `milestone_ages`; a screening earlier in the same fiscal year still blocks them.
    `blocked_after_endoscopy`: a stomach endoscopy in the previous fiscal year blocks it.
    Programs sharing a `same_year_group` count as one screening per fiscal year (胃がん検診 is
    either X線 or 内視鏡, not both in one year).
    """

    code: str
    name_ja: str
    min_age: int
    max_age: int | None = None
    sex: str | None = None
    interval_fiscal_years: int | None = 1
    milestone_ages: tuple[int, ...] = ()
    age_basis: AgeBasis = AgeBasis.FISCAL_YEAR_END
    requires_welfare: bool = False
    requires_nhi: bool = False
    coupon_ages: tuple[int, ...] = ()
    coupon_age_basis: AgeBasis = AgeBasis.APRIL_1
    blocked_after_endoscopy: bool = False
    same_year_group: str | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        problem = _ages_problem(self) or _rule_problem(self)
        if problem:
            raise ProgramError(f"検診「{self.code}」の設定が正しくありません: {problem}")

    @property
    def is_milestone(self) -> bool:
        """True for programs offered only at the listed ages (節目年齢)."""
        return bool(self.milestone_ages)


def _ages_problem(program: Program) -> str | None:
    if program.min_age < 0:
        return "対象年齢の下限が負です"
    if program.max_age is not None and program.max_age < program.min_age:
        return "対象年齢の上限が下限より小さいです"
    if any(age < 0 for age in program.milestone_ages + program.coupon_ages):
        return "節目年齢・クーポン年齢に負の値があります"
    return None


def _rule_problem(program: Program) -> str | None:
    if not program.code or not program.name_ja:
        return "コードと名称は必須です"
    if program.sex is not None and program.sex not in SEXES:
        return "性別は M・F・指定なしのいずれかです"
    if program.is_milestone != (program.interval_fiscal_years is None):
        return "節目年齢の検診は受診間隔なし、それ以外は受診間隔ありで設定してください"
    if program.interval_fiscal_years is not None and program.interval_fiscal_years < 1:
        return "受診間隔は1年度以上です"
    return None


_STOMACH_NOTE = "内視鏡検査を受けた翌年度は、胃がん検診（X線・内視鏡とも）の対象外"

_DEFAULTS: tuple[Program, ...] = (
    Program(
        "stomach_xray",
        "胃がん（X線）",
        40,
        blocked_after_endoscopy=True,
        same_year_group="stomach",
        notes=_STOMACH_NOTE,
    ),
    Program(
        "stomach_endo",
        "胃がん（内視鏡）",
        50,
        interval_fiscal_years=2,
        blocked_after_endoscopy=True,
        same_year_group="stomach",
        notes=_STOMACH_NOTE,
    ),
    Program(
        "lung",
        "肺がん",
        40,
        notes="喀痰細胞診は50歳以上で喫煙指数（1日本数×年数）600以上の者のみ",
    ),
    Program("colorectal", "大腸がん", 40),
    Program(
        "breast",
        "乳がん",
        40,
        sex="F",
        interval_fiscal_years=2,
        coupon_ages=(40,),
        notes="4月1日時点で40歳の者に無料クーポン",
    ),
    Program(
        "cervical",
        "子宮頸がん",
        20,
        sex="F",
        interval_fiscal_years=2,
        coupon_ages=(20,),
        notes="4月1日時点で20歳の者に無料クーポン。HPV検査単独法（30歳以上、5年に1回）は今後の設定",
    ),
    Program(
        "prostate_psa",
        "前立腺（国保PSA）",
        50,
        max_age=74,
        sex="M",
        requires_nhi=True,
        notes="市独自事業（国の指針外）。受診日に国保加入の者",
    ),
    Program(
        "periodontal",
        "歯周疾患検診",
        20,
        interval_fiscal_years=None,
        milestone_ages=(20, 30, 40, 50, 60, 70),
        notes="受診券は4月に郵送",
    ),
    Program(
        "osteoporosis",
        "骨粗鬆症検診",
        40,
        sex="F",
        interval_fiscal_years=None,
        milestone_ages=(40, 45, 50, 55, 60, 65, 70),
        notes="治療中の者は対象外（住記では判別できないため窓口で確認）",
    ),
    Program(
        "welfare_checkup",
        "健康診査（生活保護受給者等）",
        40,
        requires_welfare=True,
        notes="健康増進法施行規則第4条の2第4号。受診日に生活保護受給中の者",
    ),
)


DEFAULT_PROGRAMS: Mapping[str, Program] = MappingProxyType(
    {program.code: program for program in _DEFAULTS}
)


def get(code: str, programs: Mapping[str, Program] | None = None) -> Program:
    """The program with `code` from `programs` (the defaults when None)."""
    program = (DEFAULT_PROGRAMS if programs is None else programs).get(code)
    if program is None:
        raise UnknownProgramError(f"検診の種類「{code}」は登録されていません")
    return program


def to_settings(program: Program) -> dict[str, object]:
    """JSON-safe settings for a program: tuples as lists, enums as their string values."""
    settings: dict[str, object] = {}
    for field in fields(program):
        value = getattr(program, field.name)
        settings[field.name] = list(value) if isinstance(value, tuple) else _plain(value)
    return settings


def _plain(value: object) -> object:
    return str(value) if isinstance(value, AgeBasis) else value


def from_settings(settings: Mapping[str, object]) -> Program:
    """A program from its stored settings; `ProgramError` names the setting that is wrong.

    Missing optional keys take the defaults (no interval for a program with milestone ages,
    else every fiscal year) and unknown keys are ignored, so that a client can read settings
    written by a newer server.
    """
    if not isinstance(settings, Mapping):
        raise ProgramError("検診の設定は項目名と値の組で指定してください")
    reader = _SettingsReader(settings)
    milestone_ages = reader.integers("milestone_ages")
    return Program(
        code=reader.text("code"),
        name_ja=reader.text("name_ja"),
        min_age=reader.integer("min_age"),
        max_age=reader.optional_integer("max_age"),
        sex=reader.optional_text("sex"),
        interval_fiscal_years=reader.optional_integer(
            "interval_fiscal_years", default=None if milestone_ages else 1
        ),
        milestone_ages=milestone_ages,
        age_basis=reader.basis("age_basis", AgeBasis.FISCAL_YEAR_END),
        requires_welfare=reader.flag("requires_welfare"),
        requires_nhi=reader.flag("requires_nhi"),
        coupon_ages=reader.integers("coupon_ages"),
        coupon_age_basis=reader.basis("coupon_age_basis", AgeBasis.APRIL_1),
        blocked_after_endoscopy=reader.flag("blocked_after_endoscopy"),
        same_year_group=reader.optional_text("same_year_group"),
        notes=reader.text("notes", default=""),
    )


_REQUIRED = object()


class _SettingsReader:
    """Typed reads from a settings mapping, each failing with the setting's name."""

    def __init__(self, settings: Mapping[str, object]) -> None:
        self._settings = settings

    def _value(self, key: str, default: object) -> object:
        value = self._settings.get(key, default)
        if value is _REQUIRED:
            raise ProgramError(f"検診の設定「{key}」がありません")
        return value

    def text(self, key: str, default: object = _REQUIRED) -> str:
        value = self._value(key, default)
        if not isinstance(value, str):
            raise ProgramError(f"検診の設定「{key}」は文字列で指定してください")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self._value(key, None) is None else self.text(key)

    def integer(self, key: str, default: object = _REQUIRED) -> int:
        value = self._value(key, default)
        # bool is an int subclass, but true is not an age.
        if not isinstance(value, int) or isinstance(value, bool):
            raise ProgramError(f"検診の設定「{key}」は整数で指定してください")
        return value

    def optional_integer(self, key: str, default: int | None = None) -> int | None:
        return None if self._value(key, default) is None else self.integer(key, default)

    def integers(self, key: str) -> tuple[int, ...]:
        value = self._value(key, [])
        if not isinstance(value, list | tuple):
            raise ProgramError(f"検診の設定「{key}」は整数の一覧で指定してください")
        return tuple(self._element(key, item) for item in value)

    def _element(self, key: str, item: object) -> int:
        if not isinstance(item, int) or isinstance(item, bool):
            raise ProgramError(f"検診の設定「{key}」は整数の一覧で指定してください")
        return item

    def flag(self, key: str) -> bool:
        value = self._value(key, False)
        if not isinstance(value, bool):
            raise ProgramError(f"検診の設定「{key}」は真偽値で指定してください")
        return value

    def basis(self, key: str, default: AgeBasis) -> AgeBasis:
        value = self._value(key, default.value)
        allowed = [basis.value for basis in AgeBasis]
        if isinstance(value, str) and value in allowed:
            return AgeBasis(value)
        raise ProgramError(f"検診の設定「{key}」は {'・'.join(allowed)} のいずれかです")
