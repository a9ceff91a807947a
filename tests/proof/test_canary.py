"""Canary: personal values reach no file outside the encrypted store, and never the clipboard.

Residents with names, kana, addresses and 個人番号 made for this run only go into the city's
register (the server's ingest, over TLS, from memory). Then every feature runs end to end:
login (the login window), lookup and detail, 個人番号 search and reveal, both entries on two
desks, adjudication, a correction, the voucher (GUI) and the result notice previewed and
printed onto an in-memory paint device, sync both ways, the idle lock, a bug through the GUI's
exception hook, and a desk process that dies of a native crash (SIGSEGV) while saving, on a
machine that keeps core dumps. Every log line of this process goes at DEBUG to a file; the
server's log and the crashed child's log, fault dump and output are files too.

Then every file created or changed (mtime or ctime) under HOME, the temporary directory, the
desks' data directories, Qt's cache/config/data/runtime locations, the XDG directories and
the working directory (its own files) is searched for every canary in UTF-8, UTF-16 (LE/BE),
CP932, JSON \\u escapes and percent-encoding: no hit anywhere. The desks' SQLCipher files and
their -wal/-shm are searched too and must show nothing (they are encrypted). Only the demo
server's SQLite database is left out, by its exact paths: it is the central server's store,
another machine's database in production (PostgreSQL), and the test shows the canaries ARE
in it, so the exclusion is what hides them and the scanner does see plaintext. The scanner
proves itself first on a file per encoding planted in the temporary directory and under HOME
and found through the same walk. Files this process wrote and removed before the scan (which
could not be read) fail the test; so does a canary in the captured stdout/stderr, on the
clipboard at any time, or a desk process that the kernel would let dump core.
"""

# ruff: noqa: N802 - the in-memory printer answers to QPrinter's camelCase names
from __future__ import annotations

import json
import os
import random
import secrets
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QInputMethodEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QTableView, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.bootstrap import STORE_FILE, Desk, build_desk, open_engine
from app.store.keys import KeyringKeyStore
from app.sync.transport import ServerClient
from server.config import SQLITE_FILE
from tests.e2e.harness import DeskFactory, ServerHandle, login, start_server
from tests.entry_support import PAPER, identity_of
from tests.proof.canary_support import (
    ENCODINGS,
    Canary,
    Scanner,
    Walk,
    WrittenFiles,
    changed_files,
    encoded,
    every_log_line_to,
    hiragana,
    make_canaries,
    residents_csv,
)
from tests.support import PASSWORDS, MemoryKeyring, cheap_hasher
from ui import printing
from ui.app import _unexpected_error
from ui.background import wait_for_all
from ui.controller import DeskController
from ui.issue_dialog import IssueDialog
from ui.main_window import LOCKED_TITLE

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="file walk, signals and core dumps: Linux"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints", "XDG_RUNTIME_DIR"),
]

ROOT = Path(__file__).resolve().parents[2]
IDLE_MS = 2_500  # the idle lock, shortened from minutes
SERVER_RESIDENTS = 80  # synthetic residents around the canaries
PRINTER_NAME = "窓口プリンター"


class ImagePrinter(QImage):
    """A paper printer that is a picture in memory: what `printing.print_pdf` asks of a
    QPrinter, on a QImage the pages are really painted onto."""

    def __init__(self) -> None:
        super().__init__(874, 591, QImage.Format.Format_RGB32)  # a postcard at 150 dpi
        self.fill(QColor("white"))
        self.doc_name = ""
        self.pages = 1

    def printerName(self) -> str:
        return PRINTER_NAME

    def outputFormat(self) -> QPrinter.OutputFormat:
        return QPrinter.OutputFormat.NativeFormat

    def outputFileName(self) -> str:
        return ""

    def setDocName(self, name: str) -> None:
        self.doc_name = name

    def setFullPage(self, _full: bool) -> None:
        pass

    def setPageSize(self, _size: object) -> bool:
        return True

    def setPageOrientation(self, _orientation: object) -> bool:
        return True

    def setPageMargins(self, *_margins: object) -> bool:
        return True

    def resolution(self) -> int:
        return 150

    def newPage(self) -> bool:
        self.pages += 1
        return True

    def inked(self) -> bool:
        """Something was painted: a pixel on a grid that is not white."""
        white = QColor("white").rgb()
        return any(
            self.pixel(x, y) != white
            for x in range(0, self.width(), 7)
            for y in range(0, self.height(), 7)
        )


