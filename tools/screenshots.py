"""Screenshots of every screen and printed page on synthetic demo data, into docs/screenshots.

Run under Xvfb (`make screenshots`). As `healthdesk demo` does, it starts the embedded demo
server (synthetic register with five years of past screenings) in a temporary folder, enrolls a
new encrypted desk with it and syncs; then the demo staff work the real screens into states worth
seeing (a batch keyed twice, a difference to settle, a correction and a 精検 result waiting for a
second person, a planned batch…) and each window or dialog is grabbed with QWidget.grab().

The printed pages are the app's own PDF bytes, made in memory by the services and rendered by
`pdftoppm` from its standard input to PNG on its standard output: no PDF is written anywhere.
Everything (server, store, keyring in memory) is deleted at the end. Dev tool, not shipped.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

# Japanese offices read Japanese time; set before Qt or the services read the zone.
os.environ["TZ"] = "Asia/Tokyo"
time.tzset()

ROOT = Path(__file__).resolve().parents[1]
# Run as a script from a checkout, where the project is not installed into the venv.
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402  (a dependency of ReportLab)
from PySide6.QtCore import QBuffer, QIODevice, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QDialog,
    QInputDialog,
    QMessageBox,
    QScrollArea,
    QWidget,
)
from sqlalchemy import text  # noqa: E402

from app import bootstrap  # noqa: E402
from app.documents.vouchers import a4_voucher  # noqa: E402
from app.domain import wareki  # noqa: E402
from app.domain.calendar import fiscal_year_of  # noqa: E402
from app.domain.errors import KenshinError  # noqa: E402
from app.domain.forms import FormInputError  # noqa: E402
from app.services.dto import StaffSession  # noqa: E402
from app.store.keys import KeyringKeyStore  # noqa: E402
from tests.support import PASSWORDS, MemoryKeyring, cheap_hasher  # noqa: E402
from tests.ui.sync_fakes import ENROLLED, FakeEnrollment, FakeSync, problem  # noqa: E402
from ui.app import application  # noqa: E402
from ui.change_password_dialog import ChangePasswordDialog  # noqa: E402
from ui.demo_server import DemoServer, DemoServerInfo  # noqa: E402
from ui.enrollment import EnrollmentDialog  # noqa: E402
from ui.grants_history_print import history_pdf  # noqa: E402
from ui.login_window import LoginWindow  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WORKSTATION = "hoken-center-01"
RESIDENTS = 1500  # enough for every list to have rows; the server starts in a few seconds
WINDOW = (1280, 800)
PAGE_DPI = 80
MAX_BYTES = 150_000  # above this a PNG is reduced to 256 colours
AN_HOUR_MS = 3_600_000
WAIT_MS = 250
CLINIC = "1312345678"
# Made by other helpers; this tool must neither write nor delete them.
NOT_OURS = frozenset({"high-contrast.png", "font-150.png"})


WRITTEN: list[str] = []


class ShotError(RuntimeError):
    """A screen could not be brought to the state to take; the run stops."""


# ------------------------------------------------------------------ grabbing and saving


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; it takes str
    return bytes(buffer.data().data())


def write_png(data: bytes, name: str) -> None:
    """Optimised; a PNG above MAX_BYTES goes to 256 colours (the UI has few anyway)."""
    if name in NOT_OURS:
        raise ShotError(f"{name} belongs to another tool")
    image: Image.Image = Image.open(io.BytesIO(data))
    image.load()
    if image.mode not in ("RGB", "L", "P"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    if out.tell() > MAX_BYTES and image.mode == "RGB":
        out = io.BytesIO()
        image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            out, "PNG", optimize=True
        )
    path = OUT / name
    path.write_bytes(out.getvalue())
    print(f"wrote {path.relative_to(ROOT)} ({image.width}×{image.height}, {out.tell() // 1024} KB)")
    WRITTEN.append(name)


def settle(ms: int = WAIT_MS) -> None:
    QTest.qWait(ms)


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()
    settle()
    image = framed(widget) if isinstance(widget, QDialog) else widget.grab().toImage()
    write_png(png_bytes(image), name)


def framed(dialog: QWidget) -> QImage:
    """A dialog with a plain title bar (Xvfb has no window manager to draw one)."""
    body = dialog.grab().toImage()
    bar = max(28, dialog.fontMetrics().height() + 12)
    image = QImage(body.width() + 2, body.height() + bar + 1, QImage.Format.Format_RGB32)
    image.fill(QColor("#8c8c8c"))
    painter = QPainter(image)
    painter.fillRect(1, 1, body.width(), bar - 1, QColor("#dedede"))
    font = dialog.font()
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#202020"))
    painter.drawText(
        12, 1, body.width() - 24, bar - 1, Qt.AlignmentFlag.AlignVCenter, dialog.windowTitle()
    )
    painter.drawImage(1, bar, body)
    painter.end()
    return image


def wait_until(done: Callable[[], bool], what: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise ShotError(f"timed out waiting for {what}")
        QTest.qWait(20)


def describe(widget: QWidget) -> str:
    if isinstance(widget, QMessageBox):
        return f"message box: {widget.text()}"
    return f"{type(widget).__name__} 「{widget.windowTitle()}」"


def answer(trigger: Callable[[], Any], *handlers: Callable[[Any], None]) -> None:
    """Run `trigger`, which opens modal dialogs one after the other; each handler gets the next
    one (to fill it in, grab it, and accept or reject it). A dialog nobody expected (an error
    box) fails the run with its text."""
    pending = list(handlers)
    seen: list[QWidget] = []
    problems: list[str] = []
    timer = QTimer()
    timer.setInterval(50)

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or any(widget is old for old in seen) or not widget.isVisible():
            return
        seen.append(widget)
        timer.stop()
        try:
            if not pending:
                problems.append(f"unexpected {describe(widget)}")
                widget.close()
                return
            pending.pop(0)(widget)
        except Exception as error:
            problems.append(f"{describe(widget)}: {error!r}")
            if isinstance(widget, QDialog):
                widget.reject()
        finally:
            timer.start()

    timer.timeout.connect(poll)
    timer.start()
    try:
        trigger()
        settle(100)
    finally:
        timer.stop()
    if pending:
        problems.append(f"{len(pending)} expected dialog(s) did not open")
    if problems:
        raise ShotError("; ".join(problems))


def grab_dialog(
    name: str, fill: Callable[[Any], None] | None = None, *, accept: bool = False
) -> Callable[[Any], None]:
    """A handler for `answer`: fill the dialog in, grab it as `name`, then accept or cancel."""

    def handle(dialog: Any) -> None:
        if fill is not None:
            fill(dialog)
        settle()
        write_png(png_bytes(framed(dialog)), name)
        if not accept:
            dialog.reject()
            return
        ok = getattr(dialog, "ok_button", None)
        if ok is None:
            dialog.accept()
            return
        ok.click()
        settle(100)
        if dialog.isVisible():  # refused: the reason is in the dialog
            error = getattr(dialog, "error_label", None)
            said = error.text() if error is not None else ""
            dialog.reject()
            raise ShotError(f"{name}: the dialog refused: {said}")

    return handle


def press_yes(box: Any) -> None:
    """Answer a question box (widgets.confirm) with its 実行する."""
    assert isinstance(box, QMessageBox), describe(box)
    yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    yes.click()


def no_error_shown(window: QWidget) -> None:
    for box in window.findChildren(QMessageBox):
        if box.isVisible():
            raise ShotError(f"an error is on show: {box.text()}")


# ------------------------------------------------------------------ printed pages


def pdf_pages(pdf: bytes, first: int = 1, last: int | None = None) -> list[QImage]:
    """The pages rendered by pdftoppm from stdin, one PNG at a time on stdout."""
    images: list[QImage] = []
    page = first
    while last is None or page <= last:
        done = subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(PAGE_DPI),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                "-",
            ],
            input=pdf,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0 or not done.stdout:
            if last is None and images:
                break  # past the last page
            raise ShotError(f"pdftoppm failed on page {page}: {done.stderr.decode()[:200]}")
        images.append(QImage.fromData(done.stdout, "PNG"))  # type: ignore[arg-type]
        page += 1
    return images


def stacked(images: list[QImage], gap: int = 12) -> QImage:
    """Pages one under the other on a grey band, as they lie on the desk."""
    width = max(image.width() for image in images)
    height = sum(image.height() for image in images) + gap * (len(images) - 1)
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#9a9a9a"))
    painter = QPainter(sheet)
    y = 0
    for image in images:
        painter.drawImage((width - image.width()) // 2, y, image)
        y += image.height() + gap
    painter.end()
    return sheet


def write_page(pdf: bytes, name: str, *, pages: int = 1) -> None:
    images = pdf_pages(pdf, 1, pages)
    write_png(png_bytes(images[0] if len(images) == 1 else stacked(images)), name)


# ------------------------------------------------------------------ the demo desk


@dataclass
class Person:
    id: str
    name: str
    kana: str
    birth_date: str
    sex: str
    address: str

    def identity(self) -> dict[str, str]:
        """As a clerk keys it from the form: 和暦, 1/2, the address without the city."""
        born = wareki.format_short(date.fromisoformat(self.birth_date))
        return {
            "voucher_no": "",
            "kana": self.kana,
            "birth_date": born,
            "sex": "1" if self.sex == "M" else "2",
            "address": self.address.split("区", 1)[-1],
        }


def rows(desk: bootstrap.Desk, sql: str, **params: Any) -> list[Any]:
    with desk.engine.connect() as connection:
        return list(connection.execute(text(sql), params))


UNIQUE = (
    " r.moved_out IS NULL AND r.died IS NULL AND r.support_measure = 0"
    " AND NOT EXISTS (SELECT 1 FROM residents o WHERE o.id != r.id"
    "   AND o.kana_key = r.kana_key AND o.birth_date = r.birth_date AND o.sex = r.sex)"
)


def person(desk: bootstrap.Desk, where: str, offset: int = 0) -> Person:
    # `where` is one of this file's own conditions, never input.
    query = (
        "SELECT r.id, r.name, r.kana, r.birth_date, r.sex, r.address FROM residents r"  # noqa: S608
        f" WHERE {UNIQUE} AND {where} ORDER BY r.register_no LIMIT 1 OFFSET :offset"
    )
    found = rows(desk, query, offset=offset)
    if not found:
        raise ShotError(f"no demo resident where {where}")
    return Person(*[str(value) for value in found[0]])


def login(desk: bootstrap.Desk, login_id: str) -> StaffSession:
    return desk.auth.login(login_id, PASSWORDS[login_id])


def open_window(desk: bootstrap.Desk, login_id: str) -> MainWindow:
    session = login(desk, login_id)
    desk.sync.sync_now(session)  # as the desk does after a login: the status bar is current
    window = MainWindow(desk, session, demo=True, idle_interval_ms=AN_HOUR_MS)
    window.resize(*WINDOW)
    window.start()
    window.show()
    settle()
    return window


def go(window: MainWindow, name: str) -> Any:
    window.nav.setCurrentRow(list(window.screens).index(name))
    settle(100)
    return window.screens[name]


def close(window: QWidget) -> None:
    window.close()
    window.deleteLater()
    settle(50)


@contextlib.contextmanager
def demo_desk(folder: Path) -> Iterator[tuple[bootstrap.Desk, DemoServerInfo]]:
    started = time.perf_counter()
    with DemoServer(folder / "server", residents=RESIDENTS) as server:
        keys = KeyringKeyStore(MemoryKeyring())
        directory = folder / "desk"
        engine = bootstrap.open_engine(directory, keys, create=True)
        desk = bootstrap.build_desk(
            engine, hasher=cheap_hasher(), workstation=WORKSTATION, keys=keys, data_dir=directory
        )
        try:
            desk.enrollment.enroll(server.url, server.codes[0], server.ca_pem, WORKSTATION)
            report = desk.sync.sync_now(None)
            if not report.online:
                raise ShotError(f"the demo server did not sync: {report.message}")
            print(f"demo server and desk ready ({time.perf_counter() - started:.1f} s)")
            yield desk, server
        finally:
            desk.close()


# ------------------------------------------------------------------ the story


@dataclass
class Story:
    desk: bootstrap.Desk
    server: DemoServerInfo
    year: int
    keyed: Person  # form 1 of the colorectal batch: verified, 要精検, corrected, voucher
    welfare: Person  # the 健康診査 form on screen
    result_id: str = ""


# The colorectal batch of the morning: (first entry's changes, second entry's changes) against
# the paper, per form number; None: not keyed that time. Form 2 waits for 照合確認 with two
# differences, form 9 with a name the register does not know; the differences of the others
# were settled (入力品質 counts them).
FORMS: dict[int, tuple[dict[str, str] | None, dict[str, str] | None]] = {
    1: ({}, {}),
    2: ({}, {"fobt_day2": "1", "screening_date": "+"}),
    3: ({}, {"first_time": "1"}),
    4: ({}, {"fobt_day1": "2"}),
    5: ({}, {}),
    6: ({"fobt_day2": "1"}, {}),
    7: ({}, {}),
    8: ({}, {"judgement": "1"}),
    9: ({"kana": "+"}, {"kana": "+"}),
    10: ({}, None),
    11: ({}, None),
}
LEFT_FOR_REVIEW = (2, 9)


def paper_of(year: int) -> dict[str, str]:
    return {
        "screening_date": f"R{year - 2018}.10.8",
        "clinic_code": CLINIC,
        "first_time": "2",
        "fobt_day1": "1",
        "fobt_day2": "2",
        "judgement": "2",
        "comment": "",
    }


def as_keyed(
    who: Person, paper: dict[str, str], changes: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The identity and values one clerk keyed: the paper, with that clerk's slips."""
    identity, values = who.identity(), dict(paper)
    for code, value in changes.items():
        if code == "kana":
            identity["kana"] = identity["kana"][:-1] + "ン"  # a slip of the last kana
        elif value == "+":
            values[code] = values[code][:-1] + str(int(values[code][-1]) + 1)
        else:
            values[code] = value
    return identity, values


