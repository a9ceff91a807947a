"""Printing a voucher through a real print system: the CUPS queue `kenshin-test` (.ci/run sets
it up, printing into /dev/null). Skipped where there is no such queue or no lpstat (cups-client);
under CI=true either fails, with the same message."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from tests.support import login
from tests.tools import missing, need_tool
from tests.ui.test_printing import colorectal_adult, print_events
from ui import printing

QUEUE = "kenshin-test"


@pytest.fixture(autouse=True)
def cups_queue() -> None:
    """The queue must be there: lpstat (cups-client) lists it."""
    lpstat = need_tool("lpstat", package="cups-client")
    found = subprocess.run([lpstat, "-p", QUEUE], capture_output=True, check=False, timeout=10)
    if found.returncode != 0:
        missing(
            f"CUPS の印刷キュー {QUEUE} がありません（.ci/run が作ります） / "
            f"no CUPS queue {QUEUE!r} here (.ci/run sets it up)"
        )


def jobs(which: str) -> set[str]:
    listed = subprocess.run(
        ["lpstat", "-W", which, "-o", QUEUE],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    ).stdout
    return set(re.findall(rf"^({re.escape(QUEUE)}-\d+)\s", listed, flags=re.MULTILINE))


def wait_for(condition: object, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def test_a_voucher_prints_through_cups_as_one_job_and_is_recorded(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = QPrinterInfo.printerInfo(QUEUE)
    assert not info.isNull(), "Qt does not see the CUPS queue: is its CUPS print plugin loaded?"
    clerk = login(desk, "clerk1")
    resident, _kana = colorectal_adult(desk)
    year = desk.lookup.open_resident(clerk, resident_id=resident, fiscal_year=None).fiscal_year
    issued = desk.issuance.issue_one(
        clerk, resident_id=resident, program_code="colorectal", fiscal_year=year
    )
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    monkeypatch.setattr(printing, "choose_printer", lambda _parent: printer)
    before = jobs("all")

    status = printing.print_pdf(
        None,
        desk.printing,
        clerk,
        issued.pdf,
        document_kind="voucher_postcard",
        record_ids=[issued.view.id],
    )

    assert status == f"2ページを「{QUEUE}」に送りました。"
    assert wait_for(lambda: len(jobs("all") - before) == 1), "no job reached the queue"
    [job] = jobs("all") - before
    assert wait_for(lambda: job in jobs("completed")), f"{job} did not complete"
    assert print_events(desk) == [("voucher_postcard", issued.view.id, f"pages=2 printer={QUEUE}")]