class ClipboardWatch:
    """Every text the clipboard held while watching (checked on each change, and on demand)."""

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self.clipboard = QGuiApplication.clipboard()
        self.hits: list[str] = []
        self.changes = 0
        self.clipboard.dataChanged.connect(self.check)

    def check(self) -> None:
        self.changes += 1
        mime = self.clipboard.mimeData()
        payloads = [self.clipboard.text().encode("utf-8")]
        if mime is not None:
            payloads += [bytes(mime.data(kind).data()) for kind in mime.formats()]
        for payload in payloads:
            self.hits += [str(hit) for hit in self.scanner.scan_bytes(payload, "<clipboard>")]

    def close(self) -> None:
        self.clipboard.dataChanged.disconnect(self.check)


# ------------------------------------------------------------------ where files may appear


def qt_locations() -> list[Path]:
    kinds = QStandardPaths.StandardLocation
    found = []
    for kind in (
        kinds.CacheLocation,
        kinds.GenericCacheLocation,
        kinds.AppDataLocation,
        kinds.AppLocalDataLocation,
        kinds.AppConfigLocation,
        kinds.ConfigLocation,
        kinds.GenericConfigLocation,
        kinds.GenericDataLocation,
        kinds.RuntimeLocation,
        kinds.TempLocation,
    ):
        location = QStandardPaths.writableLocation(kind)
        if location:
            found.append(Path(location))
    return found


def scan_roots(*extra: Path) -> list[Path]:
    xdg = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
    roots = [
        Path.home(),
        Path(tempfile.gettempdir()),
        *(Path(os.environ[name]) for name in (*xdg, "XDG_RUNTIME_DIR") if os.environ.get(name)),
        *qt_locations(),
        *extra,
    ]
    return [root for root in roots if root.is_dir()]


# ------------------------------------------------------------------ the register


def ingest(server: ServerHandle, canaries: list[Canary]) -> None:
    """The city's feed, as its integration account sends it: CSV bytes over TLS."""
    answer = server.admin(
        "POST", "/admin/enrollment-codes", {"workstation_name": "city-feed", "kind": "integration"}
    )
    client = ServerClient(server.url, server.ca_pem)
    try:
        client.device_token = client.enroll(str(answer["code"]), "city-feed").device_token
        result = client.request("POST", "/ingest/residents", content=residents_csv(canaries))
    finally:
        client.close()
    assert result["accepted"] == len(canaries)


def resident_id(desk: Desk, canary: Canary) -> str:
    with desk.engine.connect() as connection:
        query = text("SELECT id FROM residents WHERE register_no = :no")
        return str(connection.execute(query, {"no": canary.register_no}).scalar_one())


def person(canary: Canary) -> dict[str, str]:
    return {
        "kana": canary.kana,
        "birth_date": canary.birth_date.isoformat(),
        "sex": canary.sex,
        "address": canary.address,
    }


def synced(desk: Desk, session: Any) -> None:
    report = desk.sync.sync_now(session)
    assert report.online and report.problems == 0, report.message


# ------------------------------------------------------------------ the services, end to end


