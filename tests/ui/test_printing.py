"""Preview and print: pages read from memory, file-writing printers refused, jobs recorded, and
a voucher issued at the counter from the lookup detail."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QPageLayout, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrinter
from pytestqt.qtbot import QtBot
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from tests.support import login
from ui import printing
from ui.issue_dialog import ISSUED_TEXT, NOT_PRINTED, IssueDialog, with_issuance
from ui.lookup_screen import LookupScreen
from ui.screen import ScreenContext

POSTCARD = (148 * mm, 100 * mm)


def make_pdf(pages: int, size: tuple[float, float] = POSTCARD) -> bytes:
    """A small PDF built in memory, one big black block per page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size)
    for number in range(pages):
        pdf.rect(10 * mm, 10 * mm, 60 * mm, 40 * mm, fill=1)
        pdf.drawString(20 * mm, 70 * mm, f"page {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class FakePrinter:
    """What printer_refusal reads of a QPrinter, for a printer this machine does not have."""

    def __init__(self, name: str, *, pdf: bool = False, file_name: str = "") -> None:
        self._name, self._pdf, self._file_name = name, pdf, file_name
        self.doc_name = ""

    def setDocName(self, name: str) -> None:
        self.doc_name = name

    def printerName(self) -> str:
        return self._name

    def outputFormat(self) -> QPrinter.OutputFormat:
        return QPrinter.OutputFormat.PdfFormat if self._pdf else QPrinter.OutputFormat.NativeFormat

    def outputFileName(self) -> str:
        return self._file_name


def print_events(desk: Desk) -> list[tuple[str, str | None, str]]:
    with desk.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT record_kind, record_id, detail FROM audit_events"
                " WHERE action = 'print' ORDER BY seq"
            )
        )
        return [(row[0], row[1], row[2]) for row in rows]


def file_snapshot(*, shallow: tuple[str, ...], deep: tuple[str, ...]) -> set[str]:
    """Files under `deep` (walked) and entries of `shallow` (shared dirs such as /tmp)."""
    found: set[str] = set()
    for root in shallow:
        if os.path.isdir(root):
            found.update(os.path.join(root, name) for name in os.listdir(root))
    for root in deep:
        if root and os.path.isdir(root):
            for folder, _dirs, files in os.walk(root):
                found.update(os.path.join(folder, name) for name in files)
    return found


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        printing.widgets, "show_error", lambda _parent, message: shown.append(message)
    )
    return shown


@pytest.fixture
def clerk(desk: Desk) -> StaffSession:
    return login(desk, "clerk1")


def test_the_preview_shows_every_page_read_from_memory_and_writes_no_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_temp_file(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a temporary file was asked for")

    monkeypatch.setattr("PySide6.QtCore.QTemporaryFile", no_temp_file)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_temp_file)
    monkeypatch.setattr(tempfile, "mkstemp", no_temp_file)
    monkeypatch.chdir(tmp_path)
    shallow = (
        tempfile.gettempdir(),
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation),
    )
    deep = (
        str(tmp_path),
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation),
    )
    before = file_snapshot(shallow=shallow, deep=deep)

    dialog = printing.PreviewDialog(None, make_pdf(3), "受診券")
    qtbot.addWidget(dialog)

    assert len(dialog.page_labels) == 3
    assert all(not label.pixmap().isNull() for label in dialog.page_labels)
    assert dialog.page_labels[0].pixmap().width() > dialog.page_labels[0].pixmap().height()
    assert dialog.count_label.text() == "全3ページ"
    assert file_snapshot(shallow=shallow, deep=deep) == before
    source = Path(printing.__file__).read_text(encoding="utf-8")
    assert "QTemporaryFile" not in source.replace('"QTemporaryFile"', "")
    assert "tempfile" not in source and "QFile(" not in source


def test_the_preview_prints_on_its_button_or_ctrl_p_and_has_nothing_to_save(qtbot: QtBot) -> None:
    dialog = printing.PreviewDialog(None, make_pdf(1), "受診券")
    qtbot.addWidget(dialog)
    assert dialog.print_button.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert [b.text().split()[0] for b in (dialog.print_button, dialog.close_button)] == [
        "印刷(&P)…",
        "閉じる",
    ]
    dialog.print_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_a_document_that_is_not_a_pdf_is_refused_with_a_message() -> None:
    with pytest.raises(KenshinError, match="読み込めません"):
        printing.load_pdf(b"not a pdf")


def test_the_print_dialog_offers_no_print_to_file(qtbot: QtBot) -> None:
    dialog = printing.print_dialog(QPrinter(), None)
    qtbot.addWidget(dialog)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile)