def prepare(desk: bootstrap.Desk, server: DemoServerInfo) -> Story:
    """The work of a morning, through the services: a colorectal batch keyed twice, some
    differences settled, a deletion requested; empty batches of other programs."""
    year = fiscal_year_of(date.today())
    grown = "r.birth_date < '1972-01-01' AND r.birth_date > '1950-01-01'"
    screened = "(SELECT COUNT(*) FROM screening_results s WHERE s.resident_id = r.id) >= 2"
    story = Story(
        desk,
        server,
        year,
        keyed=person(desk, f"{grown} AND {screened} AND r.kana LIKE 'アオ%'"),
        welfare=person(desk, f"{grown} AND r.kana LIKE 'サ%'"),
    )
    clerk1, clerk2 = login(desk, "clerk1"), login(desk, "clerk2")
    for program, month, count in (("lung", 9, 18), ("stomach_xray", 10, 30)):
        desk.entry.create_batch(
            clerk1, program_code=program, clinic_code="1310000012", month=f"{year}-{month:02}",
            received_count=count,
        )  # fmt: skip
    batch = desk.entry.create_batch(
        clerk1, program_code="colorectal", clinic_code=CLINIC, month=f"{year}-10",
        received_count=12,
    )  # fmt: skip
    paper = paper_of(year)
    people = {1: story.keyed}
    for form_no, entries in FORMS.items():
        who = people.setdefault(form_no, person(desk, grown, 10 + 3 * form_no))
        for session, changes in zip((clerk1, clerk2), entries, strict=True):
            if changes is None:
                continue
            slot = desk.entry.open_form(session, batch_id=batch, form_no=form_no)
            identity, values = as_keyed(who, paper, changes)
            try:
                desk.entry.submit(session, entry_id=slot.entry_id, identity=identity, values=values)
            except FormInputError as error:
                raise ShotError(f"form {form_no} refused: {error.errors}") from error
    supervisor = login(desk, "supervisor")
    for item in desk.verification.queue(supervisor):
        if item.form_no in LEFT_FOR_REVIEW:
            continue
        case = desk.verification.open_case(supervisor, form_id=item.form_id)
        for field in case.fields:
            desk.verification.key_from_paper(
                supervisor, form_id=item.form_id, field=field.code, value=paper[field.code]
            )
            desk.verification.settle(
                supervisor, form_id=item.form_id, field=field.code, decision="accept",
                reason="用紙と照合", final_value=paper[field.code],
            )  # fmt: skip
    story.result_id = verified_result(desk, story.keyed.id)
    desk.corrections.request_delete(
        clerk2, result_id=verified_result(desk, people[4].id),
        reason="同じ受診の用紙が二重に届いたため",
    )  # fmt: skip
    for session in (clerk1, clerk2, supervisor):
        desk.sync.sync_now(session)
        desk.auth.logout(session)
    return story


