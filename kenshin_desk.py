"""The built app's entry point (build.spec): the desk, or the demo's central server beside it.

A frozen app has no Python interpreter to run `python -m server.cli`, so `healthdesk demo`
starts this same executable again with the hidden first argument `demo-server`
(ui/demo_server.py). Only the demo server is reachable that way: `--demo` is always given.
`bundle-check` (hidden too) loads everything the build must carry and says what it found;
`make build-smoke` runs it before the demo's smoke run. Without arguments (a double-click, a
shortcut) the desk starts as `run`: the login window, or the enrollment dialog on a new PC.

This file lives outside app/, ui/ and server/ because the workstation packages never import
the server (import-linter); only the built bundle holds both.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ui.demo_server import FROZEN_SERVER_COMMAND

BUNDLE_CHECK = "bundle-check"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [FROZEN_SERVER_COMMAND]:
        from server.cli import main as server_main

        return server_main(["--demo", *args[1:]])
    if args[:1] == [BUNDLE_CHECK]:
        return bundle_check()
    from ui.cli import main as desk_main

    return desk_main(args or ["run"])


def bundle_check() -> int:
    """Load each thing the desk finds at run time, from where the running build finds it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    failures = 0
    for name, check in _CHECKS:
        try:
            found = check()
        except Exception as error:
            found, failures = f"FAILED: {type(error).__name__}: {error}", failures + 1
        print(f"{name:<22} {found}", flush=True)
    del app
    print("bundle-check: " + ("ok" if failures == 0 else f"{failures} failed"))
    return 0 if failures == 0 else 1


def _resources() -> str:
    from app.resources import bundle_root, common_passwords, resources_dir

    frozen = getattr(sys, "_MEIPASS", None)
    assert frozen is None or bundle_root() == Path(frozen), bundle_root()
    assert len(common_passwords()) > 1000
    assert (resources_dir() / "fonts" / "ipaexg.ttf").is_file()
    return f"{resources_dir()} ({len(common_passwords()):,} blocked passwords)"


def _desk_translations() -> str:
    from PySide6.QtCore import QTranslator

    from ui.i18n import translations_dir

    folder = Path(translations_dir())
    catalogues = sorted(folder.glob("*.qm"))
    for catalogue in catalogues:
        assert QTranslator().load(str(catalogue)), catalogue
    return f"{folder}: {', '.join(c.name for c in catalogues) or 'no .qm yet'}"


def _qt_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert QTranslator().load(QLocale("ja"), "qtbase", "_", folder), folder
    return f"qtbase_ja in {folder}"


def _qt_plugins() -> str:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QGuiApplication

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    names = sorted(p.name for p in (folder / "platforms").iterdir())
    wanted = ("qwindows",) if sys.platform == "win32" else ("qoffscreen", "qxcb")
    missing = [w for w in wanted if not any(w in name for name in names)]
    assert not missing, f"missing {missing} in {folder / 'platforms'}"
    return f"running on {QGuiApplication.platformName()}; {', '.join(names)}"


def _pdf() -> str:
    """A Japanese PDF with a QR code from ReportLab, rendered back by QtPdf as the preview does."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode import createBarcodeDrawing
    from reportlab.pdfgen.canvas import Canvas

    from app.documents._fonts import register

    gothic, mincho = register()
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont(gothic, 12)
    canvas.drawString(72, 720, "健診デスク 受診券")
    canvas.setFont(mincho, 12)
    canvas.drawString(72, 700, "親展")
    renderPDF.draw(createBarcodeDrawing("QR", value="kenshin"), canvas, 72, 560)
    canvas.showPage()
    canvas.save()
    buffer = QBuffer()
    buffer.setData(QByteArray(out.getvalue()))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready, document.error()
    image = document.render(0, QSize(300, 420))
    assert not image.isNull()
    return f"{len(out.getvalue()):,} bytes, IPAex fonts and QR; QtPdf rendered page 1"


def _printing() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    names = QPrinterInfo.availablePrinterNames()
    return f"QtPrintSupport loaded; {len(names)} printer(s) visible"


def _store() -> str:
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    connection.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
    version = str(connection.execute("PRAGMA cipher_version").fetchone()[0])
    connection.close()
    assert version.startswith("4."), version
    return f"SQLCipher {version}"


def _argon2() -> str:
    from argon2 import PasswordHasher

    hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    assert hasher.verify(hasher.hash("bundle-check"), "bundle-check")
    return "argon2id hash and verify"


def _keyring() -> str:
    import importlib

    import keyring
    import keyring.backend

    for module in ("Windows", "SecretService", "macOS", "chainer", "fail"):
        importlib.import_module(f"keyring.backends.{module}")
    from app.store.keys import CRED_PERSIST_LOCAL_MACHINE, KeyringKeyStore, windows_vaults

    viable = sorted(type(b).__name__ for b in keyring.backend.get_all_keyring())
    found = f"in use: {type(keyring.get_keyring()).__name__}; viable: {', '.join(viable)}"
    if sys.platform == "win32":
        KeyringKeyStore()  # sets Credential Manager persistence, as the desk does at start
        vaults = windows_vaults(keyring.get_keyring())
        assert vaults, "Windows Credential Manager backend not in use"
        assert all(v.persist == CRED_PERSIST_LOCAL_MACHINE for v in vaults)
        found += "; Credential Manager: local machine"
    return found


def _migrations() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from app.resources import bundle_root
    from app.store.migrate import head_revision

    server = bundle_root() / "migrations" / "server"
    config = Config(str(server / "alembic.ini"))
    config.set_main_option("script_location", str(server))
    server_head = ScriptDirectory.from_config(config).get_current_head()
    assert server_head is not None
    return f"client head {head_revision()}, server head {server_head}"


_CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("resources", _resources),
    ("desk translations", _desk_translations),
    ("Qt translations", _qt_translations),
    ("Qt platform plugins", _qt_plugins),
    ("PDF and preview", _pdf),
    ("print support", _printing),
    ("encrypted store", _store),
    ("argon2", _argon2),
    ("keyring backends", _keyring),
    ("migrations", _migrations),
]


if __name__ == "__main__":
    sys.exit(main())
