"""端末の登録: an admin enrolls this workstation with the server (address, code, CA, name)."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.services.sync_dto import EnrollmentResult, SyncStatus
from ui import widgets
from ui.background import BackgroundTask, run_in_background
from ui.enrollment_input import MAX_NAME, PEM_MARKER, first_problem, read_certificate
from ui.i18n import N_, t

log = logging.getLogger(__name__)

TITLE = N_("端末の登録")
REENROLL_TITLE = N_("端末の再登録")
INTRO = N_(
    "この端末を中央サーバーに登録します。システム管理者がサーバーで発行した登録コード"
    "（1回限り・24時間有効）と、サーバーのCA証明書を用意してください。"
)
REENROLL_WARNING = N_(
    "再登録すると、この端末の今の登録は使えなくなります。未送信の記録は、"
    "再登録の前に同期して送信を済ませてください（未送信 {pending:,}件）。"
)
SENDING = N_("サーバーに接続しています…")
UNEXPECTED = N_(
    "登録できませんでした（予期しないエラー: {kind}）。入力を確かめ、"
    "続く場合はシステム管理者に連絡してください。"
)


class Enrollment(Protocol):
    """What the dialog needs of the enrollment service."""

    def enrolled(self) -> bool: ...

    def enroll(
        self, server_url: str, code: str, ca_pem: str, workstation_name: str
    ) -> EnrollmentResult: ...


class StatusSource(Protocol):
    def status(self) -> SyncStatus: ...


class EnrollmentDialog(widgets.FormDialog):
    """Address, code, CA and name; the call runs off the GUI thread with 登録 disabled.

    `enrolled` comes before the dialog closes, so a caller can show its next window first
    (closing the only window on show would end the application).
    """

    enrolled = Signal(object)

    def __init__(
        self,
        enrollment: Enrollment,
        parent: QWidget | None = None,
        *,
        pending: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._enrollment = enrollment
        self.result_value: EnrollmentResult | None = None
        self.warning_label: QLabel | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle(
            f"{t(widgets.APP_TITLE)} — {t(TITLE) if pending is None else t(REENROLL_TITLE)}"
        )
        self.setMinimumWidth(620)
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("https://kenshin.city.example.jp")
        self.code_edit = widgets.ascii_id_field(self)
        self.code_edit.setMaxLength(32767)  # a long paste is refused with a message, not cut
        self.pem_edit = QPlainTextEdit(self)
        self.pem_edit.setTabChangesFocus(True)
        self.pem_edit.setPlaceholderText(f"{PEM_MARKER}\n…\n-----END CERTIFICATE-----")
        self.pem_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.pem_edit.setFont(mono)
        self.pem_edit.setFixedHeight(150)
        self.file_button = QPushButton(t("ファイルから読み込む(&F)…"), self)
        self.file_button.setAutoDefault(False)
        self.file_label = QLabel(self)
        self.name_edit = QLineEdit(socket.gethostname()[:MAX_NAME], self)
        self.error_label = widgets.error_label(self)
        self.progress_label = QLabel(self)
        self.enroll_button = QPushButton(t("登録(&R)"), self)
        self.cancel_button = QPushButton(t("キャンセル(&X)"), self)
        for button in (self.enroll_button, self.cancel_button):
            button.setAutoDefault(False)
        for edit, name in (
            (self.url_edit, t("サーバーのアドレス")),
            (self.code_edit, t("登録コード")),
            (self.pem_edit, t("CA証明書")),
            (self.name_edit, t("端末名")),
        ):
            edit.setAccessibleName(name)
        self.submit_field = self.name_edit
        self._build(pending)
        self.file_button.clicked.connect(self._on_file_clicked)
        self.enroll_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.url_edit.setFocus()

    def _build(self, pending: int | None) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(widgets.heading(t(TITLE) if pending is None else t(REENROLL_TITLE), self))
        intro = QLabel(t(INTRO), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if pending is not None:
            self.warning_label = QLabel(t(REENROLL_WARNING).format(pending=pending), self)
            self.warning_label.setWordWrap(True)
            self.warning_label.setStyleSheet(widgets.NOTICE_STYLE)
            layout.addWidget(self.warning_label)
        form = QFormLayout()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_button)
        file_row.addWidget(self.file_label, 1)
        rows: tuple[tuple[str, Any], ...] = (
            (t("サーバーのアドレス(&S)"), self.url_edit),
            (t("登録コード(&C)"), self.code_edit),
            (t("CA証明書(&A)"), self.pem_edit),
            ("", file_row),
            (t("端末名(&N)"), self.name_edit),
        )
        for text, field in rows:
            label = QLabel(text, self)
            if isinstance(field, QWidget):
                label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label, 1)
        buttons.addWidget(self.enroll_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        widgets.chain_tab_order(
            self.url_edit,
            self.code_edit,
            self.pem_edit,
            self.file_button,
            self.name_edit,
            self.enroll_button,
            self.cancel_button,
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, enrollment: Enrollment, *, pending: int | None = None
    ) -> EnrollmentResult | None:
        dialog = cls(enrollment, parent, pending=pending)
        try:
            dialog.exec()
            return dialog.result_value
        finally:
            dialog.deleteLater()

    def busy(self) -> bool:
        return self.task is not None

    def _fields(self) -> tuple[str, str, str, str]:
        return (
            self.url_edit.text().strip(),
            self.code_edit.text().strip(),
            self.pem_edit.toPlainText().strip(),
            self.name_edit.text().strip(),
        )

    def submit(self) -> None:
        if self.busy():
            return
        url, code, pem, name = self._fields()
        problem = first_problem(url, code, pem, name)
        if problem is not None:
            field, message = problem
            self.error_label.setText(message)
            edits = (self.url_edit, self.code_edit, self.pem_edit, self.name_edit)
            edits[field].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.error_label.clear()
        self._set_busy(True)
        enrollment = self._enrollment
        self.task = run_in_background(
            self,
            lambda _progress: enrollment.enroll(url, code, pem, name),
            on_done=self._on_enrolled,
            on_error=self._on_refused,
        )

    def _set_busy(self, busy: bool) -> None:
        self.progress_label.setText(t(SENDING) if busy else "")
        for widget in (self.enroll_button, self.cancel_button, self.file_button):
            widget.setEnabled(not busy)
        for edit in (self.url_edit, self.code_edit, self.name_edit):
            edit.setReadOnly(busy)
        self.pem_edit.setReadOnly(busy)

    def _on_enrolled(self, result: EnrollmentResult) -> None:
        self.task = None
        self._set_busy(False)
        self.result_value = result
        self.enrolled.emit(result)
        self.accept()

    def _on_refused(self, error: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        if isinstance(error, KenshinError):
            self.error_label.setText(t(error.message))
        else:
            log.error("enrollment failed: %s", type(error).__name__)
            self.error_label.setText(t(UNEXPECTED).format(kind=type(error).__name__))
        self.code_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_file_clicked(self) -> None:
        path = self._choose_file()
        if path is None:
            return
        try:
            pem = read_certificate(path)
        except KenshinError as error:
            self.error_label.setText(t(error.message))
            return
        self.pem_edit.setPlainText(pem)
        self.file_label.setText(t("読み込みました: {file}").format(file=path.name))
        self.error_label.clear()
        self.name_edit.setFocus()

    def _choose_file(self) -> Path | None:
        """The open-file dialog (a method, so tests replace it); never a save dialog."""
        name, _ = QFileDialog.getOpenFileName(
            self, t("CA証明書を選ぶ"), "", t("証明書 (*.pem *.crt *.cer);;すべてのファイル (*)")
        )
        return Path(name) if name else None

    def reject(self) -> None:
        # The code is one-time: closing while the server answers could lose the registration.
        if not self.busy():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy():
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.busy() and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)


class EnrollAction(QAction):
    """The admin's 端末の登録 / 再登録 in the main window's menu; `enrolled` after success."""

    enrolled = Signal(object)

    def __init__(self, enrollment: Enrollment, sync: StatusSource, window: QMainWindow) -> None:
        super().__init__(window)
        self._enrollment = enrollment
        self._sync = sync
        self._window = window
        self._retitle()
        self.triggered.connect(self._on_triggered)

    def _retitle(self) -> None:
        enrolled = self._enrollment.enrolled()
        self.setText(t("端末の再登録(&E)…") if enrolled else t("端末の登録(&E)…"))

    @Slot()
    def _on_triggered(self) -> None:
        status = self._sync.status()
        pending = status.pending if status.enrolled else None
        result = EnrollmentDialog.ask(self._window, self._enrollment, pending=pending)
        if result is None:
            return
        self._retitle()
        self._window.statusBar().showMessage(
            t("端末「{name}」を登録しました。").format(name=result.workstation_name), 10_000
        )
        self.enrolled.emit(result)