def verified_result(desk: bootstrap.Desk, resident_id: str) -> str:
    found = rows(
        desk,
        "SELECT id FROM screening_results WHERE resident_id = :rid AND source = 'verified'",
        rid=resident_id,
    )
    if not found:
        raise ShotError("the keyed form was not verified")
    return str(found[0][0])


def more_workstations(server: DemoServerInfo) -> None:
    """Two more desks enrolled with the demo's one-time codes, for 端末の管理."""
    from app.sync.transport import ServerClient

    for code, name in zip(server.codes[1:3], ("midori-ward-02", "kita-branch-01"), strict=True):
        client = ServerClient(server.url, server.ca_pem)
        try:
            client.enroll(code, name)
        finally:
            client.close()


def audit_patterns(desk: bootstrap.Desk) -> None:
    """What 要確認 is for: a burst of lookups, and repeated failed logins of an unknown ID."""
    clerk2 = login(desk, "clerk2")
    for (resident_id,) in rows(desk, "SELECT id FROM residents ORDER BY register_no LIMIT 32"):
        desk.lookup.open_resident(clerk2, resident_id=resident_id)
    desk.auth.logout(clerk2)
    for _ in range(6):
        with contextlib.suppress(KenshinError):
            desk.auth.login("tanaka.k", "wrong-password-1")