def lookup_and_reveal(desk: Desk, canary: Canary) -> str:
    rid = resident_id(desk, canary)
    clerk = login(desk, "clerk1")
    rows = desk.lookup.search(clerk, text=hiragana(canary.kana_family)).rows
    assert [row.id for row in rows] == [rid]
    detail = desk.lookup.open_resident(clerk, resident_id=rid)
    assert detail.masked_my_number.endswith(canary.my_number[-4:])
    assert canary.my_number not in detail.masked_my_number
    supervisor = login(desk, "supervisor")
    number = canary.my_number
    grouped = f"{number[:4]}-{number[4:8]}-{number[8:]}"
    assert [row.id for row in desk.lookup.search(supervisor, text=grouped).rows] == [rid]
    assert desk.lookup.reveal_my_number(supervisor, resident_id=rid) == number
    return rid


def both_entries_adjudicated_and_corrected(desk_a: Desk, desk_b: Desk, canary: Canary) -> str:
    """First entry here, second entry there (a difference), the supervisor settles it, a
    correction is requested and approved; free text carries the canary everywhere it can."""
    identity = identity_of(person(canary))
    clerk1 = login(desk_a, "clerk1")
    batch_id = desk_a.entry.create_batch(
        clerk1, program_code="colorectal", clinic_code="1312345678", month="2026-06",
        received_count=1,
    )  # fmt: skip
    slot = desk_a.entry.open_form(clerk1, batch_id=batch_id, form_no=1)
    values = {**PAPER, "comment": f"{canary.name} 様 {canary.street}"}
    desk_a.entry.save_draft(clerk1, entry_id=slot.entry_id, identity=identity, values=values)
    outcome = desk_a.entry.submit(clerk1, entry_id=slot.entry_id, identity=identity, values=values)
    assert outcome.form_status == "keying"
    synced(desk_a, clerk1)

    synced(desk_b, None)
    clerk2 = login(desk_b, "clerk2")
    slot = desk_b.entry.open_form(clerk2, batch_id=batch_id, form_no=1)
    second = {**PAPER, "fobt_day2": "1", "comment": canary.kana}
    outcome = desk_b.entry.submit(clerk2, entry_id=slot.entry_id, identity=identity, values=second)
    assert outcome.form_status == "review"
    synced(desk_b, clerk2)

    supervisor = login(desk_a, "supervisor")
    synced(desk_a, supervisor)
    [item] = desk_a.verification.queue(supervisor)
    desk_a.verification.open_case(supervisor, form_id=item.form_id)
    desk_a.verification.key_from_paper(
        supervisor, form_id=item.form_id, field="fobt_day2", value="2"
    )
    status = desk_a.verification.settle(
        supervisor,
        form_id=item.form_id,
        field="fobt_day2",
        decision="accept",
        reason=f"用紙どおり（{canary.family}）",
    )
    assert status == "verified"
    with desk_a.engine.connect() as connection:
        query = "SELECT id FROM screening_results WHERE source = 'verified' AND resident_id = :r"
        result_id = str(
            connection.execute(text(query), {"r": resident_id(desk_a, canary)}).scalar_one()
        )

    changes = {"judgement": "1", "comment": f"訂正 {canary.name} {canary.kana}"}
    request = desk_a.corrections.request_change(
        login(desk_a, "clerk1"),
        result_id=result_id,
        changes=changes,
        reason=f"医療機関から訂正連絡 {canary.kana_family}",
    )
    desk_a.corrections.approve(
        supervisor,
        request_id=request,
        reverified={"judgement": "異常認めず", "comment": changes["comment"]},
        reason=f"確認 {canary.family}",
    )
    synced(desk_a, supervisor)
    return result_id


# ------------------------------------------------------------------ the GUI


