"""Keying speed: Enter to the next field on a 60-field form, and saving the second entry.

    .venv/bin/python bench/entry.py [--forms 30]

(a) `next_field_ms`: an EntryForm (offscreen) over a synthetic 60-field form; for each field,
from the Enter key press to the next field holding the focus. It includes everything Enter
does: the field check, the skip rules, and the draft saved to the encrypted store.
(b) `save_compare_ms`: EntryService.submit of the second entry of a 健康診査 form (the largest
real form) with every field keyed; it validates, stores and compares the two entries.
Both on a temporary demo store (200 residents, key in memory), deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher, profiles
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app import bootstrap
from app.domain.forms import FieldSpec, FieldType, FormSpec
from app.domain.wareki import format_short
from app.services.dto import StaffSession
from app.services.lookup_dto import ResidentRow
from app.store.demo_seed import seed_residents, seed_staff
from app.store.keys import KeyringKeyStore
from tests.support import PASSWORDS, MemoryKeyring
from ui.app import application
from ui.entry_form import EntryForm

WELFARE = {
    "screening_date": "R8.6.10",
    "clinic_code": "1312345678",
    "first_time": "2",
    "height": "165.2",
    "weight": "60.5",
    "systolic_bp": "128",
    "diastolic_bp": "82",
    "hba1c": "5.6",
    "ldl_cholesterol": "120",
    "hdl_cholesterol": "55",
    "triglycerides": "140",
    "ast": "22",
    "alt": "25",
    "ggt": "30",
    "creatinine": "0.85",
    "judgement": "1",
    "comment": "",
}


def synthetic_form(count: int = 60) -> tuple[FormSpec, list[str]]:
    """`count` fields cycling integer, decimal and code, with a value to key for each."""
    fields: list[FieldSpec] = []
    values: list[str] = []
    for n in range(count):
        kind = n % 3
        if kind == 0:
            fields.append(
                FieldSpec(
                    f"i{n}",
                    f"整数{n}",
                    FieldType.INTEGER,
                    True,
                    minimum=Decimal(0),
                    maximum=Decimal(999),
                    unit="mg/dL",
                    hint="0〜999",
                )
            )
            values.append(str(100 + n))
        elif kind == 1:
            fields.append(
                FieldSpec(
                    f"d{n}",
                    f"小数{n}",
                    FieldType.DECIMAL,
                    True,
                    decimals=1,
                    minimum=Decimal(0),
                    maximum=Decimal(300),
                    unit="cm",
                    hint="0〜300",
                )
            )
            values.append(f"{n}.5")
        else:
            fields.append(
                FieldSpec(
                    f"c{n}",
                    f"区分{n}",
                    FieldType.CODE,
                    True,
                    choices=(("1", "陰性"), ("2", "陽性")),
                    hint="1=陰性・2=陽性",
                )
            )
            values.append("2")
    return FormSpec("bench60", "性能測定用（60項目）", tuple(fields)), values


def identity_of(person: ResidentRow) -> dict[str, str]:
    sex = "1" if person.sex == "M" else "2"
    return {"kana": person.kana, "birth_date": format_short(person.birth_date), "sex": sex}


def a_resident(desk: bootstrap.Desk, session: StaffSession) -> ResidentRow:
    for letter in "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ":
        rows = desk.lookup.search(session, text=letter).rows
        if rows:
            return rows[0]
    raise SystemExit("the demo store has no residents")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def next_field(desk: bootstrap.Desk, clerk: StaffSession, person: ResidentRow) -> list[float]:
    batch = desk.entry.create_batch(
        clerk,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-06",
        received_count=1,
    )
    spec, values = synthetic_form()
    slot = replace(desk.entry.open_form(clerk, batch_id=batch, form_no=1), form=spec)
    form = EntryForm(desk.entry, clerk, slot, "bench")
    form.resize(1100, 900)
    form.show()
    form.activateWindow()
    for name, text in identity_of(person).items():
        form.rows[f"identity.{name}"].edit.setText(text)
    form.restore(*form.draft_values())
    app = QApplication.instance()
    assert app is not None
    samples: list[float] = []
    edits = [form.rows[field.code].edit for field in spec.fields]
    edits[0].setFocus()
    app.processEvents()
    for index, (edit, text) in enumerate(zip(edits, values, strict=True)):
        edit.setText(text)
        target = edits[index + 1] if index + 1 < len(edits) else form.submit_button
        started = time.perf_counter()
        QTest.keyClick(edit, Qt.Key.Key_Return)
        while QApplication.focusWidget() is not target:
            app.processEvents()
        app.processEvents()
        samples.append((time.perf_counter() - started) * 1000)
    errors = [row.key for row in form.rows.values() if row.error.text()]
    if errors:
        raise SystemExit(f"fields refused in the bench form: {errors}")
    form.close()
    form.deleteLater()
    return samples


def save_compare(
    desk: bootstrap.Desk, person: ResidentRow, forms: int
) -> tuple[list[float], list[str]]:
    clerk1 = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    clerk2 = desk.auth.login("clerk2", PASSWORDS["clerk2"])
    batch = desk.entry.create_batch(
        clerk1,
        program_code="welfare_checkup",
        clinic_code="1312345678",
        month="2026-06",
        received_count=forms,
    )
    identity = identity_of(person)
    samples: list[float] = []
    outcomes: list[str] = []
    for form_no in range(1, forms + 1):
        first = desk.entry.open_form(clerk1, batch_id=batch, form_no=form_no)
        desk.entry.submit(clerk1, entry_id=first.entry_id, identity=identity, values=WELFARE)
        second = desk.entry.open_form(clerk2, batch_id=batch, form_no=form_no)
        started = time.perf_counter()
        outcome = desk.entry.submit(
            clerk2, entry_id=second.entry_id, identity=identity, values=WELFARE
        )
        samples.append((time.perf_counter() - started) * 1000)
        outcomes.append(outcome.form_status)
    return samples, outcomes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=30)
    args = parser.parse_args()
    application()
    data_dir = Path(tempfile.mkdtemp(prefix="kenshin-bench-entry-"))
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    try:
        engine = bootstrap.open_engine(data_dir, KeyringKeyStore(MemoryKeyring()), create=True)
        seed_staff(engine, hasher)
        seed_residents(engine, 200)
        desk = bootstrap.build_desk(engine, hasher=hasher, workstation="bench-entry")
        try:
            clerk = desk.auth.login("clerk1", PASSWORDS["clerk1"])
            person = a_resident(desk, clerk)
            keys = next_field(desk, clerk, person)
            saves, outcomes = save_compare(desk, person, args.forms)
        finally:
            desk.close()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    key_median, key_p95 = statistics.median(keys), percentile(keys, 0.95)
    save_median, save_p95 = statistics.median(saves), percentile(saves, 0.95)
    print(
        f"next field: {len(keys)} Enter presses, median {key_median:.2f} ms, "
        f"p95 {key_p95:.2f} ms, max {max(keys):.2f} ms (target ≤ 16 ms)"
    )
    print(
        f"save+compare: {len(saves)} second entries of 健康診査, median {save_median:.2f} ms, "
        f"p95 {save_p95:.2f} ms (target ≤ 50 ms); outcomes {sorted(set(outcomes))}"
    )
    print(f"bench: entry next_field_ms={key_median:.2f} save_compare_ms={save_median:.2f}")


if __name__ == "__main__":
    main()