# ------------------------------------------------------------------ screens, by role


def take_login(story: Story) -> None:
    window = LoginWindow(story.desk, demo_accounts=list(PASSWORDS.items()))
    window.resize(680, 560)
    window.form.id_edit.setText("clerk1")
    shoot(window, "login.png")
    close(window)


def take_enrollment() -> None:
    """The enrollment dialog over a scripted service (the real one is enrolled already)."""
    enrollment = EnrollmentDialog(FakeEnrollment())
    enrollment.url_edit.setText("https://kenshin.city.example.jp")
    enrollment.code_edit.setText("7KQ2-M9XD-4RTA")
    enrollment.pem_edit.setPlainText(CA_SAMPLE)
    enrollment.file_label.setText("読み込みました: kenshin-ca.pem")
    enrollment.name_edit.setText(WORKSTATION)
    shoot(enrollment, "enrollment.png")
    enrollment.code_edit.setText("7KQ2")
    enrollment.enroll_button.click()  # refused in the form: the message the admin sees
    shoot(enrollment, "enrollment-error.png")
    enrollment.reject()
    close(enrollment)


CA_SAMPLE = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBszCCAVmgAwIBAgIUQ2VudHJhbCBzZXJ2ZXIgQ0EgZm9yIEtlbnNoaW4gRGVzazAK\n"
    "BggqhkjOPQQDAjAfMR0wGwYDVQQDDBRLZW5zaGluIERlc2sgZGVtbyBDQTAeFw0yNjEx\n"
    "-----END CERTIFICATE-----\n"
)


