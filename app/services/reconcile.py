"""What happens when both entries of a form are in: compare, match the register, verify."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import TYPE_CHECKING

from app.domain import kana
from app.domain.calendar import fiscal_year_of
from app.domain.double_entry import compare
from app.domain.errors import KenshinError
from app.domain.forms import FormSpec, get_form
from app.domain.identity import IDENTITY_FIELDS, address_agrees, same_address
from app.store.orm import ScreeningResult
from app.store.orm_forms import Adjudication, FormBatch, FormEntry, PaperForm

if TYPE_CHECKING:
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

IDENTITY_PREFIX = "identity."
PROBLEMS = {
    "no_match": "住民記録に一致する人がいません",
    "many_matches": "一致する人が複数います",
    "voucher_unknown": "受診券番号が発行記録にありません",
    "voucher_void": "受診券が無効（取消・再発行済み）です",
    "voucher_mismatch": "受診券の本人と氏名・生年月日・性別が一致しません",
    "address_mismatch": "住所が住民記録と一致しません",
}
MAX_REASON = 400


def queue_adjudication(uow: SqlAlchemyUnitOfWork, row: Adjudication) -> None:
    """An adjudication goes up at every write, so another desk's supervisor can settle it."""
    uow.sync_state.add_outbox("adjudication", row.id, "upsert")


def required_reason(reason: str) -> str:
    """Every decision of a second person carries a reason: non-empty, printable, bounded."""
    text = reason.strip()
    if not text or len(text) > MAX_REASON or not text.isprintable():
        raise KenshinError(f"理由を{MAX_REASON}文字以内で入力してください。")
    return text


def digest(*values: object) -> str:
    """A short SHA-256 over values, so the audit chain covers them without holding them."""
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identity_differences(first: FormEntry, second: FormEntry) -> list[tuple[str, str, str]]:
    differences = []
    for name in IDENTITY_FIELDS:
        one, two = first.identity.get(name, ""), second.identity.get(name, "")
        if one != two and not (name == "address" and same_address(one, two)):
            differences.append((IDENTITY_PREFIX + name, one, two))
    return differences


def match_register(uow: SqlAlchemyUnitOfWork, identity: dict[str, str]) -> list[str]:
    """Residents whose kana, birth date and sex are exactly those keyed."""
    key = kana.search_key(identity["kana"])
    found = uow.residents.search(
        kana_prefix=key,
        birth_date=date.fromisoformat(identity["birth_date"]),
        sex=identity["sex"],
        limit=10,
    )
    return [resident.id for resident in found if resident.kana_key == key]


def identify(uow: SqlAlchemyUnitOfWork, identity: dict[str, str]) -> tuple[str | None, str | None]:
    """(resident id, None) when the keyed identity names one resident, else (None, problem).

    With a voucher number, the voucher names the resident and the keyed kana, birth date and
    sex must be theirs; without one, those three must match exactly one resident.
    """
    resident_id, problem = _named(uow, identity)
    if resident_id is None:
        return None, problem
    resident = uow.residents.get(resident_id)
    if resident is None or not address_agrees(identity.get("address", ""), resident.address):
        return None, "address_mismatch"
    return resident_id, None


def _named(uow: SqlAlchemyUnitOfWork, identity: dict[str, str]) -> tuple[str | None, str | None]:
    """The resident the voucher, or kana + birth date + sex, names."""
    matches = match_register(uow, identity)
    number = identity.get("voucher_no", "")
    if number:
        voucher = uow.entries.voucher(number)
        if voucher is None:
            return None, "voucher_unknown"
        if voucher.status != "issued":
            return None, "voucher_void"
        if voucher.resident_id not in matches:
            return None, "voucher_mismatch"
        return voucher.resident_id, None
    if len(matches) == 1:
        return matches[0], None
    return None, "no_match" if not matches else "many_matches"


def reconcile(uow: SqlAlchemyUnitOfWork, form: PaperForm, batch: FormBatch, staff_id: str) -> str:
    """Both entries are submitted: open adjudications for each difference, or verify."""
    entries = uow.entries.entries(form.id)
    first, second = entries[1], entries[2]
    spec = get_form(batch.program_code)
    differences = [
        (d.field, d.first, d.second) for d in compare(spec.code, first.values, second.values)
    ]
    differences += identity_differences(first, second)
    settled = uow.entries.adjudications(form.id)
    differences = [
        (field, one, two)
        for field, one, two in differences
        if not (
            field in settled
            and (settled[field].first_value, settled[field].second_value) == (one, two)
        )
    ]  # a field settled in an earlier round, unchanged since, stays settled
    for field, one, two in differences:
        row = Adjudication(
            form_id=form.id,
            field=field,
            first_value=one,
            second_value=two,
            first_staff_id=first.staff_id,
            second_staff_id=second.staff_id,
            program_code=batch.program_code,
            month=batch.month,
        )
        uow.entries.add(row)
        queue_adjudication(uow, row)
    if not any(field.startswith(IDENTITY_PREFIX) for field, _, _ in differences):
        _match(uow, form, first.identity)
    form.status = "review" if differences or form.identity_problem else "verified"
    form.version += 1
    uow.sync_state.add_outbox("paper_form", form.id, "update")
    uow.audit.record(
        staff_id=staff_id,
        action="entries_compared",
        record_kind="paper_form",
        record_id=form.id,
        detail=f"differences={len(differences)}",
    )
    if form.status == "verified":
        verify(uow, form, batch, staff_id)
    return form.status


def _match(uow: SqlAlchemyUnitOfWork, form: PaperForm, identity: dict[str, str]) -> None:
    form.resident_id, form.identity_problem = identify(uow, identity)


def final_values(uow: SqlAlchemyUnitOfWork, form: PaperForm) -> dict[str, str]:
    """Entry one's values where both agreed, the supervisor's where they settled a field."""
    values = dict(uow.entries.entries(form.id)[1].values)
    for field, row in uow.entries.adjudications(form.id).items():
        if row.decision == "accepted" and row.final_value is not None:
            values[field] = row.final_value
    return values


def verify(uow: SqlAlchemyUnitOfWork, form: PaperForm, batch: FormBatch, staff_id: str) -> None:
    """The form's values become a result in the resident's history, and go up through sync."""
    spec = get_form(batch.program_code)
    values = {k: v for k, v in final_values(uow, form).items() if not k.startswith(IDENTITY_PREFIX)}
    screened_on = date.fromisoformat(values["screening_date"])
    assert form.resident_id is not None
    result = ScreeningResult(
        resident_id=form.resident_id,
        program_code=batch.program_code,
        screened_on=screened_on,
        fiscal_year=fiscal_year_of(screened_on),
        judgement=_label(spec, "judgement", values),
        first_time=values.get("first_time") == "1",
        source="verified",
        form_id=form.id,
        values=values,
    )
    uow.entries.add(result)
    form.status, form.result_id = "verified", result.id
    uow.sync_state.add_outbox("screening_result", result.id, "create")
    uow.sync_state.add_outbox("paper_form", form.id, "update")
    uow.audit.record(
        staff_id=staff_id,
        action="form_verified",
        record_kind="screening_result",
        record_id=result.id,
        detail=f"sha={digest(values)}",
    )


def _label(spec: FormSpec, field: str, values: dict[str, str]) -> str:
    return dict(spec.field(field).choices).get(values.get(field, ""), values.get(field, ""))
