"""Password rules, the permission table, settings, ids and birth-range merging."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import ids
from app.domain.passwords import PasswordPolicyError, check_new_password
from app.domain.policy import Permission, Role, permissions_of
from app.domain.programs import Program
from app.domain.settings import DeskSettings
from app.domain.targets import candidate_birth_ranges

COMMON = {"password1234"}


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short", "12文字以上"),
        ("x" * 129, "128文字以内"),
        ("contains-clerk1-id", "職員ID"),
        ("PASSWORD1234", "よく使われて"),
        ("tab\there-is-long", "制御文字"),
        ("the-current-one!", "現在と同じ"),
    ],
)
def test_each_password_rule_names_itself(password: str, says: str) -> None:
    with pytest.raises(PasswordPolicyError) as refused:
        check_new_password(password, login_id="clerk1", common=COMMON, current="the-current-one!")
    assert says in refused.value.message


def test_a_full_width_password_is_normalised_and_no_composition_is_demanded() -> None:
    assert (
        check_new_password("ａｂｃｄｅｆｇｈｉｊｋｌ", login_id="clerk1", common=COMMON)
        == "abcdefghijkl"
    )


def test_a_supervisor_holds_every_clerk_permission_and_no_admin_one() -> None:
    clerk, supervisor = permissions_of([Role.CLERK]), permissions_of(["supervisor"])
    assert clerk < supervisor and Permission.STAFF_ADMIN not in supervisor
    assert permissions_of([]) == frozenset()


def test_settings_ignore_unknown_keys_and_take_lists_as_tuples() -> None:
    settings = DeskSettings.from_mapping(
        {"idle_lock_minutes": 3, "file_printer_names": ["A"], "from_a_newer_server": 1}
    )
    assert settings.idle_lock_minutes == 3 and settings.file_printer_names == ("A",)
    assert settings.lockout_threshold == 5


def test_more_than_4096_ids_in_one_millisecond_still_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_900_000_000_000_000_000)
    made = [ids.new_id() for _ in range(5000)]
    assert made == sorted(made) and len(set(made)) == 5000


def test_overlapping_milestone_bands_merge_into_one_range() -> None:
    program = Program(
        code="x", name_ja="試験", min_age=40, interval_fiscal_years=None, milestone_ages=(40, 41)
    )
    assert candidate_birth_ranges(program, 2026) == [(date(1984, 1, 1), date(1987, 12, 31))]