@pytest.fixture
def no_modals(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal nobody answers would hang the run: any dialog not driven below fails it."""

    def refuse(self: QDialog) -> int:
        raise AssertionError(f"unexpected modal dialog: {type(self).__name__}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)


def preview_and_print(
    qtbot: QtBot, desk: Desk, session: Any, pdf: bytes, kind: str, record_id: str
) -> ImagePrinter:
    dialog = printing.PreviewDialog(None, pdf, "結果通知")
    qtbot.addWidget(dialog)
    assert dialog.page_labels and not dialog.page_labels[0].pixmap().isNull()
    printer = ImagePrinter()
    status = printing.print_pdf(
        dialog, desk.printing, session, pdf, document_kind=kind, record_ids=[record_id],
        printer=printer,  # type: ignore[arg-type]
    )  # fmt: skip
    assert status is not None and PRINTER_NAME in status
    assert printer.inked() and printer.doc_name == f"kenshin-{kind}"
    dialog.close()
    return printer


def plain_table_copies(qtbot: QtBot, watch: ClipboardWatch, canary: Canary) -> None:
    """The watch itself: a plain Qt table copies its current cell on Ctrl+C, and is caught."""
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem(canary.kana))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert watch.hits, "a plain table's Ctrl+C was not seen on the clipboard"
    watch.clipboard.clear()
    view.close()


def type_with_ime(widget: QWidget, typed: str) -> None:
    """Japanese is keyed through an input method: its commit, one phrase at a time (QTest's
    key clicks take Latin-1 only)."""
    widget.setFocus()
    for phrase in (typed[:3], typed[3:]):
        event = QInputMethodEvent()
        event.setCommitString(phrase)
        QApplication.sendEvent(widget, event)


def gui_session(
    qtbot: QtBot, desk: Desk, canary: Canary, monkeypatch: pytest.MonkeyPatch
) -> list[ImagePrinter]:
    """Log in through the login window, find the canary, open and reveal, try to copy, issue
    a voucher (preview, print on an in-memory printer), leave it idle until it locks, try to
    copy there, unlock with the password, log out."""
    printed: list[ImagePrinter] = []

    def choose(dialog: IssueDialog) -> int:
        dialog.program_combo.setCurrentIndex(dialog.program_combo.findData("colorectal"))
        dialog.ok_button.click()
        return dialog.result()

    def preview(dialog: printing.PreviewDialog) -> int:
        assert dialog.page_labels and not dialog.page_labels[0].pixmap().isNull()
        dialog.print_button.click()
        return dialog.result()

    def printer(_parent: object) -> ImagePrinter:
        printed.append(ImagePrinter())
        return printed[-1]

    monkeypatch.setattr(IssueDialog, "exec", choose)
    monkeypatch.setattr(printing.PreviewDialog, "exec", preview)
    monkeypatch.setattr(printing, "choose_printer", printer)

    controller = DeskController(desk, idle_interval_ms=IDLE_MS)
    qtbot.addWidget(controller.login_window)
    controller.start()
    try:
        form = controller.login_window.form
        qtbot.keyClicks(form.id_edit, "supervisor")
        qtbot.keyClicks(form.password_edit, PASSWORDS["supervisor"])
        qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
        window = controller.main_window
        assert window is not None, form.error_label.text()
        qtbot.waitExposed(window)

        def activity() -> None:  # the clerk is still at the desk
            qtbot.keyClick(window.nav, Qt.Key.Key_Shift)

        window.nav.setCurrentRow(list(window.screens).index("lookup"))
        screen: Any = window.screens["lookup"]
        type_with_ime(screen.search_edit, hiragana(canary.kana_family))
        qtbot.waitUntil(
            lambda: screen.task is None and screen.model.rowCount() == 1, timeout=10_000
        )
        activity()
        qtbot.keyClick(screen.search_edit, Qt.Key.Key_Down)
        qtbot.keyClick(screen.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == ""  # the results table refuses to copy
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
        if screen.detail.detail is None:  # the style did not activate on Enter
            screen.open_row(0)
        assert screen.detail.detail is not None
        assert screen.detail.reveal_button is not None
        screen.detail.reveal_button.click()
        assert canary.my_number[:4] in screen.detail.my_number_label.text().replace(" ", "")
        for widget in (screen.detail.my_number_label, screen.detail.name_label, screen.detail):
            qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        activity()

        screen.detail.issue_action.trigger()
        assert len(printed) == 1 and printed[0].inked(), screen.detail.issue_label.text()
        assert printed[0].doc_name == "kenshin-voucher_postcard" and printed[0].pages == 2

        qtbot.waitUntil(window.is_locked, timeout=IDLE_MS * 6)
        assert window.windowTitle() == LOCKED_TITLE
        assert not screen.isVisible() and not screen.detail.my_number_label.isVisible()
        lock: Any = window.lock_screen
        qtbot.keyClick(lock, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(lock.password_edit, PASSWORDS["supervisor"])
        qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
        assert not window.is_locked()
        window.logout_action.trigger()
        assert controller.main_window is None and controller.login_window.isVisible()
    finally:
        if controller.main_window is not None:
            controller.main_window.idle.stop()
        controller.shutdown()
        assert wait_for_all(20_000)
    return printed


def a_bug_through_the_exception_hook(
    canary: Canary, monkeypatch: pytest.MonkeyPatch, scanner: Scanner
) -> None:
    """An unexpected exception whose message and locals hold personal values reaches the
    GUI's hook: the log names the place, the message box the kind, neither the values."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, message, *_a: shown.append(message))

    def show_resident(name: str, number: str) -> None:
        raise KeyError(f"{name} {number}")

    try:
        show_resident(canary.name, canary.my_number)
    except KeyError as error:
        _unexpected_error(KeyError, error, error.__traceback__)
    assert len(shown) == 1
    assert scanner.scan_bytes(shown[0].encode("utf-8")) == set()


# ------------------------------------------------------------------ a desk process that crashes


def keyring_entries(keyring: MemoryKeyring) -> list[list[str]]:
    return [[service, user, secret] for (service, user), secret in keyring.entries.items()]


def crash_a_desk_mid_work(server: ServerHandle, base: Path, canary: Canary) -> dict[str, Any]:
    """A third desk, enrolled and synced here, then handed (key and token through a pipe) to a
    child process that logs in, opens the canary, submits an entry and saves drafts in a loop,
    until a native crash (SIGSEGV) ends it mid-write. The store opens cleanly afterwards, with
    the submitted entry in it."""
    data_dir = base / "desks" / "desk-crash"
    keyring = MemoryKeyring()
    keys = KeyringKeyStore(keyring)
    engine = open_engine(data_dir, keys, create=True)
    desk = build_desk(
        engine, hasher=cheap_hasher(), workstation="desk-crash", keys=keys, data_dir=data_dir
    )
    desk.enrollment.enroll(server.url, server.code("desk-crash"), server.ca_pem, "desk-crash")
    synced(desk, None)
    desk.close()

    work = base / "crash"
    work.mkdir()
    orders = {
        "data_dir": str(data_dir),
        "name": "desk-crash",
        "keyring": keyring_entries(keyring),
        "identity": identity_of(person(canary)),
        "comment": f"{canary.name} {canary.kana} {canary.my_number}",
        "search": canary.kana_family,
        "log": str(work / "child-debug.log"),
        "faults": str(work / "child-faults.txt"),
    }
    with (work / "child-stderr.txt").open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.proof.canary_support"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=work,  # where a core dump would land (core_pattern "core")
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write((json.dumps(orders) + "\n").encode("utf-8"))
        child.stdin.close()
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=60), "the crashing desk never got to work"
        line = child.stdout.readline()
        assert line, (work / "child-stderr.txt").read_text(encoding="utf-8", errors="replace")
        state: dict[str, Any] = json.loads(line)
        time.sleep(0.3)  # in the middle of the draft loop
        child.send_signal(signal.SIGSEGV)
        assert child.wait(timeout=30) == -signal.SIGSEGV
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()

    # The store survived: it opens (header, key, every page checked) with the entry in it.
    reopened = build_desk(open_engine(data_dir, keys), hasher=cheap_hasher(), workstation="x")
    try:
        with reopened.engine.connect() as connection:
            count = connection.execute(
                text("SELECT count(*) FROM paper_forms WHERE batch_id = :b"),
                {"b": state["batch_id"]},
            ).scalar()
        assert count == 2
    finally:
        reopened.close()
    return state


