"""The 地域保健・健康増進事業報告 table of one program on A4 landscape: counts only."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from app.documents._fonts import GOTHIC, register
from app.domain.screening_report import Cells, ProgramReport, bands
from app.domain.wareki import format_fiscal_year

COLUMNS = (
    ("対象者", "targets"),
    ("初回", "first_time"),
    ("非初回", "repeat"),
    ("受診者計", "examinees"),
    ("要精検", "needs_followup"),
    ("精検受診", "attended"),
    ("精検未受診", "not_attended"),
    ("精検未把握", "unknown"),
    ("がん", "cancer"),
    ("がんの疑い\n又は未確定", "suspected"),
    ("異常認めず", "normal"),
    ("がん以外の\n疾患", "other"),
)
SEXES = (("M", "男"), ("F", "女"))
ROW_H = 6.2 * mm
LABEL_W = 34 * mm


def statistics_table(report: ProgramReport, program_name: str, youngest: int) -> bytes:
    """One page per program and year (the bands fit on a page: 9 bands × 2 sexes + totals)."""
    register()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=GOTHIC, pageCompression=1)
    title = f"地域保健・健康増進事業報告　{program_name}　{format_fiscal_year(report.fiscal_year)}"
    canvas.setTitle(title)
    canvas.setFont(GOTHIC, 14)
    canvas.drawString(15 * mm, height - 18 * mm, title)
    canvas.setFont(GOTHIC, 8)
    canvas.drawString(
        15 * mm,
        height - 24 * mm,
        "年齢は各検診の基準日の年齢。精検は確認済みの精検結果から集計（未入力は未把握）。"
        "個人を特定する情報は含みません。",
    )
    column_w = (width - 30 * mm - LABEL_W) / len(COLUMNS)
    y = height - 34 * mm
    _header(canvas, y, column_w)
    y -= ROW_H * 2
    for sex, sex_label in SEXES:
        for band in bands(youngest):
            _row(canvas, y, column_w, f"{sex_label}　{band}", report.rows.get((sex, band), Cells()))
            y -= ROW_H
        _row(canvas, y, column_w, f"{sex_label}　計", report.total(sex), bold=True)
        y -= ROW_H
    _row(canvas, y, column_w, "合計", report.total(), bold=True)
    y -= ROW_H * 1.6
    if report.rate is not None:
        low, high = report.rate.ages
        percent = report.rate.percent
        shown = "—" if percent is None else f"{percent:.1f}%"
        canvas.setFont(GOTHIC, 10)
        canvas.drawString(
            15 * mm,
            y,
            f"受診率（{low}〜{high}歳）: {shown}"
            f"（受診者 {report.rate.examinees:,} ÷ 対象者 {report.rate.targets:,}）",
        )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _header(canvas: Canvas, y: float, column_w: float) -> None:
    """Two lines high, so the long headings wrap instead of running into their neighbours."""
    canvas.setFont(GOTHIC, 7.5)
    bottom = y - 1.8 * mm - ROW_H
    x = 15 * mm
    canvas.rect(x, bottom, LABEL_W, ROW_H * 2)
    canvas.drawString(x + 1.5 * mm, y - ROW_H / 2, "性別・年齢")
    x += LABEL_W
    for label, _ in COLUMNS:
        canvas.rect(x, bottom, column_w, ROW_H * 2)
        lines = label.split("\n")
        top = y - ROW_H / 2 + (len(lines) - 1) * 1.8 * mm
        for index, line in enumerate(lines):
            canvas.drawCentredString(x + column_w / 2, top - index * 3.6 * mm, line)
        x += column_w


def _row(
    canvas: Canvas, y: float, column_w: float, label: str, cells: Cells, *, bold: bool = False
) -> None:
    canvas.setFont(GOTHIC, 8.5 if bold else 8)
    x = 15 * mm
    canvas.rect(x, y - 1.8 * mm, LABEL_W, ROW_H)
    canvas.drawString(x + 1.5 * mm, y, label)
    x += LABEL_W
    for _, name in COLUMNS:
        canvas.rect(x, y - 1.8 * mm, column_w, ROW_H)
        canvas.drawRightString(x + column_w - 1.5 * mm, y, f"{getattr(cells, name):,}")
        x += column_w
