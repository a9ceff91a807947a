"""設定: lock-out, idle lock, offline grant days, reminder months and file-printer names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import retention
from app.domain.errors import KenshinError
from app.domain.programs import DEFAULT_PROGRAMS
from app.domain.settings import DeskSettings
from app.services.admin_service import INT_SETTINGS, PRINTER_NAMES, RETENTION, AdminService
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from ui import widgets
from ui.i18n import t
from ui.screen import Screen


class SettingsScreen(Screen):
    def __init__(
        self, admin: AdminService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._admin = admin
        self._session = session
        self._loaded: dict[str, Any] = {}
        self.spins: dict[str, QSpinBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("設定"), self))
        layout.addWidget(
            QLabel(t("変更はサーバーに保存され、各端末には次の同期で届きます。"), self)
        )
        form = QFormLayout()
        for key, (label, _low, _high) in INT_SETTINGS.items():
            spin = QSpinBox(self)
            spin.setRange(0, 100_000)  # the service checks the real range, in Japanese
            spin.setAccessibleName(t(label))
            self.spins[key] = spin
            form.addRow(t(label), spin)
        self.printers_edit = QPlainTextEdit(self)
        self.printers_edit.setAccessibleName(t("ファイル出力プリンター名"))
        self.printers_edit.setPlaceholderText(t("1行に1つ（この名前を含むプリンターは使えません）"))
        self.printers_edit.setTabChangesFocus(True)
        form.addRow(t("ファイル出力プリンター名\n（1行に1つ）"), self.printers_edit)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(t("保存年数（各年度の末日から。過ぎた記録は保護責任者の承認で削除）"), self)
        )
        years_form = QFormLayout()
        self.years: dict[str, QSpinBox] = {}
        for code, program in DEFAULT_PROGRAMS.items():
            spin = QSpinBox(self)
            has_default = code in retention.DEFAULT_YEARS
            spin.setRange(1 if has_default else 0, 100)
            spin.setSpecialValueText("" if has_default else t("設定なし（削除しない）"))
            spin.setSuffix(t(" 年"))
            spin.setAccessibleName(t("{program}の保存年数").format(program=t(program.name_ja)))
            self.years[code] = spin
            years_form.addRow(t(program.name_ja), spin)
        layout.addLayout(years_form)
        self.error_label = widgets.error_label(self)
        self.notice_label = QLabel(self)
        self.notice_label.setStyleSheet(widgets.OK_STYLE)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notice_label)
        row = QHBoxLayout()
        self.save_button = QPushButton(t("保存する(&S)"), self)
        self.reload_button = QPushButton(t("元に戻す(&R)"), self)
        row.addWidget(self.save_button)
        row.addWidget(self.reload_button)
        row.addStretch()
        layout.addLayout(row)
        layout.addStretch()
        widgets.chain_tab_order(
            *self.spins.values(),
            self.printers_edit,
            *self.years.values(),
            self.save_button,
            self.reload_button,
        )
        self.save_button.clicked.connect(self._on_save_clicked)
        self.reload_button.clicked.connect(self._on_reload_clicked)

    def refresh(self) -> None:
        ok, years = self.attempt(lambda: self._admin.retention_years(self._session))
        if ok and years is not None:
            self._loaded[RETENTION] = dict(years)
            for code, spin in self.years.items():
                spin.setValue(int(years.get(code, 0)))
        ok, settings = self.attempt(lambda: self._admin.current_settings(self._session))
        if ok and settings is not None:
            self._show(settings)

    def _show(self, settings: DeskSettings) -> None:
        self._loaded.update({key: getattr(settings, key) for key in INT_SETTINGS})
        self._loaded[PRINTER_NAMES] = list(settings.file_printer_names)
        for key, spin in self.spins.items():
            spin.setValue(int(self._loaded[key]))
        self.printers_edit.setPlainText("\n".join(settings.file_printer_names))
        self.error_label.clear()

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {key: spin.value() for key, spin in self.spins.items()}
        lines = self.printers_edit.toPlainText().splitlines()
        found[PRINTER_NAMES] = [line.strip() for line in lines if line.strip()]
        found[RETENTION] = {code: spin.value() for code, spin in self.years.items() if spin.value()}
        return found

    @Slot()
    def _on_reload_clicked(self) -> None:
        self.notice_label.clear()
        self.refresh()

    @Slot()
    def _on_save_clicked(self) -> None:
        """Changed settings only, one by one; the first refusal stops and is shown here."""
        changed = {k: v for k, v in self.values().items() if self._loaded.get(k) != v}
        self.notice_label.clear()
        if not changed:
            self.error_label.setText(t("変更された設定はありません。"))
            return
        saved = 0
        for key, value in changed.items():
            ok, _ = self.attempt_here(
                lambda key=key, value=value: self._admin.change_setting(
                    self._session, key=key, value=value
                )
            )
            if not ok:
                break
            self._loaded[key] = value
            saved += 1
        else:
            self.error_label.clear()
        if saved:
            self.notice_label.setText(t("{count}件の設定を保存しました。").format(count=saved))

    def attempt_here(self, call: Any) -> tuple[bool, Any]:
        """Like Screen.attempt, but a refusal stays beside the fields."""
        try:
            return True, call()
        except SessionEnded as error:
            self.session_ended.emit(t(error.message))
        except KenshinError as error:
            self.error_label.setText(t(error.message))
        return False, None
