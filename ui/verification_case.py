"""One form's case on the 照合確認 screen: key each field from the paper, then decide.

Nothing of either clerk's entry is on screen until the supervisor has keyed the field from the
paper: the service gives the two entries only in answer to that blind value.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.forms import FormSpec, get_form
from app.services.entry_dto import Case, FieldComparison, FieldToSettle
from ui import widgets
from ui.i18n import N_, t
from ui.resident_table_model import ResidentTableModel

MATCH_MARK = N_("✓ 用紙と一致")
MISMATCH_MARK = N_("✗ 用紙と不一致")
BLANK_TEXT = N_("（空欄）")
REASON_HINT = N_("理由（必須）")


def form_of(program_code: str) -> FormSpec | None:
    """The form of the case's program (for code labels); None for an unknown code."""
    try:
        return get_form(program_code)
    except KenshinError:
        return None


def form_title(case: Case) -> str:
    """用紙 12　胃がん（X線）: the form in hand, as the title and the result line name it."""
    return t("用紙 {number}　{program}").format(number=case.form_no, program=t(case.program_name))


def value_text(form: FormSpec | None, field: str, value: str) -> str:
    """A canonical value as the supervisor reads it: a code with its label, 2（陽性）."""
    if not value:
        return t(BLANK_TEXT)
    try:
        choices = dict(form.field(field).choices) if form is not None else {}
    except KenshinError:
        choices = {}  # identity fields are not on the form spec
    return f"{value}（{choices[value]}）" if value in choices else value


