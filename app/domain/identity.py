"""The identity block of a checkup form: voucher number and the four basic facts as keyed."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from app.domain import kana, voucher_number, wareki
from app.domain.customer_barcode import CustomerBarcodeError, address_number
from app.domain.errors import KenshinError

IDENTITY_FIELDS = ("voucher_no", "kana", "birth_date", "sex", "address")
IDENTITY_LABELS = {
    "voucher_no": "受診券番号",
    "kana": "氏名（カナ）",
    "birth_date": "生年月日",
    "sex": "性別",
    "address": "住所",
}
MAX_ADDRESS = 300
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
    if name == "address":
        value = " ".join(unicodedata.normalize("NFKC", text).split())
        if not value or len(value) > MAX_ADDRESS or not value.isprintable():
            raise ValueError(f"住所を{MAX_ADDRESS}文字以内で入力してください")
        return value
    raise ValueError(f"不明な項目です: {name[:40]}")


def address_agrees(keyed: str, registered: str) -> bool:
    """The fourth basic fact: the keyed address names the registered one.

    Addresses are written many ways (3丁目18番11号, 3-18-11, full-width, with or without the
    city), so the comparison is on the address number (丁目-番-号…, as the customer barcode
    reads it); a keyed number of three parts or more may stop before the room (本町3-18-11 for
    3-18-11-203). An address with no number at all must appear, spaces aside, inside the
    registered one. Anything else goes to a supervisor, who sees both.
    """
    try:
        mine, theirs = address_number(keyed), address_number(registered)
    except CustomerBarcodeError:
        return False
    if not mine:
        squeeze = "".join(unicodedata.normalize("NFKC", keyed).split())
        return bool(squeeze) and squeeze in "".join(
            unicodedata.normalize("NFKC", registered).split()
        )
    return theirs == mine or (mine.count("-") >= 2 and theirs.startswith(mine + "-"))


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


def same_address(first: str, second: str) -> bool:
    """Two entries' addresses agree when they name the same address number (or read alike)."""
    if first == second:
        return True
    try:
        one, two = address_number(first), address_number(second)
    except CustomerBarcodeError:
        return False
    return bool(one) and one == two
