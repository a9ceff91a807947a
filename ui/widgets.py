"""Shared widgets: copy-proof tables, error labels, message boxes and Enter-moves-on dialogs."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import N_, t

APP_TITLE = N_("健診デスク")
ERROR_STYLE = "color: #b3261e; font-weight: bold;"
OK_STYLE = "color: #1b5e20; font-weight: bold;"
NOTICE_STYLE = (
    "background: #fff4ce; color: #4a3b00; border: 1px solid #e0c97a; border-radius: 4px;"
    " padding: 6px;"
)


def _is_copy(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Copy) or event.matches(
        QKeySequence.StandardKey.Cut
    )


class SafeTableView(QTableView):
    """A read-only table whose cells cannot leave the screen: no copy, drag or context menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.setAcceptDrops(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Tab must leave the table, or a keyboard user is trapped inside it.
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self._fit_rows_to_font()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _fit_rows_to_font(self) -> None:
        """Rows as tall as the text needs: the style's 30 px cut larger text in half."""
        self.verticalHeader().setDefaultSectionSize(max(30, self.fontMetrics().height() + 12))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows_to_font()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QAbstractItemView copies the current cell to the clipboard on Ctrl+C; personal
        # values must never reach the clipboard.
        if _is_copy(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        event.accept()


class SecretDialog(QDialog):
    """A temporary password to read out: large, grouped by four, not selectable or copyable.

    Not a QMessageBox: that copies its whole text to the clipboard on Ctrl+C.
    """

    def __init__(self, parent: QWidget | None, intro: str, secret: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(t(APP_TITLE))
        self.setModal(True)
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        self.secret_label = QLabel(grouped, self)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(2 * QApplication.font().pointSizeF())  # 22 pt at the base size
        self.secret_label.setFont(font)
        self.secret_label.setProperty("font_scale", 2.0)
        self.secret_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.secret_label.setAccessibleName(t("仮パスワード"))
        note = QLabel(
            t("この画面を閉じると二度と表示されません。本人に口頭で伝えてください。"), self
        )
        note.setWordWrap(True)
        ok = QPushButton(t("閉じる(&C)"), self)
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(QLabel(intro, self))
        layout.addWidget(self.secret_label)
        layout.addWidget(note)
        layout.addLayout(row)
        ok.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_copy(event):
            event.accept()
            return
        super().keyPressEvent(event)


def chain_tab_order(*chain: QWidget) -> None:
    """Tab visits these in reading order, whatever order they were built in."""
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def fit_to_rows(view: QTableView) -> None:
    """Make a short table exactly as tall as its rows, so it does not read as an empty list."""
    height = (
        view.horizontalHeader().sizeHint().height()
        + view.verticalHeader().length()
        + 2 * view.frameWidth()
    )
    view.setFixedHeight(height)
    if not view.property("fits_rows"):  # and again when the text size changes
        view.setProperty("fits_rows", True)
        follow_font(view, lambda: fit_to_rows(view))


BASE_TEXT_POINTS = 11.0  # the text size the screens' pixel sizes were drawn for (ui.appearance)


def text_scaled(widget: QWidget, pixels: int) -> int:
    """`pixels` at the base text size, grown with the widget's text size (for fixed widths)."""
    points = widget.font().pointSizeF()
    return round(pixels * max(points, BASE_TEXT_POINTS) / BASE_TEXT_POINTS)


class _FontFollower(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            # After the children (a table's headers) have their new font too.
            QTimer.singleShot(0, self, self._callback)
        return False


def follow_font(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` whenever the widget's text size changes (the clerk chose another)."""
    _FontFollower(widget, callback)


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red, word-wrapped label for the message of a refused input; screen readers name it."""
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(t("エラー"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def queue_and_decision(
    parent: QWidget, queue: QWidget, *, caption: str, title: QLabel, decision: QWidget
) -> QSplitter:
    """A work queue on the left and, beside it, the panel where the chosen item is decided
    (the layout of 承認 and 精検結果の確認)."""
    side = QWidget(parent)
    side.setMaximumWidth(420)
    right = QVBoxLayout(side)
    right.setContentsMargins(12, 0, 0, 0)
    right.addWidget(heading(caption, parent, scale=1.1))
    right.addWidget(title)
    right.addWidget(decision)
    right.addStretch(1)
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.addWidget(queue)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    return splitter


def heading(text: str, parent: QWidget | None = None, *, scale: float = 1.4) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    base = font.pointSizeF() if font.pointSizeF() > 0 else 11.0
    font.setPointSizeF(base * scale)
    font.setBold(True)
    label.setFont(font)
    label.setProperty("font_scale", scale)  # follows a change of text size (ui.appearance)
    return label


def ascii_id_field(parent: QWidget | None = None) -> QLineEdit:
    """A field for a staff ID: Latin input, so the IME does not turn it into kana."""
    field = QLineEdit(parent)
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhLatinOnly
        | Qt.InputMethodHint.ImhNoAutoUppercase
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    field.setMaxLength(40)
    return field


def password_field(parent: QWidget | None = None) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(1024)
    return field


def show_error(parent: QWidget | None, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, t(APP_TITLE), message, parent=parent)
    box.exec()


def show_info(parent: QWidget | None, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, t(APP_TITLE), message, parent=parent)
    box.exec()


def confirm(parent: QWidget | None, question: str) -> bool:
    """Ask before a change that cannot simply be undone; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, t(APP_TITLE), question, parent=parent)
    yes = box.addButton(t("実行する(&Y)"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(t("やめる(&N)"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def show_secret(parent: QWidget | None, intro: str, secret: str) -> None:
    """Show a temporary password once, grouped by four for reading out; never copyable."""
    dialog = SecretDialog(parent, intro, secret)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor for the length of a blocking call (password hashing takes a moment)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class FormDialog(QDialog):
    """Enter moves to the next field; on the submit field, or a focused button, it acts."""

    submit_field: QWidget | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if isinstance(focus, QPushButton):
                focus.click()
            elif focus is not None and focus is self.submit_field:
                self.submit()
            else:
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        """Subclasses read their fields, call one service and accept or show the error."""
        raise NotImplementedError


def screen_action(
    screen: QWidget, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str
) -> QAction:
    """An action whose shortcut works only while this screen is the one on show."""
    action = QAction(text, screen)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    screen.addAction(action)
    return action


def action_button(parent: QWidget, action: QAction) -> QPushButton:
    """A button for an action, its shortcut written on it so clerks learn it."""
    button = QPushButton(f"{action.text()}  {action.shortcut().toString()}", parent)
    button.setAutoDefault(False)
    button.clicked.connect(action.trigger)
    action.enabledChanged.connect(button.setEnabled)
    return button


def service_ordered_table(
    parent: QWidget, proxy: QSortFilterProxyModel, name: str
) -> SafeTableView:
    """A list over `proxy`, in the service's order until the clerk clicks a header."""
    table = SafeTableView(parent)
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    proxy.sort(-1)
    return table
