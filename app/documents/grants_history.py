"""権限の発効・失効の記録: every role grant issued and revoked, on A4 landscape, for the file."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from app.documents import _blocks as b
from app.documents._fonts import GOTHIC, register
from app.documents._text import truncate
from app.domain.wareki import format_date

__all__ = ["TITLE", "GrantLine", "grants_history"]

TITLE = "権限の発効・失効の記録"
PAGE = landscape(A4)
MARGIN = 14 * mm
ROW = 6.2 * mm
SIZE = 8
# (heading, width in mm) within the printable width (269 mm).
COLUMNS = (
    ("職員ID", 22),
    ("氏名", 30),
    ("役割", 27),
    ("有効期間の開始", 33),
    ("有効期間の終了", 33),
    ("発効（付与）日時", 33),
    ("付与者", 20),
    ("失効（取消）日時", 33),
    ("取消者", 20),
    ("状態", 18),
)


@dataclass(frozen=True)
class GrantLine:
    """One grant as printed: names and times only, no resident data."""

    staff_login: str
    staff_name: str
    role_name: str
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime
    issued_by: str
    revoked_at: datetime | None
    revoked_by: str
    state: str


def grants_history(
    lines: Sequence[GrantLine], *, printed_at: datetime, printed_by: str, office: str = ""
) -> bytes:
    """The history as a PDF (at least one page, even when nothing was ever granted)."""
    register()
    per_page = int((PAGE[1] - 2 * MARGIN - 30 * mm) // ROW)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, initialFontName=GOTHIC, pageCompression=1)
    canvas.setTitle(TITLE)
    for number, chunk in enumerate(pages, 1):
        _page(canvas, chunk, number, len(pages), printed_at, printed_by, office, len(lines))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page(
    canvas: Any,
    chunk: Sequence[GrantLine],
    number: int,
    total: int,
    printed_at: datetime,
    printed_by: str,
    office: str,
    count: int,
) -> None:
    width, height = PAGE
    top = height - MARGIN
    b.text(canvas, MARGIN, top - 6 * mm, TITLE, 16)
    local = printed_at.astimezone()
    stamp = f"印刷日時 {format_date(local.date())} {local:%H:%M}　印刷者 {printed_by}"
    canvas.setFont(GOTHIC, 9)
    canvas.drawRightString(width - MARGIN, top - 4 * mm, stamp)
    if office:
        canvas.drawRightString(width - MARGIN, top - 9 * mm, office)
    b.text(canvas, MARGIN, top - 13 * mm, f"全{count}件（付与の古い順）", 9)
    y = top - 22 * mm
    _row(canvas, y, [heading for heading, _ in COLUMNS], header=True)
    for line in chunk:
        y -= ROW
        _row(canvas, y, _cells(line))
    if not chunk:
        b.text(canvas, MARGIN, y - ROW, "権限の付与の記録はありません。", 10)
    canvas.setFont(GOTHIC, 8)
    canvas.setFillColor(b.GREY)
    canvas.drawCentredString(width / 2, MARGIN - 4 * mm, f"{number} / {total} ページ")
    canvas.drawString(MARGIN, MARGIN - 4 * mm, "日時は日本時間。状態は印刷時点のもの。")
    canvas.setFillColor(b.BLACK)


def _cells(line: GrantLine) -> list[str]:
    return [
        line.staff_login,
        line.staff_name,
        line.role_name,
        _time(line.valid_from),
        _time(line.valid_until) if line.valid_until else "定めなし",
        _time(line.issued_at),
        line.issued_by or "—",
        _time(line.revoked_at) if line.revoked_at else "",
        line.revoked_by if line.revoked_at else "",
        line.state,
    ]


def _row(canvas: Any, y: float, cells: list[str], *, header: bool = False) -> None:
    x = MARGIN
    right = PAGE[0] - MARGIN
    if header:
        canvas.setFillColorRGB(0.9, 0.9, 0.9)
        canvas.rect(MARGIN, y - 1.8 * mm, right - MARGIN, ROW, stroke=0, fill=1)
        canvas.setFillColor(b.BLACK)
    for (_, column_mm), value in zip(COLUMNS, cells, strict=True):
        room = column_mm * mm - 2 * mm
        b.text(canvas, x + 1 * mm, y, truncate(value, GOTHIC, SIZE, room), SIZE)
        x += column_mm * mm
    canvas.setStrokeColor(b.GREY)
    canvas.setLineWidth(0.3)
    canvas.line(MARGIN, y - 1.8 * mm, right, y - 1.8 * mm)


def _time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{moment.astimezone():%Y/%m/%d %H:%M}"