def search_and_open(window: MainWindow, who: Person) -> Any:
    lookup = go(window, "lookup")
    lookup.search_edit.setText(who.kana.split(" ")[0].split("\u3000")[0])
    lookup.run_search()
    wait_until(lambda: lookup.task is None, "the lookup search")
    ids = [row.id for row in lookup.model.rows()]
    if who.id not in ids:
        raise ShotError(f"{who.kana} not found by the lookup")
    row = ids.index(who.id)
    lookup.table.setCurrentIndex(lookup.proxy.mapFromSource(lookup.model.index(row, 0)))
    lookup.open_row(row)
    settle()
    return lookup


def detail_scroll(lookup: Any) -> QScrollArea:
    widget = lookup.detail
    while widget is not None and not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    assert isinstance(widget, QScrollArea)
    return widget


def select_line(table: Any, model: Any, wanted: Callable[[Any], bool]) -> None:
    for row, line in enumerate(model.rows()):
        if wanted(line):
            table.setCurrentIndex(model.index(row, 0))
            table.setFocus()
            settle(100)
            return
    raise ShotError("no such line in the table")


def take_clerk(story: Story) -> None:
    desk = story.desk
    window = open_window(desk, "clerk1")
    shoot(window, "home-clerk.png")

    # 用紙入力: a new batch from the dialog, the list, then a form keyed on screen.
    batches = go(window, "entry")

    def new_batch(dialog: Any) -> None:
        dialog.program_combo.setCurrentIndex(dialog.program_combo.findData("welfare_checkup"))
        dialog.clinic_edit.setText(CLINIC)
        dialog.month_edit.setText(f"{story.year}-11")
        dialog.count_spin.setValue(24)

    answer(batches.new_action.trigger, grab_dialog("batch-new.png", new_batch, accept=True))
    settle()
    shoot(window, "batches.png")
    form = batches.open_form(1)
    if form is None:
        raise ShotError("the 健康診査 form did not open")
    identity = story.welfare.identity()
    form.restore(
        identity,
        {
            "screening_date": f"R{story.year - 2018}.11.4",
            "clinic_code": CLINIC,
            "first_time": "2",
            "height": "165.2",
            "weight": "58.4",
        },
    )
    systolic = form.rows["systolic_bp"].edit
    systolic.setFocus()
    QTest.keyClicks(systolic, "300")
    QTest.keyClick(systolic, Qt.Key.Key_Return)  # refused as it is left: 50〜260
    settle()
    shoot(window, "entry.png")
    answer(form.leave_action.trigger, press_yes)  # 中断: the draft is kept

    # 住民検索 at the counter: a 精検 result, a correction request and a voucher, each a dialog.
    lookup = search_and_open(window, story.keyed)
    pane = lookup.detail
    select_line(pane.follow_up_table, pane.follow_up_model, lambda line: line.result_id)
    followups = next(e for e in lookup.children() if type(e).__name__ == "FollowupEntries")

    def followup(dialog: Any) -> None:
        dialog.input.select("attended", "normal")
        dialog.date_edit.setText(f"R{story.year - 2018}.11.20")

    answer(followups.action.trigger, grab_dialog("followup.png", followup, accept=True))
    select_line(pane.history_table, pane.history_model, lambda line: line.verified)

    def correction(dialog: Any) -> None:
        row = dialog.row("first_time")
        row.box.setChecked(True)
        row.edit.setText("1")
        dialog.reason_edit.setText("医療機関から初回受診との訂正連絡")

    answer(pane.request_action.trigger, grab_dialog("correction.png", correction, accept=True))

    def issue(dialog: Any) -> None:
        combo = dialog.program_combo
        combo.setCurrentIndex(max(0, combo.findData("lung")))

    answer(
        pane.issue_action.trigger,
        grab_dialog("issue.png", issue, accept=True),
        grab_dialog("print-preview.png"),  # closed unprinted: there is no paper printer here
    )
    display = getattr(window, "display_action", None)
    if display is not None:  # 表示の設定, built beside this tool
        answer(display.trigger, grab_dialog("display-settings.png"))
    else:
        print("skipped display-settings.png: this checkout has no 表示の設定 yet")
    window.lock_action.trigger()
    shoot(window, "lock.png")
    assert window.lock_screen is not None
    window.lock_screen.switch_button.click()
    window.lock_screen.login_form.id_edit.setText("clerk2")
    shoot(window, "lock-switch.png")
    close(window)