class FieldRow(QFrame):
    """A differing field: the paper value first, then both entries, a decision and a reason."""

    keyed = Signal(str, str)
    settle_requested = Signal(str, str, str, str)

    def __init__(self, field: FieldToSettle, form: FormSpec | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.code = field.code
        self._form = form
        self.settled = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name_label = widgets.heading(field.label, self, scale=1.1)
        self.paper_edit = QLineEdit(self)
        self.paper_edit.setPlaceholderText(field.hint)
        self.paper_edit.setAccessibleName(t("{field} 用紙の値").format(field=field.label))
        self.first_label, self.second_label, self.paper_label = (QLabel(self) for _ in range(3))
        self.accept_radio = QRadioButton(t("採用"), self)
        self.return_radio = QRadioButton(t("差し戻し"), self)
        self.decision = QButtonGroup(self)
        self.decision.addButton(self.accept_radio)
        self.decision.addButton(self.return_radio)
        self.final_edit = QLineEdit(self)
        self.final_edit.setAccessibleName(t("{field} 確定値").format(field=field.label))
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(t(REASON_HINT))
        self.reason_edit.setAccessibleName(t("{field} 理由").format(field=field.label))
        self.confirm_button = QPushButton(t("確定 Enter"), self)
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setEnabled(False)
        self.error_label = widgets.error_label(self)
        self.done_label = QLabel(self)
        self.done_label.setStyleSheet(widgets.OK_STYLE)
        self.error_label.hide()  # shown with a message only, so an empty one takes no room
        self.done_label.hide()
        self._build()
        self.paper_edit.returnPressed.connect(self._on_paper_entered)
        self.accept_radio.toggled.connect(self._on_decision_toggled)
        self.final_edit.returnPressed.connect(self._on_final_entered)
        self.reason_edit.textChanged.connect(self._on_reason_changed)
        self.reason_edit.returnPressed.connect(self._on_confirm)
        self.confirm_button.clicked.connect(self._on_confirm)
        self.accept_radio.installEventFilter(self)
        self.return_radio.installEventFilter(self)

    def _build(self) -> None:
        paper_caption = QLabel(t("用紙の値"), self)
        paper_caption.setBuddy(self.paper_edit)
        self.decision_box = QWidget(self)
        grid = QGridLayout(self.decision_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (caption, label) in enumerate(
            (
                (t("1回目"), self.first_label),
                (t("2回目"), self.second_label),
                (t("用紙"), self.paper_label),
            )
        ):
            grid.addWidget(QLabel(caption, self.decision_box), 0, column)
            grid.addWidget(label, 1, column)
        choice = QHBoxLayout()
        choice.addWidget(self.accept_radio)
        choice.addWidget(self.return_radio)
        choice.addWidget(QLabel(t("確定値"), self.decision_box))
        choice.addWidget(self.final_edit, 1)
        grid.addLayout(choice, 2, 0, 1, 3)
        reason = QHBoxLayout()
        reason.addWidget(QLabel(t("理由"), self.decision_box))
        reason.addWidget(self.reason_edit, 1)
        reason.addWidget(self.confirm_button)
        grid.addLayout(reason, 3, 0, 1, 3)
        self.decision_box.hide()
        top = QHBoxLayout()
        top.addWidget(self.name_label)
        top.addStretch(1)
        top.addWidget(paper_caption)
        top.addWidget(self.paper_edit, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.decision_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.done_label)
        widgets.chain_tab_order(
            self.paper_edit,
            self.accept_radio,
            self.return_radio,
            self.final_edit,
            self.reason_edit,
            self.confirm_button,
        )

    def show_comparison(self, shown: FieldComparison) -> None:
        """Reveal both entries against the paper; the decision defaults to 採用 of the paper."""
        self.show_error("")
        for label, value, mark in (
            (self.first_label, shown.first, shown.first_matches),
            (self.second_label, shown.second, shown.second_matches),
        ):
            label.setText(f"{value_text(self._form, self.code, value)}  {_mark(mark)}")
            label.setStyleSheet(widgets.OK_STYLE if mark else widgets.ERROR_STYLE)
        self.paper_label.setText(value_text(self._form, self.code, shown.blind))
        self.paper_edit.setReadOnly(True)
        self.final_edit.setText(shown.blind)
        self.accept_radio.setChecked(True)
        self.decision_box.show()
        self.accept_radio.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def mark_settled(self, decision: str) -> None:
        self.settled = True
        self.show_error("")
        self.done_label.show()
        if decision == "accept":
            final = value_text(self._form, self.code, self.final_edit.text().strip())
            self.done_label.setText(t("採用しました: {value}").format(value=final))
        else:
            self.done_label.setText(t("差し戻しました。両方の入力者が入力し直します。"))
        self.decision_box.setEnabled(False)
        self.paper_edit.setEnabled(False)

    def chosen_decision(self) -> str:
        return "accept" if self.accept_radio.isChecked() else "return"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on a decision moves on, as everywhere else on the desk. Filtered on the radios
        # themselves: a line edit passes its Enter up to this frame after acting on it.
        if (
            watched in (self.accept_radio, self.return_radio)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            target = self.final_edit if self.accept_radio.isChecked() else self.reason_edit
            target.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def _on_paper_entered(self) -> None:
        if not self.paper_edit.isReadOnly() and not self.settled:
            self.keyed.emit(self.code, self.paper_edit.text())

    @Slot(bool)
    def _on_decision_toggled(self, accepted: bool) -> None:
        self.final_edit.setEnabled(accepted)

    @Slot()
    def _on_final_entered(self) -> None:
        self.reason_edit.setFocus(Qt.FocusReason.TabFocusReason)

    @Slot(str)
    def _on_reason_changed(self, text: str) -> None:
        self.confirm_button.setEnabled(bool(text.strip()) and not self.settled)

    @Slot()
    def _on_confirm(self) -> None:
        if not self.confirm_button.isEnabled():
            self.show_error(t("理由を入力してください。"))
            return
        final = self.final_edit.text().strip() if self.accept_radio.isChecked() else ""
        self.settle_requested.emit(
            self.code, self.chosen_decision(), self.reason_edit.text().strip(), final
        )


def _paper_order(form: FormSpec | None, code: str) -> int:
    """Identity first, then the form's fields as they stand on the paper."""
    codes = [spec.code for spec in form.fields] if form is not None else []
    return codes.index(code) + 1 if code in codes else 0


def _mark(matches: bool) -> str:
    return t(MATCH_MARK) if matches else t(MISMATCH_MARK)


class IdentityBox(QFrame):
    """The register gave no match or several: the supervisor names the resident, with a reason."""

    resolve_requested = Signal(str, str)

    def __init__(self, case: Case, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.problem_label = QLabel(
            t("本人確認: {problem}").format(problem=t(case.identity_problem or "")), self
        )
        self.problem_label.setStyleSheet(widgets.NOTICE_STYLE)
        self.model = ResidentTableModel(case.candidates, self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(t("候補の住民"))
        self.table.setSortingEnabled(False)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(t(REASON_HINT))
        self.reason_edit.setAccessibleName(t("本人確認の理由"))
        self.resolve_button = QPushButton(t("この住民に確定"), self)
        self.resolve_button.setAutoDefault(False)
        self.resolve_button.setEnabled(False)
        self.error_label = widgets.error_label(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(t("理由"), self))
        row.addWidget(self.reason_edit, 1)
        row.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self.table.resizeColumnsToContents()
        widgets.chain_tab_order(self.table, self.reason_edit, self.resolve_button)
        self.table.selectionModel().selectionChanged.connect(self._on_input_changed)
        self.table.activated.connect(self._on_candidate_activated)
        self.reason_edit.textChanged.connect(self._on_input_changed)
        self.reason_edit.returnPressed.connect(self._on_resolve)
        self.resolve_button.clicked.connect(self._on_resolve)

    def chosen_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    @Slot()
    @Slot(QItemSelection, QItemSelection)
    def _on_input_changed(self, *_: object) -> None:
        chosen = self.chosen_id() is not None
        self.resolve_button.setEnabled(chosen and bool(self.reason_edit.text().strip()))

    @Slot()
    def _on_candidate_activated(self) -> None:
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_resolve(self) -> None:
        resident_id = self.chosen_id()
        if not self.resolve_button.isEnabled() or resident_id is None:
            self.error_label.setText(t("候補から住民を選び、理由を入力してください。"))
            return
        self.resolve_requested.emit(resident_id, self.reason_edit.text().strip())


class CasePanel(QWidget):
    """The open case: its title, the identity problem if any, and one row per field in order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: Case | None = None
        self.rows: dict[str, FieldRow] = {}
        self.identity: IdentityBox | None = None
        self.title_label = widgets.heading("", self, scale=1.2)
        self.placeholder = QLabel(t("一覧から用紙を選び、Enter で開きます。"), self)
        self._body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.placeholder)
        layout.addLayout(self._body)
        layout.addStretch(1)

    def show_case(self, case: Case) -> None:
        self.clear()
        self.case = case
        self.placeholder.hide()
        self.title_label.setText(form_title(case))
        form = form_of(case.program_code)
        if case.identity_problem:
            self.identity = IdentityBox(case, self)
            self._body.addWidget(self.identity)
        for field in sorted(case.fields, key=lambda f: _paper_order(form, f.code)):
            row = FieldRow(field, form, self)
            self.rows[field.code] = row
            self._body.addWidget(row)
        self.focus_next()

    def clear(self) -> None:
        for widget in (*self.rows.values(), self.identity):
            if widget is not None:
                self._body.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        self.rows, self.identity, self.case = {}, None, None
        self.title_label.clear()
        self.placeholder.show()

    def all_settled(self) -> bool:
        return all(row.settled for row in self.rows.values())

    def focus_next(self) -> None:
        """Focus the first thing still to do: the identity, else the next field to key."""
        if self.identity is not None and self.identity.isEnabled():
            self.identity.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        for row in self.rows.values():
            if not row.settled:
                row.paper_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
