"""Preview and print of documents made in memory: the paper printer is their only way out.

The PDF bytes are read from a QBuffer, never from a file, and each page is painted as an image
onto the printer. A printer that would write a file (Qt's PDF writer, an output file name, or a
virtual printer such as "Microsoft Print to PDF") is refused before anything is drawn, and every
job that is sent is recorded by the printing service.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.issuance_service import IssuedVoucher
from app.services.printing_service import PrintingService
from ui import widgets
from ui.i18n import N_, t
from ui.screen import Screen

POINTS_PER_INCH = 72.0
MM_PER_POINT = 25.4 / POINTS_PER_INCH
PREVIEW_DPI = 96
PREVIEW_PAGES = 12
# 1,200 dpi would make a 130 MB image of one postcard; 600 dpi is sharper than the paper needs.
MAX_PRINT_DPI = 600
UNREADABLE = N_("印刷する文書を読み込めませんでした。")
NOT_STARTED = N_("プリンターに接続できませんでした。プリンターの電源と接続を確かめてください。")


def load_pdf(pdf: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A document read from memory; the buffer lives as long as the document."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        document.deleteLater()
        raise KenshinError(t(UNREADABLE))
    return document


def page_pixels(document: QPdfDocument, index: int, dpi: float) -> QSize:
    points = document.pagePointSize(index)
    scale = dpi / POINTS_PER_INCH
    return QSize(max(1, round(points.width() * scale)), max(1, round(points.height() * scale)))


def render_page(document: QPdfDocument, index: int, size: QSize) -> QImage:
    """One page on white paper (the renderer leaves the background transparent)."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, document.render(index, size))
    painter.end()
    return image


class PreviewDialog(QDialog):
    """The pages as pictures: nothing to select, copy or save; 印刷… or 閉じる."""

    def __init__(self, parent: QWidget | None, pdf: bytes, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.resize(760, 640)
        self.document = load_pdf(pdf, self)
        pages = QWidget(self)
        column = QVBoxLayout(pages)
        self.page_labels: list[QLabel] = []
        # A batch chunk is hundreds of pages; the preview shows the first few (as the issue
        # asks: "a preview of the first pages"), never hundreds of page images in memory.
        for index in range(min(self.document.pageCount(), PREVIEW_PAGES)):
            image = render_page(
                self.document, index, page_pixels(self.document, index, PREVIEW_DPI)
            )
            label = QLabel(pages)
            label.setPixmap(QPixmap.fromImage(image))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            label.setAccessibleName(t("{page}ページ目").format(page=index + 1))
            label.setStyleSheet("border: 1px solid #999;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        total = self.document.pageCount()
        shown = t("（先頭{pages}ページを表示）").format(pages=PREVIEW_PAGES)
        counted = t("全{total}ページ").format(total=total)
        self.count_label = QLabel(counted + (shown if total > PREVIEW_PAGES else ""), self)
        self.print_button = QPushButton(t("印刷(&P)…  Ctrl+P"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setDefault(True)
        self.close_button = QPushButton(t("閉じる  Esc"), self)
        self.print_button.clicked.connect(self.accept)
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(row)
        self.print_button.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, pdf: bytes, title: str) -> bool:
        """Show the document; True when the clerk chose to print it."""
        dialog = cls(parent, pdf, title)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


def print_dialog(printer: QPrinter, parent: QWidget | None) -> QPrintDialog:
    """The system's print dialog without its 'print to file' choice."""
    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    return dialog


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """The printer the clerk picks, or None if cancelled. Tests replace this function."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = print_dialog(printer, parent)
    try:
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def printer_refusal(
    printer: QPrinter, printing: PrintingService, session: StaffSession
) -> str | None:
    """Why this printer may not be used, or None. With no printer installed Qt falls back to
    its PDF writer: that writes a file, so it is refused like any other."""
    writes_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat or bool(
        printer.outputFileName()
    )
    return printing.refuses_printer(
        session, printer_name=printer.printerName(), writes_file=writes_file
    )


def fit_printer_to(printer: QPrinter, document: QPdfDocument) -> None:
    """Paper of the document's own size (a postcard is 148 × 100 mm, landscape), edge to edge."""
    points = document.pagePointSize(0)
    width, height = points.width() * MM_PER_POINT, points.height() * MM_PER_POINT
    portrait = QSizeF(min(width, height), max(width, height))
    printer.setFullPage(True)
    printer.setPageSize(
        QPageSize(portrait, QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    )
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def paint_pages(
    document: QPdfDocument, painter: QPainter, new_page: Callable[[], bool], dpi: float
) -> int:
    """Each page as an image filling the painter's device, `new_page` between pages."""
    target = QRectF(painter.viewport())
    for index in range(document.pageCount()):
        if index and not new_page():
            raise KenshinError(t(NOT_STARTED))
        painter.drawImage(target, document.render(index, page_pixels(document, index, dpi)))
    return document.pageCount()


def print_pdf(
    parent: QWidget | None,
    printing: PrintingService,
    session: StaffSession,
    pdf: bytes,
    *,
    document_kind: str,
    record_ids: list[str],
    printer: QPrinter | None = None,
) -> str | None:
    """Print on paper and record the job; a message to show, or None if nothing was printed
    (cancelled, or refused: the reason is shown in a message box). A batch passes the printer
    chosen for its first chunk, so the dialog is not asked again for every chunk; the refusal
    checks still run for every job."""
    printer = printer or choose_printer(parent)
    if printer is None:
        return None
    reason = printer_refusal(printer, printing, session)
    if reason is not None:
        widgets.show_error(parent, t(reason))
        return None
    # The spooler keeps the job's title in its history: a document kind, never a name.
    printer.setDocName(f"kenshin-{document_kind}")
    document = load_pdf(pdf)
    try:
        pages = _paint(printer, document)
    finally:
        document.deleteLater()
    name = printer.printerName()
    printing.record_print(
        session, document_kind=document_kind, record_ids=record_ids, pages=pages, printer_name=name
    )
    return sent_text(pages, name)


def sent_text(pages: int, printer: str) -> str:
    """What the status line says once the printer has taken the pages."""
    return t("{pages}ページを「{printer}」に送りました。").format(pages=pages, printer=printer)


def _paint(printer: QPrinter, document: QPdfDocument) -> int:
    fit_printer_to(printer, document)
    painter = QPainter()
    if not painter.begin(printer):
        raise KenshinError(t(NOT_STARTED))
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        return paint_pages(document, painter, printer.newPage, dpi)
    finally:
        painter.end()


def preview_and_print_voucher(
    screen: Screen, printing_service: PrintingService, session: StaffSession, issued: IssuedVoucher
) -> str | None:
    """A voucher just issued: its preview, then the printer; the status, or None if it was
    closed, cancelled or refused (the voucher stays issued either way)."""
    pdf, title = issued.pdf, t("受診券 {number}").format(number=issued.view.number)
    ok, wanted = screen.attempt(lambda: PreviewDialog.ask(screen, pdf, title))
    if not ok or not wanted:
        return None
    ok, status = screen.attempt(
        lambda: print_pdf(
            screen,
            printing_service,
            session,
            pdf,
            document_kind="voucher_postcard",
            record_ids=[issued.view.id],
        )
    )
    return status if ok else None