def take_admin(story: Story) -> None:
    desk = story.desk
    window = open_window(desk, "admin")
    shoot(window, "home-admin.png")

    staff = go(window, "staff")

    def new_staff(dialog: Any) -> None:
        dialog.id_edit.setText("yamada.h")
        dialog.name_edit.setText("山田 花子")
        for role, box in dialog.role_boxes.items():
            box.setChecked(role.value == "clerk")

    passwords: list[str] = []

    def secret(dialog: Any) -> None:
        passwords.append(dialog.secret_label.text().replace(" ", ""))

    answer(
        staff.create_action.trigger,
        grab_dialog("staff-new.png", new_staff, accept=True),
        grab_dialog("staff-password.png", secret),
    )
    staff.refresh("yamada.h")

    def grant(dialog: Any) -> None:
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supervisor"))
        dialog.expiry_box.setChecked(True)

    answer(staff.grant_action.trigger, grab_dialog("staff-grant.png", grant, accept=True))
    staff.grant_table.selectRow(0)
    settle()
    shoot(window, "staff.png")
    # The acting grant given by mistake is taken back: the printed history shows both.
    wanted = [n for n, g in enumerate(staff.grant_model.rows()) if g.role.value == "supervisor"]
    staff.grant_table.selectRow(wanted[0])
    answer(staff.revoke_action.trigger, press_yes)

    more_workstations(story.server)
    devices = go(window, "devices")

    def name(dialog: Any) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("hoken-center-02")
        settle()
        write_png(png_bytes(framed(dialog)), "devices-name.png")
        dialog.accept()

    answer(devices.code_action.trigger, name, grab_dialog("devices-code.png"))
    shoot(window, "devices.png")

    settings = go(window, "settings")
    settings.years["lung"].setValue(3)  # short enough that past years wait for deletion
    settings.save_button.click()
    settle()
    shoot(window, "settings.png")
    no_error_shown(window)
    close(window)

    newcomer = desk.auth.login("yamada.h", passwords[0])
    dialog = ChangePasswordDialog(None, desk, newcomer, forced=True)
    dialog.current_edit.setText(passwords[0])
    dialog.new_edit.setText("password1234")
    dialog.confirm_edit.setText("password1234")
    dialog.ok_button.click()  # refused: too common, said in the dialog
    shoot(dialog, "change-password.png")
    dialog.reject()
    close(dialog)


