"""Keying quality: differences per 1,000 fields, charged to the entry that was wrong."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.errors import KenshinError
from app.domain.forms import get_form
from app.domain.identity import IDENTITY_FIELDS, IDENTITY_LABELS
from app.domain.policy import Permission
from app.domain.programs import get as get_program
from app.services.dto import StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.services.reconcile import IDENTITY_PREFIX

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory

GROUPINGS = ("clerk", "program", "field", "month")


@dataclass(frozen=True)
class QualityRow:
    key: str
    label: str
    fields_keyed: int
    errors: int

    @property
    def per_thousand(self) -> float:
        return 1000 * self.errors / self.fields_keyed if self.fields_keyed else 0.0


class QualityService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._guard = Guard(uow, clock)

    @requires(Permission.ADJUDICATE)
    def keying_errors(self, session: StaffSession, /, *, by: str) -> list[QualityRow]:
        """Rows grouped by clerk, program, field or month. A settled difference counts one
        error against each entry whose value was not the final one (both, if neither was)."""
        if by not in GROUPINGS:
            raise KenshinError("集計の単位を選んでください（職員・検診・項目・月）。")
        keyed: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        with self._uow(read_only=True) as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            for staff_id, program, month, _form in uow.entries.keyed_entries():
                for field in _double_keyed(program):
                    keyed[_key(by, staff_id, program, month, field)] += 1
            for row in uow.entries.settled_adjudications():
                for value, staff_id in (
                    (row.first_value, row.first_staff_id),
                    (row.second_value, row.second_staff_id),
                ):
                    if value != row.final_value:
                        errors[_key(by, staff_id, row.program_code, row.month, row.field)] += 1
        return sorted(
            (QualityRow(k, _label(by, k, logins), keyed[k], errors[k]) for k in keyed),
            key=lambda r: (-r.per_thousand, r.key),
        )


def _double_keyed(program: str) -> list[str]:
    fields = [f.code for f in get_form(program).fields if f.double_keyed]
    return fields + [IDENTITY_PREFIX + name for name in IDENTITY_FIELDS]


def _key(by: str, staff_id: str, program: str, month: str, field: str) -> str:
    return {"clerk": staff_id, "program": program, "month": month, "field": f"{program}:{field}"}[
        by
    ]


def _label(by: str, key: str, logins: dict[str, str]) -> str:
    if by == "clerk":
        return logins.get(key, "?")
    if by == "program":
        return get_program(key).name_ja
    if by == "field":
        program, field = key.split(":", 1)
        if field.startswith(IDENTITY_PREFIX):
            name = IDENTITY_LABELS[field.removeprefix(IDENTITY_PREFIX)]
        else:
            name = get_form(program).field(field).label
        return f"{get_program(program).name_ja}：{name}"
    return key
