"""A read-only table model over a list of DTOs, with its columns declared once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.wareki import format_short
from ui.i18n import t

SORT_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """A column: its Japanese title (marked with N_, shown through t()), the text shown, and
    the key it sorts by (the text if None)."""

    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], int | str] | None = None
    numeric: bool = False


class RowTableModel(QAbstractTableModel):
    """Rows are frozen DTOs from a service; the model never calls a service itself."""

    columns: ClassVar[tuple[Column, ...]] = ()

    def __init__(self, rows: Iterable[Any] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = list(rows)

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> Sequence[Any]:
        return tuple(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return t(self.columns[section].title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Selectable for keyboard navigation, but never draggable or editable.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def mimeTypes(self) -> list[str]:
        return []


def filter_proxy(model: RowTableModel, parent: Any = None) -> QSortFilterProxyModel:
    """Sort by each column's key; filter on any column's text, case-insensitive."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


def local_time_text(moment: datetime | None, *, seconds: bool = False) -> str:
    """A UTC instant in local time, in the short 和暦 form clerks read: R8.11.26 09:05."""
    if moment is None:
        return ""
    local = moment.astimezone()
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{format_short(local.date())} {clock}"