def take_supervisor(story: Story) -> None:
    desk = story.desk
    window = open_window(desk, "supervisor")
    shoot(window, "home-supervisor.png")

    lookup = search_and_open(window, story.keyed)
    shoot(window, "lookup.png")
    scroll = detail_scroll(lookup)
    actions = next(e for e in lookup.children() if type(e).__name__ == "VoucherActions")
    select_line(actions.table, actions.model, lambda view: view.status == "issued")
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    settle()
    shoot(window, "resident-detail.png")

    def reason(dialog: Any) -> None:
        dialog.reason_edit.setText("郵送中に汚損したため")

    answer(actions.reissue_button.click, grab_dialog("voucher-reissue.png", reason))

    verification = go(window, "verification")
    forms = [item.form_no for item in verification.model.rows()]
    verification.open_row(forms.index(2))
    settle()
    first = next(iter(verification.panel.rows.values()))
    first.paper_edit.setFocus()
    QTest.keyClicks(first.paper_edit, paper_of(story.year)[first.code])
    QTest.keyClick(first.paper_edit, Qt.Key.Key_Return)
    settle()
    first.reason_edit.setText("1回目と用紙が一致")  # (QTest types ASCII only)
    settle()
    shoot(window, "verification.png")
    verification.open_row(forms.index(9))
    settle()
    identity = verification.panel.identity
    if identity is None:
        raise ShotError("form 9 has no identity problem to show")
    identity.reason_edit.setText("受診券の控えで本人を確認")
    if identity.model.rowCount():
        identity.table.selectRow(0)
    settle()
    shoot(window, "verification-identity.png")

    approvals = go(window, "approvals")
    approvals.select_row(0)
    for code, edit in approvals.inputs.items():
        edit.setText({"first_time": "1"}.get(code, ""))
    approvals.reason_edit.setText("医療機関の訂正連絡と用紙を照合")
    settle()
    shoot(window, "approvals.png")

    quality = go(window, "quality")
    quality.group_combo.setCurrentIndex(quality.group_combo.findData("clerk"))
    settle()
    shoot(window, "quality.png")

    confirm = go(window, "followup_confirm")
    confirm.select_row(0)
    confirm.input.select("attended", "normal")
    settle()
    shoot(window, "followup-confirm.png")

    audit = go(window, "audit")
    audit.verify_action.trigger()
    settle()
    shoot(window, "audit.png")
    audit.tabs.setCurrentIndex(1)
    settle()
    shoot(window, "audit-review.png")

    def review(dialog: Any) -> None:
        dialog.comment_edit.setText("大量閲覧は窓口の一斉確認、失敗はID入力誤りと確認")

    answer(audit.review_action.trigger, grab_dialog("audit-review-dialog.png", review, accept=True))
    settle()
    shoot(window, "audit-reviews.png")

    extraction = go(window, "extraction")
    extraction.extract_action.trigger()
    wait_until(lambda: extraction.task is None, "the extraction")
    shoot(window, "extraction.png")

    batch = go(window, "batch_issue")
    batch.program_combo.setCurrentIndex(batch.program_combo.findData("breast"))
    batch.plan_action.trigger()
    wait_until(lambda: batch.task is None, "the batch plan")
    settle()
    shoot(window, "batch-issue.png")

    reminders = go(window, "reminders")
    reminders.kind_combo.setCurrentIndex(reminders.kind_combo.findData("reminder"))
    reminders.show_action.trigger()
    wait_until(lambda: reminders.task is None, "the reminder candidates")
    shoot(window, "reminders.png")

    statistics = go(window, "statistics")
    statistics.program_combo.setCurrentIndex(statistics.program_combo.findData("colorectal"))
    statistics.year_combo.setCurrentIndex(statistics.year_combo.findData(story.year - 1))
    statistics.run_action.trigger()
    wait_until(lambda: statistics.task is None, "the statistics")
    settle()
    shoot(window, "statistics.png")

    retention = go(window, "retention")
    if retention.model.rowCount():
        retention.table.selectRow(0)
        retention.names_button.click()
    settle()
    shoot(window, "retention.png")

    renkei = go(window, "renkei")  # the demo's former cities answer the moved-in residents
    renkei.exchange_action.trigger()
    wait_until(lambda: not renkei.busy(), "the exchange with the 中間サーバー")
    settle()
    shoot(window, "renkei-requests.png")
    renkei.tabs.setCurrentIndex(1)
    wait_until(lambda: not renkei.busy(), "the answers waiting")
    if renkei.answers.list.model.rowCount():
        renkei.answers.list.table.selectRow(0)
    settle()
    shoot(window, "renkei-answers.png")
    no_error_shown(window)
    close(window)
    take_sync_problems(story)


