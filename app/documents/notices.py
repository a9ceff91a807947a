"""Letters on A4 for 長3 window envelopes: invitation, reminder and result notices."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from app.documents import DocumentError
from app.documents import _blocks as b
from app.documents._fonts import GOTHIC, MINCHO, register
from app.documents._marks import barcode_bars, refuse_my_number_shape
from app.documents.model import NoticeDocument
from app.domain.wareki import format_fiscal_year

__all__ = ["TITLES", "notice"]

TITLES = {
    "invitation": "受診のご案内",
    "reminder": "精密検査受診のお願い",
    "result": "検診結果のお知らせ",
}


def notice(doc: NoticeDocument) -> bytes:
    """The notice as a one-page A4 PDF."""
    return notices([doc])


def notices(docs: Iterable[NoticeDocument]) -> bytes:
    """Notices in the given order (postal order for bulk mail), one A4 page each, one PDF."""
    checked = list(docs)
    for index, doc in enumerate(checked, 1):
        try:
            _check(doc)
            barcode_bars(doc.addressee)
        except DocumentError as error:
            raise DocumentError(f"{index}件目の通知: {error.message}") from error
    if not checked:
        raise DocumentError("印刷する通知がありません。")
    register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=b.A4, initialFontName=GOTHIC, pageCompression=1)
    canvas.setTitle(TITLES[checked[0].kind])
    for doc in checked:
        _draw(canvas, doc, barcode_bars(doc.addressee))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _check(doc: NoticeDocument) -> None:
    if doc.kind not in TITLES:
        raise DocumentError("通知の種類は invitation / reminder / result のいずれかです。")
    person, office = doc.addressee, doc.office
    refuse_my_number_shape(
        person.name, person.kana, person.address, doc.program_name, *doc.body_lines,
        office.name, office.address, office.phone, office.hours,
    )  # fmt: skip


def _draw(canvas: Any, doc: NoticeDocument, bars: str) -> None:
    b.window_address(canvas, doc.addressee, bars, sealed=doc.sealed)
    issued = b.wareki(doc.issued_on or date.today())
    canvas.setFont(GOTHIC, 10)
    canvas.drawRightString(190 * mm, 277 * mm, issued)
    office = [doc.office.name, doc.office.address, f"電話 {doc.office.phone}"]
    b.lines(canvas, 125 * mm, 272 * mm, office, (65 * mm, 20 * mm), (9, 6))
    canvas.setFont(GOTHIC, 16)
    canvas.drawCentredString(105 * mm, 185 * mm, TITLES[doc.kind])
    _subject(canvas, doc)
    b.lines(canvas, 22 * mm, 148 * mm, list(doc.body_lines), (166 * mm, 110 * mm), (11, 7), MINCHO)
    canvas.setLineWidth(0.5)
    canvas.rect(20 * mm, 14 * mm, 170 * mm, 20 * mm, stroke=1, fill=0)
    b.ask(canvas, doc.office, 24 * mm, 32 * mm, 162 * mm, 10)


def _subject(canvas: Any, doc: NoticeDocument) -> None:
    """Whom and what the letter is about: name, birth date, sex, program, fiscal year."""
    person = doc.addressee
    first = f"{person.name}（{person.kana}）様　生年月日 {b.wareki(doc.birth_date)}"
    second = f"{format_fiscal_year(doc.fiscal_year)}　{doc.program_name}"
    canvas.setLineWidth(0.3)
    canvas.rect(20 * mm, 153 * mm, 170 * mm, 20 * mm, stroke=1, fill=0)
    b.fitted(canvas, 24 * mm, 166 * mm, f"{first}　性別 {b.sex_text(doc.sex)}", 11, 162 * mm)
    b.fitted(canvas, 24 * mm, 158 * mm, second, 11, 162 * mm)
