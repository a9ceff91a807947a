"""The identity block of a checkup form: voucher number, kana, birth date and sex as keyed."""

from __future__ import annotations

from collections.abc import Mapping

from app.domain import kana, voucher_number, wareki
from app.domain.errors import KenshinError

IDENTITY_FIELDS = ("voucher_no", "kana", "birth_date", "sex")
IDENTITY_LABELS = {
    "voucher_no": "受診券番号",
    "kana": "氏名（カナ）",
    "birth_date": "生年月日",
    "sex": "性別",
}
SEX_CODES = {"1": "M", "2": "F", "M": "M", "F": "F", "男": "M", "女": "F"}


class IdentityInputError(KenshinError):
    """One or more identity fields cannot be read; `errors` maps field → Japanese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("本人確認の項目に誤りがあります: " + "、".join(errors.values()))
        self.errors = errors


def canonical_identity_field(name: str, raw: str) -> str:
    """The stored form of one identity field, or ValueError with a Japanese message."""
    text = raw.strip()
    if name == "voucher_no":
        # Optional: a form without a voucher is identified by kana, birth date and sex alone.
        return voucher_number.normalise(text) if text else ""
    if name == "kana":
        value = kana.normalise_kana(text[:200])
        if not value or not kana.is_kana(value):
            raise ValueError("氏名はカナで入力してください")
        return value
    if name == "birth_date":
        return wareki.parse_date(text).isoformat()
    if name == "sex":
        sex = SEX_CODES.get(text.upper())
        if sex is None:
            raise ValueError("性別は 1（男）または 2（女）で入力してください")
        return sex
    raise ValueError(f"不明な項目です: {name[:40]}")


def canonical_identity(raw: Mapping[str, str]) -> dict[str, str]:
    """All three fields canonicalised, or IdentityInputError naming each problem."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in IDENTITY_FIELDS:
        try:
            values[name] = canonical_identity_field(name, str(raw.get(name, "")))
        except ValueError as error:
            errors[name] = f"{IDENTITY_LABELS[name]}: {error}"
    if errors:
        raise IdentityInputError(errors)
    return values