def test_qts_pdf_writer_is_refused_and_nothing_is_printed_or_recorded(
    desk: Desk, clerk: StaffSession, monkeypatch: pytest.MonkeyPatch, errors_shown: list[str]
) -> None:
    # With no printer installed, this is what Qt gives: its PDF writer.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: printer)
    painted: list[int] = []
    monkeypatch.setattr(printing, "_paint", lambda *_args: painted.append(1) or 1)

    status = printing.print_pdf(
        None, desk.printing, clerk, make_pdf(2), document_kind="voucher_postcard", record_ids=["v"]
    )

    assert status is None and not painted
    assert len(errors_shown) == 1 and "ファイルに出力する" in errors_shown[0]
    assert print_events(desk) == []


def test_a_printer_with_an_output_file_is_refused_and_the_file_never_appears(
    desk: Desk,
    clerk: StaffSession,
    monkeypatch: pytest.MonkeyPatch,
    errors_shown: list[str],
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "voucher.prn"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFileName(str(target))
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: printer)

    status = printing.print_pdf(
        None, desk.printing, clerk, make_pdf(1), document_kind="voucher_postcard", record_ids=["v"]
    )

    assert status is None and len(errors_shown) == 1
    assert not target.exists() and os.listdir(out) == []
    assert print_events(desk) == []


@pytest.mark.parametrize(
    "name", ["Microsoft Print to PDF", "Microsoft XPS Document Writer", "CUPS-PDF"]
)
def test_a_virtual_file_printer_is_refused_by_its_name(
    desk: Desk, clerk: StaffSession, name: str
) -> None:
    reason = printing.printer_refusal(FakePrinter(name), desk.printing, clerk)
    assert reason is not None and name in reason


def test_a_paper_printer_is_not_refused(desk: Desk, clerk: StaffSession) -> None:
    printer = FakePrinter("窓口プリンター")
    assert printing.printer_refusal(printer, desk.printing, clerk) is None
    assert printing.printer_refusal(
        FakePrinter("窓口プリンター", file_name="voucher.prn"),
        desk.printing,
        clerk,
    )


