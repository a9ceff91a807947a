"""What a clerk typed into the one search box: kana, a birth date, a register or 個人番号."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain import kana, my_number, voucher_number, wareki
from app.domain.errors import KenshinError

MAX_QUERY = 64
REGISTER_DIGITS = 10


class SearchInputError(KenshinError, ValueError):
    """The box holds something that is none of the searchable kinds."""


class QueryKind(StrEnum):
    KANA = "kana"
    BIRTH_DATE = "birth_date"
    REGISTER_NO = "register_no"
    MY_NUMBER = "my_number"
    VOUCHER = "voucher"


@dataclass(frozen=True)
class SearchQuery:
    kind: QueryKind
    text: str
    birth_date: date | None = None


def classify(text: str) -> SearchQuery | None:
    """None for an empty box; otherwise the kind of search, or a Japanese refusal."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    if len(value) > MAX_QUERY or any(unicodedata.category(ch)[0] == "C" for ch in value):
        raise SearchInputError(
            f"検索語は{MAX_QUERY}文字以内で、制御文字を含めずに入力してください。"
        )
    digits = value.replace(" ", "").replace("-", "")
    if digits.isascii() and digits.isdigit():
        if len(digits) == 12:
            if not my_number.is_valid(digits):
                raise SearchInputError(
                    "個人番号の検査用数字が一致しません。番号を確認してください。"
                )
            return SearchQuery(QueryKind.MY_NUMBER, digits)
        if len(digits) == REGISTER_DIGITS:
            return SearchQuery(QueryKind.REGISTER_NO, digits)
        if len(digits) == voucher_number.LENGTH:
            return SearchQuery(QueryKind.VOUCHER, voucher_number.normalise(digits))
    if kana.is_kana(value):
        return SearchQuery(QueryKind.KANA, kana.search_key(value))
    try:
        day = wareki.parse_date(value)
    except wareki.DateInputError as error:
        if any(ch.isdigit() for ch in value):
            raise SearchInputError(error.message) from error
        raise SearchInputError(
            "カナ氏名（前方一致）、生年月日（和暦・西暦）、住民番号（10桁）、"
            "受診券番号（11桁）で検索できます。"
        ) from error
    return SearchQuery(QueryKind.BIRTH_DATE, value, birth_date=day)
