"""Screening vouchers (受診券) as PDF: postcards (148 × 100 mm) and A4 for window envelopes.

What every voucher shares is drawn once per PDF as form XObjects; per page only the values,
the QR code (``_qr``: ReportLab's own layout, computed faster) and the customer barcode, with
text written as ReportLab writes it (``_ops``).  A batch is one process and one PDF: split
over two processes, each half takes about half the time, but the halves must then become one
PDF for the clerk, and pypdf (the library at hand) takes as long to merge 2,000 pages as one
process takes to draw them (1.2 s against 1.3 s, measured), and the two halves each embed
their own font subset; two print jobs in a row are not one batch to a clerk.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from app.documents import DocumentError
from app.documents import _blocks as b
from app.documents._fonts import GOTHIC, register
from app.documents._marks import (
    barcode_bars,
    checked_number,
    draw_barcode,
    draw_qr,
    postal_code,
    refuse_my_number_shape,
)
from app.documents._ops import draw_centred, set_font
from app.documents.model import VoucherDocument, VoucherLine
from app.domain.wareki import format_fiscal_year

__all__ = ["a4_voucher", "a4_vouchers", "postcard_voucher", "postcards"]

POSTCARD = (148 * mm, 100 * mm)
BODY_W, BODY_H = 138 * mm, 90 * mm  # the voucher itself, drawn in its own frame
A4_SCALE = 1.3
_MAX_PROGRAMS_SHOWN = 7
_PERSON_LABELS = ("フリガナ", "氏名", "生年月日", "有効期間")
_ADDRESS_FORM = "postcardAddressSide"
_BODY_FORM = "voucherForm"


@dataclass(frozen=True)
class _Voucher:
    """A checked voucher with every printed value already formatted."""

    doc: VoucherDocument
    number: str
    bars: str
    year: str
    birth: str
    sex: str
    validity: str


def postcard_voucher(doc: VoucherDocument) -> bytes:
    """One voucher as a postcard: page 1 the address side, page 2 the voucher."""
    return postcards([doc])


def postcards(docs: Iterable[VoucherDocument]) -> bytes:
    """Postcard vouchers in the given order, two pages each, in one PDF."""
    return _render(docs, POSTCARD, _postcard_pages)


def a4_voucher(doc: VoucherDocument) -> bytes:
    """One voucher on A4 for a 長3 window envelope."""
    return a4_vouchers([doc])


def a4_vouchers(docs: Iterable[VoucherDocument]) -> bytes:
    """A4 vouchers in the given order, one page each, in one PDF."""
    return _render(docs, b.A4, _a4_page)


def _render(
    docs: Iterable[VoucherDocument],
    size: tuple[float, float],
    draw: Callable[[Any, _Voucher], None],
) -> bytes:
    register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, initialFontName=GOTHIC, pageCompression=1)
    canvas.setTitle("受診券")
    _define_forms(canvas)
    checked = [_checked(doc, index) for index, doc in enumerate(docs, 1)]
    if not checked:
        raise DocumentError("印刷する受診券がありません。")
    for voucher in checked:
        draw(canvas, voucher)
    canvas.save()
    return buffer.getvalue()


def _checked(doc: VoucherDocument, index: int) -> _Voucher:
    try:
        return _prepare(doc)
    except DocumentError as error:
        raise DocumentError(f"{index}件目の受診券: {error.message}") from error


def _prepare(doc: VoucherDocument) -> _Voucher:
    person = doc.addressee
    lines = [text for line in doc.programs for text in (line.program_name, line.fee_text)]
    refuse_my_number_shape(person.name, person.kana, person.address, *lines, *_office(doc))
    if not doc.programs:
        raise DocumentError("受診券に検診が1つもありません。")
    if doc.valid_until < doc.valid_from:
        raise DocumentError("有効期間の終わりが始まりより前です。")
    return _Voucher(
        doc=doc,
        number=checked_number(doc.number),
        bars=barcode_bars(person),
        year=format_fiscal_year(doc.fiscal_year),
        birth=b.wareki(doc.birth_date),
        sex=b.sex_text(doc.sex),
        validity=f"{b.wareki(doc.valid_from)} 〜 {b.wareki(doc.valid_until)}",
    )


def _office(doc: VoucherDocument) -> tuple[str, str, str, str]:
    office = doc.office
    return office.name, office.address, office.phone, office.hours


def _postcard_pages(canvas: Any, voucher: _Voucher) -> None:
    _address_side(canvas, voucher)
    canvas.showPage()
    canvas.saveState()
    canvas.translate(5 * mm, 5 * mm)
    _body(canvas, voucher)
    canvas.restoreState()
    canvas.showPage()


def _define_forms(canvas: Any) -> None:
    """What every voucher shares, drawn once per PDF as form XObjects."""
    canvas.beginForm(_ADDRESS_FORM)
    b.text(canvas, 52 * mm, 90 * mm, "郵　便　は　が　き", 11)
    _postal_boxes(canvas, 92 * mm, 84 * mm)
    canvas.endForm()
    canvas.beginForm(_BODY_FORM, -2 * mm, -2 * mm, BODY_W + 2 * mm, BODY_H + 2 * mm)
    _body_frame(canvas)
    canvas.endForm()


def _address_side(canvas: Any, voucher: _Voucher) -> None:
    person = voucher.doc.addressee
    canvas.doForm(_ADDRESS_FORM)
    _postal_digits(canvas, postal_code(person), 92 * mm, 84 * mm)
    b.lines(canvas, 18 * mm, 76 * mm, [person.address], (112 * mm, 19 * mm), (12, 8))
    b.fitted(canvas, 24 * mm, 46 * mm, f"{person.name}　様", 20, 106 * mm)
    draw_barcode(canvas, voucher.bars, 18 * mm, 33 * mm)
    sender = [voucher.doc.office.name, voucher.doc.office.address, voucher.doc.office.phone]
    b.lines(canvas, 8 * mm, 22 * mm, sender, (70 * mm, 14 * mm), (7, 5))


def _postal_boxes(canvas: Any, x: float, y: float) -> None:
    """Seven red boxes (3 + 4) for the postal code, bottom left at (x, y)."""
    canvas.saveState()
    canvas.setStrokeColor(b.RED)
    canvas.setLineWidth(0.6)
    for index in range(7):
        canvas.rect(_box_left(x, index), y, 5.5 * mm, 8 * mm, stroke=1, fill=0)
    canvas.line(x + 19.7 * mm, y + 4 * mm, x + 21.3 * mm, y + 4 * mm)
    canvas.restoreState()


def _postal_digits(canvas: Any, digits: str, x: float, y: float) -> None:
    set_font(canvas, GOTHIC, 14)
    for index, digit in enumerate(digits):
        draw_centred(canvas, _box_left(x, index) + 2.75 * mm, y + 2.2 * mm, digit)


def _box_left(x: float, index: int) -> float:
    return float(x + index * 6.5 * mm + (2 * mm if index >= 3 else 0))


def _a4_page(canvas: Any, voucher: _Voucher) -> None:
    doc = voucher.doc
    b.window_address(canvas, doc.addressee, voucher.bars, sealed=False)
    office = [doc.office.name, doc.office.address, f"電話 {doc.office.phone}"]
    b.lines(canvas, 125 * mm, 272 * mm, office, (70 * mm, 20 * mm), (9, 6))
    note = "この受診券を受診の際に医療機関の窓口へお出しください。切り取らずにお持ちください。"
    b.fitted(canvas, 16 * mm, 188 * mm, note, 10, 178 * mm)
    canvas.saveState()
    canvas.translate(15 * mm, 55 * mm)
    canvas.scale(A4_SCALE, A4_SCALE)
    _body(canvas, voucher)
    canvas.restoreState()
    canvas.showPage()


def _body(canvas: Any, voucher: _Voucher) -> None:
    """The voucher itself in a 138 × 90 mm frame whose bottom left is the origin."""
    canvas.doForm(_BODY_FORM)
    b.text(canvas, 3 * mm, _top(9), voucher.year, 11)
    b.text(canvas, 20 * mm, _top(16.3), voucher.number, 12)
    if voucher.doc.reissue:
        b.stamp(canvas, 84 * mm, _top(12), "再発行", 11)
    draw_qr(canvas, voucher.number, 114 * mm, _top(23), 22 * mm)
    _person(canvas, voucher)
    _programs(canvas, voucher.doc.programs, _top(44))
    b.ask(canvas, voucher.doc.office, 3 * mm, _top(82.5), BODY_W - 6 * mm, 7)


def _body_frame(canvas: Any) -> None:
    """The printed form of the voucher: frame, labels, table heads, the clinic's field."""
    canvas.setLineWidth(0.5)
    canvas.rect(0, 0, BODY_W, BODY_H, stroke=1, fill=0)
    b.text(canvas, 28 * mm, _top(9.5), "検診 受診券", 16)
    b.text(canvas, 3 * mm, _top(16), "受診券番号", 8)
    canvas.setFont(GOTHIC, 5)
    canvas.drawCentredString(125 * mm, _top(24.5), "受診券番号")
    canvas.setLineWidth(0.3)
    for index, label in enumerate(_PERSON_LABELS):
        top = _top(19 + index * 6)
        canvas.line(3 * mm, top - 6 * mm, 108 * mm, top - 6 * mm)
        b.text(canvas, 3 * mm, top - 4.3 * mm, label, 7)
    _program_heads(canvas, _top(44))
    _clinic(canvas, _top(69))
    canvas.setLineWidth(0.3)
    canvas.line(0, _top(82), BODY_W, _top(82))


