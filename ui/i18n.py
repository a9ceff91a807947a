"""The desk's languages: Japanese first, English beside it (Qt Linguist, resources/translations).

Interface shared by the screens and the start-up code:
- `t(text)`: the text in the desk's current language (the Japanese source text is the key);
- `N_(text)`: marks a constant evaluated at import time for the catalogue; it is shown through
  `t()` where it is used (as gettext's `N_`);
- `install(app, language)`: load that language's translations into the application;
- `LANGUAGES`: the codes a clerk may choose, with their names as shown in the list.

The core (app/) composes its messages in Japanese and knows nothing of Qt; a screen shows a
core message through `t()`, so the fixed ones translate and the composed ones (a name or a
number inside) stay Japanese. Printed documents are never translated: they go to residents,
clinics and the post office.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import resources_dir

CONTEXT = "kenshin"
LANGUAGES = {"ja": "日本語", "en": "English"}
DEFAULT_LANGUAGE = "ja"


class _Installed:
    """The translators in force (kept alive here: Qt does not own installed translators, and
    a collected one stops translating) and the language they are for."""

    translators: list[QTranslator] = []
    language = DEFAULT_LANGUAGE


def t(text: str) -> str:
    """The text in the current language; the Japanese itself when there is no translation."""
    return QCoreApplication.translate(CONTEXT, text)


def N_(text: str) -> str:
    """Mark `text` for the catalogue without translating it now; translate it with `t()`."""
    return text


def translations_dir() -> str:
    return str(resources_dir() / "translations")


def current_language() -> str:
    """The language installed last ("ja" before any)."""
    return _Installed.language


def install(app: QCoreApplication, language: str) -> None:
    """Load `language`'s translations, replacing the previous ones; unknown codes mean Japanese.

    Qt's own texts (standard buttons, the print dialog) come from qtbase_<language>; the
    desk's from kenshin_<language>.qm. Japanese needs no catalogue: it is the source text.
    """
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    for translator in _Installed.translators:
        app.removeTranslator(translator)
    _Installed.translators.clear()
    locale = QLocale(language)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _load(app, locale, "qtbase", qt_dir)
    if language != DEFAULT_LANGUAGE:
        _load(app, locale, "kenshin", translations_dir())
    _Installed.language = language


def _load(app: QCoreApplication, locale: QLocale, name: str, folder: str) -> None:
    translator = QTranslator(app)
    if translator.load(locale, name, "_", folder) and app.installTranslator(translator):
        _Installed.translators.append(translator)
    else:
        translator.deleteLater()
