"""Minimal checks of a pushed record's data per kind: known fields, types, sizes, required.

The fields are the workstation tables' columns (app/store/orm_forms.py, orm_vouchers.py and
screening_results); a record that fails is `rejected` with a Japanese message naming the field
(never its value).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.domain import voucher_number
from app.sync import wire

MAX_RECORD_BYTES = 64_000
TEXT = 10_000
BOOKKEEPING = frozenset({"id", "version", "updated_at"})

# field -> (type, max length or 0, required)
Spec = dict[str, tuple[str, int, bool]]
_ID = ("str", 36, True)
_OPT_ID = ("str", 36, False)

FIELDS: dict[str, Spec] = {
    "form_batch": {
        "program_code": ("str", 40, True),
        "clinic_code": ("str", 10, True),
        "month": ("str", 7, True),
        "received_count": ("int", 0, True),
        "received_on": ("date", 0, True),
        "created_by": _ID,
    },
    "paper_form": {
        "batch_id": _ID,
        "form_no": ("int", 0, True),
        "status": ("str", 20, False),
        "resident_id": _OPT_ID,
        "identity_problem": ("str", 200, False),
        "result_id": _OPT_ID,
    },
    "form_entry": {
        "form_id": _ID,
        "entry_no": ("int", 0, True),
        "staff_id": _ID,
        "status": ("str", 20, False),
        "identity": ("json", 0, False),
        "values": ("json", 0, False),
        "returned_fields": ("json", 0, False),
        "submitted_at": ("datetime", 0, False),
    },
    "adjudication": {
        "form_id": _ID,
        "field": ("str", 60, True),
        "first_value": ("str", TEXT, True),
        "second_value": ("str", TEXT, True),
        "blind_value": ("str", TEXT, False),
        "final_value": ("str", TEXT, False),
        "decision": ("str", 20, False),
        "reason": ("str", 400, False),
        "supervisor_id": _OPT_ID,
        "first_staff_id": _ID,
        "second_staff_id": _ID,
        "decided_at": ("datetime", 0, False),
        "program_code": ("str", 40, True),
        "month": ("str", 7, True),
    },
    "screening_result": {
        "resident_id": _ID,
        "program_code": ("str", 40, True),
        "screened_on": ("date", 0, True),
        "fiscal_year": ("int", 0, True),
        "judgement": ("str", 20, True),
        "first_time": ("bool", 0, False),
        "source": ("str", 20, False),
        "form_id": _OPT_ID,
        "values": ("json", 0, False),
    },
    "correction_request": {
        "result_id": _ID,
        "kind": ("str", 10, True),
        "changes": ("json", 0, False),
        "reason": ("str", 400, True),
        "requested_by": _ID,
        "requested_at": ("datetime", 0, True),
        "status": ("str", 20, False),
        "decided_by": _OPT_ID,
        "decided_at": ("datetime", 0, False),
        "decision_reason": ("str", 400, False),
    },
    "voucher": {
        "number": ("str", 11, True),
        "resident_id": _ID,
        "program_code": ("str", 40, True),
        "fiscal_year": ("int", 0, True),
        "issued_at": ("datetime", 0, True),
        "issued_by": _ID,
        "status": ("str", 20, False),
        "reissue_of": _OPT_ID,
        "reason": ("str", 400, False),
    },
    "followup": {
        "result_id": _ID,
        "resident_id": _ID,
        "program_code": ("str", 40, True),
        "fiscal_year": ("int", 0, True),
        "status": ("str", 20, True),
        "outcome": ("str", 20, False),
        "examined_on": ("date", 0, False),
        "recorded_by": _ID,
        "recorded_at": ("datetime", 0, True),
        "confirmed_by": _OPT_ID,
        "confirmed_at": ("datetime", 0, False),
        "state": ("str", 20, True),
    },
    "statistics_report": {
        "program_code": ("str", 40, True),
        "fiscal_year": ("int", 0, True),
        "made_at": ("datetime", 0, True),
        "made_by": _ID,
        "counts": ("json", 0, True),
    },
}
assert set(FIELDS) == set(wire.RECORD_KINDS)

_TYPE_JA = {
    "str": "文字列",
    "int": "整数",
    "bool": "真偽値",
    "date": "日付（YYYY-MM-DD）",
    "datetime": "日時（ISO 8601）",
}


def problem(
    kind: str, record_id: str, data: dict[str, Any], *, complete: bool = True
) -> str | None:
    """None when the record may be stored, else what is wrong (Japanese). `complete=False`
    (a delete, which carries only the id) checks the kind and the id alone."""
    if kind not in FIELDS:
        return f"記録の種類「{kind[:40]}」はサーバーでは扱えません。"
    if "id" in data and data["id"] != record_id:
        return "記録のidが本文のidと一致しません。"
    if not complete:
        return None
    if len(wire.canonical_json(data)) > MAX_RECORD_BYTES:
        return f"記録が大きすぎます（{MAX_RECORD_BYTES:,}バイトまで）。"
    spec = FIELDS[kind]
    unknown = sorted(set(data) - set(spec) - BOOKKEEPING)
    if unknown:
        return f"記録に不明な項目「{unknown[0][:60]}」があります。"
    for name, (kind_of, limit, required) in spec.items():
        value = data.get(name)
        if value is None:
            if required:
                return f"必須の項目「{name}」がありません。"
            continue
        if not _fits(kind_of, limit, value):
            extra = f"、{limit}文字以内" if kind_of == "str" else ""
            return f"項目「{name}」は{_TYPE_JA.get(kind_of, 'JSON')}{extra}で指定してください。"
    if kind == "voucher" and not voucher_number.is_valid(str(data["number"])):
        return "受診券番号の形式または検査用数字が正しくありません。"
    return None


def _fits(kind_of: str, limit: int, value: Any) -> bool:
    if kind_of == "str":
        return isinstance(value, str) and len(value) <= limit
    if kind_of == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31
    if kind_of == "bool":
        return isinstance(value, bool)
    if kind_of in ("date", "datetime"):
        return isinstance(value, str) and _parses(kind_of, value)
    return isinstance(value, dict | list)


def _parses(kind_of: str, value: str) -> bool:
    try:
        if kind_of == "date":
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        return False
    return len(value) <= 40


def natural_key(kind: str, data: dict[str, Any]) -> str | None:
    names = wire.NATURAL_KEYS.get(kind)
    if not names or any(data.get(name) is None for name in names):
        return None
    return "|".join(str(data[name]) for name in names)[:200]