def _top(offset_mm: float) -> float:
    """The y coordinate ``offset_mm`` below the top of the voucher frame."""
    return float(BODY_H - offset_mm * mm)


def _person(canvas: Any, voucher: _Voucher) -> None:
    person = voucher.doc.addressee
    values = (
        (person.kana, 8),
        (f"{person.name}　様", 12),
        (f"{voucher.birth}　　性別　{voucher.sex}", 9),
        (voucher.validity, 9),
    )
    for index, (value, size) in enumerate(values):
        b.fitted(canvas, 18 * mm, _top(19 + index * 6) - 4.5 * mm, value, size, 89 * mm)


def _program_heads(canvas: Any, top: float) -> None:
    canvas.setFillColor(b.GREY)
    b.text(canvas, 3 * mm, top - 3 * mm, "検診名", 6.5)
    b.text(canvas, 78 * mm, top - 3 * mm, "自己負担額", 6.5)
    b.text(canvas, 112 * mm, top - 3 * mm, "無料クーポン", 6.5)
    canvas.setFillColor(b.BLACK)
    canvas.line(3 * mm, top - 4 * mm, BODY_W - 3 * mm, top - 4 * mm)


def _programs(canvas: Any, programs: tuple[VoucherLine, ...], top: float) -> None:
    """The program lines: name, fee, coupon; too many end in 「…他N件」."""
    shown = list(programs)
    if len(shown) > _MAX_PROGRAMS_SHOWN:
        rest = len(shown) - _MAX_PROGRAMS_SHOWN + 1
        shown = [*shown[: _MAX_PROGRAMS_SHOWN - 1], VoucherLine(f"…他{rest}件", "", False)]
    row = min(4.5 * mm, 20 * mm / len(shown))
    size = min(8.0, row / mm * 2.2)
    for index, line in enumerate(shown):
        y = top - 4 * mm - row * (index + 1) + row * 0.25
        b.fitted(canvas, 3 * mm, y, line.program_name, size, 72 * mm)
        b.fitted(canvas, 78 * mm, y, line.fee_text, size, 32 * mm)
        if line.coupon:
            b.text(canvas, 112 * mm, y, "クーポン", size)


def _clinic(canvas: Any, top: float) -> None:
    """The field the clinic fills in: 受診日, 医療機関コード (10 boxes), 医療機関名."""
    canvas.setLineWidth(0.5)
    canvas.rect(0, top - 12 * mm, BODY_W, 12 * mm, stroke=1, fill=0)
    b.text(canvas, 2 * mm, top - 3.2 * mm, "医療機関記入欄　受診日", 6.5)
    b.text(canvas, 5 * mm, top - 9.5 * mm, "令和　　年　　月　　日", 9)
    b.text(canvas, 47 * mm, top - 3.2 * mm, "医療機関コード", 6.5)
    for index in range(10):
        canvas.rect((47 + index * 4.2) * mm, top - 11 * mm, 4 * mm, 6 * mm, stroke=1, fill=0)
    b.text(canvas, 92 * mm, top - 3.2 * mm, "医療機関名", 6.5)
    canvas.line(44.5 * mm, top, 44.5 * mm, top - 12 * mm)
    canvas.line(90 * mm, top, 90 * mm, top - 12 * mm)