# ------------------------------------------------------------------ the scan


def plant(scanner: Scanner, canary: Canary) -> dict[Path, set[tuple[str, str]]]:
    """The scanner's own proof: a canary's name and 個人番号 written in each encoding, in the
    temporary directory and under HOME (Qt's generic cache): file -> (what, encoding) to find."""
    places = [
        Path(tempfile.gettempdir()),
        Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)),
    ]
    planted: dict[Path, set[tuple[str, str]]] = {}
    for place in places:
        place.mkdir(parents=True, exist_ok=True)
        for encoding in ENCODINGS:
            for what, value in (("name", canary.name), ("個人番号", canary.my_number)):
                handle, name = tempfile.mkstemp(prefix="kenshin-canary-self-check-", dir=place)
                with os.fdopen(handle, "wb") as file:
                    file.write(b"\x00noise\xff" + value.encode(encoding) + b"\n")
                _, named = scanner.patterns[value.encode(encoding)]  # digits: UTF-8 = CP932
                planted[Path(name)] = {(what, named)}
    return planted


def found_where_planted(
    scanner: Scanner, planted: dict[Path, set[tuple[str, str]]], walk: Walk
) -> None:
    assert set(planted) <= set(walk.files), "the walk missed a planted file"
    hits, _ = scanner.scan_files(planted)
    for path, expected in planted.items():
        found = {
            (hit.label.split(": ", 1)[1], hit.encoding) for hit in hits if hit.path == str(path)
        }
        assert expected <= found, f"{path}: {expected} not found"


