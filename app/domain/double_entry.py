"""Double entry (二重入力): two clerks key each checkup form blind; differing fields are listed.

Both entries are read as the form reads them (see `app.domain.forms`), so keying the same
paper differently (R7.6.1 / 2025-06-01, ８５ / 085, .85 / 0.85) is no discrepancy, while a blank
code (空欄・判読不能・該当なし) never matches a value.  A value that cannot be read is compared as
keyed (after NFKC and trimming), so two identical typos agree and a typo never matches a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.forms import FormSpec, get_form, plain, read_form


@dataclass(frozen=True)
class Discrepancy:
    """A field on which the two entries differ, with what each entry holds."""

    field: str
    first: str
    second: str


def compare(
    form_code: str, first: Mapping[str, str], second: Mapping[str, str]
) -> list[Discrepancy]:
    """The fields of form `form_code` on which the entries differ, in paper order.

    A missing key counts as ""; keys that are not fields of the form are ignored, and so are
    fields excluded from double entry (free comments).  Never raises for any text values;
    an unknown `form_code` raises `UnknownFormError`.
    """
    form = get_form(form_code)
    left = _comparable(form, first)
    right = _comparable(form, second)
    return [
        Discrepancy(spec.code, left[spec.code], right[spec.code])
        for spec in form.fields
        if spec.double_keyed and left[spec.code] != right[spec.code]
    ]


def _comparable(form: FormSpec, values: Mapping[str, str]) -> dict[str, str]:
    reading = read_form(form, values)
    return {
        spec.code: reading.values.get(spec.code, plain(values.get(spec.code, "")))
        for spec in form.fields
    }
