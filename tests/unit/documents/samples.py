"""Sample vouchers and notices for the document tests (synthetic people only)."""

from __future__ import annotations

from datetime import date

from app.documents.model import Addressee, NoticeDocument, Office, VoucherDocument, VoucherLine
from app.domain import voucher_number

OFFICE = Office(
    name="みどり区役所 保健福祉課 健診係",
    address="東京都みどり区中央一丁目1番1号",
    phone="03-1234-5678",
    hours="平日 8時30分〜17時15分",
)
ADDRESSEE = Addressee(
    name="山田 花子",
    kana="ヤマダ ハナコ",
    postal_code="1000013",
    address="東京都千代田区霞が関1-3-2 霞が関ビル503",
)
NUMBER = voucher_number.make(2025, 1234)
PROGRAMS = (
    VoucherLine("乳がん検診（マンモグラフィ）", "免除", coupon=True),
    VoucherLine("子宮頸がん検診", "1,000円"),
    VoucherLine("大腸がん検診", "500円"),
)


def voucher(**changes: object) -> VoucherDocument:
    values: dict[str, object] = {
        "number": NUMBER,
        "fiscal_year": 2025,
        "programs": PROGRAMS,
        "addressee": ADDRESSEE,
        "birth_date": date(1985, 6, 15),
        "sex": "F",
        "valid_from": date(2025, 4, 1),
        "valid_until": date(2026, 3, 31),
        "office": OFFICE,
    }
    values.update(changes)
    return VoucherDocument(**values)  # type: ignore[arg-type]


def reminder(**changes: object) -> NoticeDocument:
    values: dict[str, object] = {
        "kind": "reminder",
        "fiscal_year": 2025,
        "addressee": ADDRESSEE,
        "birth_date": date(1960, 2, 3),
        "sex": "M",
        "program_name": "大腸がん検診",
        "body_lines": (
            "拝啓　時下ますますご清祥のこととお喜び申し上げます。",
            "先日受診された大腸がん検診の結果、「要精密検査」と判定されましたが、"
            "精密検査を受けられたことの報告がまだ届いておりません。",
            "がんは早期に発見し治療することが大切です。まだ精密検査を受けていない方は、"
            "お早めに医療機関で精密検査を受けてください。",
            "すでに受診された方は、行き違いですのでご容赦ください。",
            "敬具",
        ),
        "office": OFFICE,
        "sealed": True,
        "issued_on": date(2025, 10, 1),
    }
    values.update(changes)
    return NoticeDocument(**values)  # type: ignore[arg-type]