def test_the_scanner_finds_every_encoding_across_chunk_boundaries(tmp_path: Path) -> None:
    [canary] = make_canaries(1, random.Random(7))
    scanner = Scanner(canary.needles("c"))
    for encoding in ENCODINGS:
        for value in (canary.name, canary.kana, canary.my_number, canary.town):
            pattern = value.encode(encoding)
            path = tmp_path / f"big-{encoding}"
            with path.open("wb") as file:  # the value straddles the first 64 KiB chunk's end
                file.write(b"\x00" * (65_536 - len(pattern) // 2) + pattern + b"\x00" * 70_000)
            assert scanner.scan_file(path, chunk_bytes=65_536), (encoding, value)
    for form in ("json \\u escape", "percent-encoded"):
        data = b"log line " + encoded(canary.family)[form] + b" end"
        assert scanner.scan_bytes(data), form
    spaced = canary.my_number[:4] + " " + canary.my_number[4:8] + " " + canary.my_number[8:]
    assert scanner.scan_bytes(spaced.encode("utf-16-le"))
    assert not scanner.scan_bytes("健診デスク 中央区 本町1丁目".encode())


@pytest.mark.usefixtures("no_modals")
def test_no_canary_reaches_a_file_or_the_clipboard(
    qtbot: QtBot,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    since = time.time() - 2  # file-system timestamps may be coarser than time.time()
    canaries = make_canaries(3, random.Random(secrets.randbits(64)))
    needles: dict[str, str] = {}
    for number, canary in enumerate(canaries, 1):
        needles |= canary.needles(f"canary {number}")
    scanner = Scanner(needles)
    watch = ClipboardWatch(scanner)
    plain_table_copies(qtbot, watch, canaries[0])
    watch.hits.clear()

    written = WrittenFiles.installed()
    written.active = True
    base = tmp_path_factory.mktemp("canary")
    try:
        with (
            every_log_line_to(base / "desk-debug.log"),
            start_server(base / "server", residents=SERVER_RESIDENTS) as server,
        ):
            ingest(server, canaries)
            factory = DeskFactory(server, base / "desks")
            try:
                desk_a, desk_b = factory.new("desk-a"), factory.new("desk-b")
                lookup_and_reveal(desk_a, canaries[0])
                result_id = both_entries_adjudicated_and_corrected(desk_a, desk_b, canaries[0])
                clerk = login(desk_a, "clerk1")
                notice = desk_a.reminders.result_notice(clerk, result_id=result_id)
                preview_and_print(qtbot, desk_a, clerk, notice, "result", result_id)
                printed = gui_session(qtbot, desk_a, canaries[1], monkeypatch)
                a_bug_through_the_exception_hook(canaries[1], monkeypatch, scanner)
                state = crash_a_desk_mid_work(server, base, canaries[2])
                # Sync both ways once more: every desk's records up, everything down to B.
                synced(desk_a, login(desk_a, "supervisor"))
                synced(desk_b, login(desk_b, "clerk2"))
                with desk_b.engine.connect() as connection:
                    query = "SELECT count(*) FROM screening_results WHERE id = :id"
                    assert connection.execute(text(query), {"id": result_id}).scalar() == 1
                    names = [
                        row[0] for row in connection.execute(text("SELECT name FROM residents"))
                    ]
                assert all(c.name in names for c in canaries)  # the register reached desk B
                server_records = json.dumps(server.records(), ensure_ascii=False)
                assert scanner.scan_bytes(server_records.encode("utf-8"))  # they went up
                desks = ("desk-a", "desk-b", "desk-crash")
                stores = [factory.root / name / STORE_FILE for name in desks]
                server_db = (server.directory / SQLITE_FILE).resolve()
            finally:
                factory.close()
    finally:
        written.active = False
        watch.check()
        watch.close()

    assert printed and all(p.inked() for p in printed)
    out, err = capfd.readouterr()
    assert scanner.scan_bytes((out + err).encode("utf-8"), "<stdout/stderr>") == set()
    assert watch.hits == [], f"the clipboard held a canary: {watch.hits}"
    assert written.vanished() == [], "files were written and removed before they could be read"

    server_files = [
        server_db.with_name(server_db.name + s) for s in ("", "-wal", "-shm", "-journal")
    ]
    planted = plant(scanner, canaries[0])
    try:
        walk = changed_files(scan_roots(base), since, server_files, shallow=[Path.cwd()])
        found_where_planted(scanner, planted, walk)
    finally:
        for path in planted:
            path.unlink()
    walk.files = [path for path in walk.files if path not in planted]
    hits, unreadable = scanner.scan_files(walk.files)
    assert not hits, "canaries outside the encrypted store:\n" + "\n".join(map(str, hits))
    assert unreadable == [], unreadable
    # The scan saw the desks' encrypted stores and the logs, and nothing else was left out ...
    assert {store.resolve() for store in stores} <= set(walk.files)
    for log in ("desk-debug.log", "server/server.log", "crash/child-debug.log"):
        assert (base / log).resolve() in walk.files, log
    faults = (base / "crash" / "child-faults.txt").read_text(encoding="utf-8")
    assert "Segmentation fault" in faults  # the crash's traceback was written, and scanned
    assert set(walk.excluded) <= set(server_files) and server_db in walk.excluded
    # ... and what was left out, the server's own database, does hold the canaries in plain.
    server_hits, _ = scanner.scan_files(walk.excluded)
    assert {hit.label.split(":")[0] for hit in server_hits} == {"canary 1", "canary 2", "canary 3"}
    # Where core dumps go elsewhere (a pipe to systemd-coredump or apport, outside these
    # folders), the child says itself whether the kernel would have written one.
    assert state["dumpable"] == 0, "a crash of a desk process may write a core dump"