def test_paint_pages_draws_each_page_with_a_new_page_between(qtbot: QtBot) -> None:
    document = printing.load_pdf(make_pdf(3))
    image = QImage(592, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    new_pages: list[int] = []
    painter = QPainter(image)
    try:
        pages = printing.paint_pages(document, painter, lambda: new_pages.append(1) or True, 96)
    finally:
        painter.end()
    assert pages == 3 and len(new_pages) == 2
    assert image.pixelColor(60, 330).name() == "#000000"  # the block near the lower left
    assert image.pixelColor(550, 30).name() == "#ffffff"


def test_a_page_the_printer_cannot_start_stops_the_job(qtbot: QtBot) -> None:
    document = printing.load_pdf(make_pdf(2))
    image = QImage(100, 100, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        with pytest.raises(KenshinError):
            printing.paint_pages(document, painter, lambda: False, 72)
    finally:
        painter.end()


def test_the_paper_is_the_postcard_itself_in_landscape(qtbot: QtBot) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # never begun: nothing written
    printing.fit_printer_to(printer, printing.load_pdf(make_pdf(1)))
    layout = printer.pageLayout()
    paper = layout.fullRect(QPageLayout.Unit.Millimeter)
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert round(paper.width()) == 148 and round(paper.height()) == 100
    assert printer.fullPage()


def test_a_print_sent_to_a_paper_printer_is_recorded_with_its_pages(
    desk: Desk, clerk: StaffSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    printer = FakePrinter("窓口プリンター")
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: printer)
    drawn: list[int] = []

    def paint_on_an_image(_printer: object, document: Any) -> int:
        image = QImage(148, 100, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            return printing.paint_pages(document, painter, lambda: drawn.append(1) or True, 72)
        finally:
            painter.end()

    monkeypatch.setattr(printing, "_paint", paint_on_an_image)

    status = printing.print_pdf(
        None, desk.printing, clerk, make_pdf(2), document_kind="voucher_postcard", record_ids=["v1"]
    )

    assert status == "2ページを「窓口プリンター」に送りました。" and drawn == [1]
    assert printer.doc_name == "kenshin-voucher_postcard"  # the spooler's job title: no name
    assert print_events(desk) == [("voucher_postcard", "v1", "pages=2 printer=窓口プリンター")]


def test_cancelling_the_print_dialog_prints_and_records_nothing(
    desk: Desk, clerk: StaffSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: None)
    status = printing.print_pdf(
        None, desk.printing, clerk, make_pdf(1), document_kind="voucher_postcard", record_ids=["v"]
    )
    assert status is None and print_events(desk) == []


# -- 受診券を発行 from the lookup detail --------------------------------------------------


def colorectal_adult(desk: Desk) -> tuple[str, str]:
    """(id, kana) of a resident aged 45–69 this fiscal year, resident and not under a support
    measure: eligible for colorectal screening."""
    with desk.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT id, kana FROM residents WHERE birth_date BETWEEN '1957-04-02'"
                " AND '1981-04-01' AND moved_out IS NULL AND died IS NULL AND moved_in IS NULL"
                " AND support_measure = 0 ORDER BY register_no LIMIT 1"
            )
        ).one()
    return row[0], row[1]


def lookup_with_issuance(desk: Desk, qtbot: QtBot, resident: tuple[str, str]) -> LookupScreen:
    session = login(desk, "clerk1")
    screen = with_issuance(LookupScreen(desk.lookup, session), ScreenContext(desk, session))
    qtbot.addWidget(screen)
    assert not screen.detail.issue_action.isEnabled()
    screen.search_edit.setText(resident[1])
    screen.run_search()
    qtbot.waitUntil(lambda: screen.task is None, timeout=5000)
    screen.open_row([row.id for row in screen.model.rows()].index(resident[0]))
    return screen


def choose_in_issue_dialog(monkeypatch: pytest.MonkeyPatch, program: str, seen: list[str]) -> None:
    def run(dialog: IssueDialog) -> int:
        seen.extend(dialog.program_combo.itemData(i) for i in range(dialog.program_combo.count()))
        dialog.program_combo.setCurrentIndex(dialog.program_combo.findData(program))
        dialog.ok_button.click()
        seen.append(dialog.error_label.text())
        return dialog.result()

    monkeypatch.setattr(IssueDialog, "exec", run)


def test_a_clerk_issues_a_colorectal_voucher_previews_it_and_cancels_the_print(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = colorectal_adult(desk)
    screen = lookup_with_issuance(desk, qtbot, resident)
    detail = screen.detail
    assert detail.issue_action.isEnabled() and detail.issue_button.isVisibleTo(screen)
    assert detail.issue_action.shortcut() == QKeySequence("Ctrl+I")
    seen: list[str] = []
    choose_in_issue_dialog(monkeypatch, "colorectal", seen)
    previewed: list[int] = []

    def preview(dialog: printing.PreviewDialog) -> int:
        previewed.append(len(dialog.page_labels))
        dialog.print_button.click()
        return dialog.result()

    monkeypatch.setattr(printing.PreviewDialog, "exec", preview)
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: None)

    detail.issue_action.trigger()

    vouchers = desk.issuance.vouchers_of(login(desk, "clerk1"), resident_id=resident[0])
    assert [v.program_name for v in vouchers] == ["大腸がん"]
    assert "colorectal" in seen and seen[-1] == ""
    assert previewed == [2]  # the postcard: address side and voucher
    assert detail.issue_label.text() == (
        ISSUED_TEXT.format(number=vouchers[0].number, program="大腸がん") + NOT_PRINTED
    )
    assert print_events(desk) == []


def test_a_second_voucher_for_the_same_program_is_refused_in_red_in_the_dialog(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = colorectal_adult(desk)
    screen = lookup_with_issuance(desk, qtbot, resident)
    desk.issuance.issue_one(
        login(desk, "clerk1"),
        resident_id=resident[0],
        program_code="colorectal",
        fiscal_year=screen.detail.detail.fiscal_year,
    )
    seen: list[str] = []
    choose_in_issue_dialog(monkeypatch, "colorectal", seen)

    screen.detail.issue_action.trigger()

    assert "発行済み" in seen[-1]
    assert len(desk.issuance.vouchers_of(login(desk, "clerk1"), resident_id=resident[0])) == 1
    assert screen.detail.issue_label.text() == ""


def test_the_issue_action_waits_for_a_resident_and_lists_only_eligible_programs(
    desk: Desk, qtbot: QtBot
) -> None:
    resident = colorectal_adult(desk)
    screen = lookup_with_issuance(desk, qtbot, resident)
    detail = screen.detail.detail
    assert detail is not None
    dialog = IssueDialog(screen, detail, lambda _code: pytest.fail("issued without 発行"))
    qtbot.addWidget(dialog)
    listed = [dialog.program_combo.itemData(i) for i in range(dialog.program_combo.count())]
    assert listed == [line.program_code for line in detail.eligibility if line.eligible]
    screen.detail.show_detail(None)
    assert not screen.detail.issue_action.isEnabled()
    assert (
        Qt.ShortcutContext.WidgetWithChildrenShortcut
        == screen.detail.issue_action.shortcutContext()
    )


def test_a_long_pdf_previews_only_its_first_pages(qtbot) -> None:
    """A batch chunk of 200 postcards is 400 pages; the preview keeps to the first few."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from ui.printing import PREVIEW_PAGES, PreviewDialog

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(PREVIEW_PAGES + 30):
        canvas.drawString(100, 700, f"page {page}")
        canvas.showPage()
    canvas.save()
    dialog = PreviewDialog(None, buffer.getvalue(), "試験")
    qtbot.addWidget(dialog)
    assert len(dialog.page_labels) == PREVIEW_PAGES
    assert f"全{PREVIEW_PAGES + 30}ページ" in dialog.count_label.text()