def take_sync_problems(story: Story) -> None:
    """Two problems over a scripted sync service: a conflict and a record the server refused."""
    desk = story.desk
    real = desk.sync
    rejected = "検査値が範囲外です（収縮期血圧 400）。用紙を確認してください。"
    desk.sync = FakeSync(  # type: ignore[assignment]
        current=replace(ENROLLED, problems=2, workstation_name=WORKSTATION),
        open_problems=[problem(1), problem(2, status="rejected", message=rejected)],
    )
    try:
        window = open_window(desk, "supervisor")
        screen = go(window, "sync_problems")
        screen.select_row(0)
        settle()
        shoot(window, "sync-problems.png")
        write_png(png_bytes(window.statusBar().grab().toImage()), "status-bar.png")
        close(window)
    finally:
        desk.sync = real


# ------------------------------------------------------------------ printed pages


def take_pages(story: Story) -> None:
    desk = story.desk
    clerk, supervisor, admin = (login(desk, name) for name in ("clerk1", "supervisor", "admin"))
    who = person(
        desk, "r.sex = 'F' AND r.birth_date < '1976-01-01' AND r.birth_date > '1950-01-01'", 5
    )
    issued = desk.issuance.issue_one(
        clerk, resident_id=who.id, program_code="breast", fiscal_year=story.year
    )
    write_page(issued.pdf, "voucher-postcard.png", pages=2)
    write_page(a4_voucher(issued.document), "voucher-a4.png")

    invitations = desk.reminders.invitations(
        supervisor, program_code="colorectal", fiscal_year=story.year
    )
    first = replace(invitations, items=invitations.items[:1])
    write_page(desk.reminders.print_notices(supervisor, candidates=first), "notice-invitation.png")
    follow_ups = desk.reminders.follow_ups(supervisor)
    first = replace(follow_ups, items=follow_ups.items[:1])
    write_page(desk.reminders.print_notices(supervisor, candidates=first), "notice-reminder.png")
    write_page(desk.reminders.result_notice(clerk, result_id=story.result_id), "notice-result.png")

    made = desk.statistics.program_report(
        supervisor, program_code="colorectal", fiscal_year=story.year - 1
    )
    write_page(desk.statistics.printable(supervisor, made=made), "statistics-report.png")
    write_page(history_pdf(desk.admin, admin), "grants-history.png")
    for session in (clerk, supervisor, admin):
        desk.auth.logout(session)


def take_english(story: Story) -> None:
    """A few screens with English chosen in 表示の設定 (printed pages stay Japanese)."""
    from ui import i18n

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "en")
    try:
        window = LoginWindow(story.desk, demo_accounts=list(PASSWORDS.items()))
        window.resize(680, 560)
        window.form.id_edit.setText("supervisor")
        shoot(window, "en-login.png")
        close(window)
        window = open_window(story.desk, "supervisor")
        shoot(window, "en-home-supervisor.png")
        search_and_open(window, story.keyed)
        shoot(window, "en-lookup.png")
        close(window)
    finally:
        i18n.install(app, "ja")


# ------------------------------------------------------------------ the run


def run(folder: Path) -> None:
    if folder.exists():
        raise ShotError(f"{folder} exists; give a directory that does not exist yet")
    if shutil.which("pdftoppm") is None:
        raise ShotError("pdftoppm is needed for the printed pages (apt install poppler-utils)")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    app = application()
    folder.mkdir(mode=0o700, parents=True)
    try:
        with demo_desk(folder) as (desk, server):
            story = prepare(desk, server)
            take_login(story)
            take_enrollment()
            take_clerk(story)
            take_admin(story)
            audit_patterns(desk)
            take_supervisor(story)
            take_pages(story)
            take_english(story)
            from ui.background import wait_for_all

            wait_for_all()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    app.processEvents()
    print(f"{len(WRITTEN)} screenshots in {time.perf_counter() - started:.0f} s")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Run under Xvfb: xvfb-run -a -s '-screen 0 1280x900x24' "
        ".venv/bin/python tools/screenshots.py [WORK_DIR]"
    )
    parser.add_argument(
        "work_dir",
        nargs="?",
        type=Path,
        default=Path(tempfile.gettempdir()) / f"kenshin-shots-{os.getpid()}",
        help="where the demo server and the desk's store are built (must not exist; deleted "
        "at the end; the keys are held in memory only)",
    )
    return parser


if __name__ == "__main__":
    faulthandler.register(signal.SIGUSR1)  # kill -USR1 <pid>: where is it stuck?
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the demo server is stopped
    try:
        run(_parser().parse_args().work_dir)
    except ShotError as failure:
        sys.exit(f"screenshots: {failure}")
