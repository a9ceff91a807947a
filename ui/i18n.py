"""The desk's languages: Japanese first, English beside it (Qt Linguist, resources/translations).

Interface shared by the screens and the start-up code:
- `t(text)`: the text in the desk's current language (the Japanese source text is the key);
- `install(app, language)`: load that language's translations into the application;
- `LANGUAGES`: the codes a clerk may choose, with their names as shown in the list.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

CONTEXT = "kenshin"
LANGUAGES = {"ja": "日本語", "en": "English"}


def t(text: str) -> str:
    """The text in the current language; the Japanese itself when there is no translation."""
    return QCoreApplication.translate(CONTEXT, text)


def install(app: QApplication, language: str) -> None:
    """Load `language`'s translations (skeleton: Japanese only until the catalogue lands)."""
    del app, language
