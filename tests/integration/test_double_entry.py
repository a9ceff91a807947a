"""Double entry on a real store: two clerks key blind, a supervisor settles from the paper."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain import voucher_number
from app.domain.customer_barcode import address_number
from app.domain.errors import KenshinError
from app.domain.forms import FormInputError
from app.domain.identity import IdentityInputError
from app.services.errors import PermissionDenied
from tests.entry_support import PAPER, identity_of, key
from tests.support import login


def test_two_matching_entries_become_a_result_in_the_residents_history(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    assert key(desk, "clerk1", batch_id, person) == "keying"
    assert key(desk, "clerk2", batch_id, person, screening_date="2026-06-10") == "verified"
    detail = desk.lookup.open_resident(
        login(desk, "clerk1"), resident_id=person["id"], fiscal_year=2026
    )
    assert next((h.program_code, h.screened_on, h.judgement) for h in detail.history) == (
        "colorectal",
        date(2026, 6, 10),
        "要精検",
    )
    assert "colorectal" in {h.program_code for h in detail.open_follow_ups}
    [view] = desk.entry.batches(login(desk, "clerk1"))
    assert (view.received, view.first_keyed, view.second_keyed, view.verified) == (3, 1, 1, 1)
    assert view.missing_first == (2, 3)
    with desk.engine.connect() as connection:
        kinds = {r[0] for r in connection.execute(text("SELECT record_kind FROM outbox"))}
    assert {"form_batch", "form_entry", "screening_result", "paper_form"} <= kinds


def test_the_same_clerk_can_never_key_both_entries(desk: Desk, batch_id: str, person) -> None:
    key(desk, "clerk1", batch_id, person)
    with pytest.raises(KenshinError, match="入力済み"):
        desk.entry.open_form(login(desk, "clerk1"), batch_id=batch_id, form_no=1)


def test_the_second_entry_opens_blank_and_reveals_nothing_of_the_first(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    key(desk, "clerk1", batch_id, person)
    slot = desk.entry.open_form(login(desk, "clerk2"), batch_id=batch_id, form_no=1)
    assert slot.entry_no == 2 and slot.values == {} and slot.identity == {}
    assert person["kana"] not in repr(slot) and "1312345678" not in repr(slot)


def test_a_bad_field_blocks_saving_with_a_message_per_field(
    desk: Desk, batch_id: str, person
) -> None:
    clerk = login(desk, "clerk1")
    slot = desk.entry.open_form(clerk, batch_id=batch_id, form_no=1)
    with pytest.raises(FormInputError) as refused:
        desk.entry.submit(
            clerk,
            entry_id=slot.entry_id,
            identity={**identity_of(person), "birth_date": "平成31年5月1日"},
            values={**PAPER, "fobt_day1": "7", "screening_date": "R8.2.30"},
        )
    assert {"identity.birth_date", "fobt_day1", "screening_date"} <= set(refused.value.errors)
    assert "令和元年" in refused.value.errors["identity.birth_date"]
    with desk.engine.connect() as connection:
        status = connection.execute(text("SELECT status FROM form_entries")).scalar()
    assert status == "draft"


def test_two_typos_are_settled_by_the_supervisor_from_the_paper(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    key(desk, "clerk1", batch_id, person)
    assert (
        key(desk, "clerk2", batch_id, person, fobt_day2="1", clinic_code="1312345679") == "review"
    )
    supervisor = login(desk, "supervisor")
    [item] = desk.verification.queue(supervisor)
    case = desk.verification.open_case(supervisor, form_id=item.form_id)
    assert {f.code for f in case.fields} == {"fobt_day2", "clinic_code"}
    assert "1312345679" not in repr(case)  # names only until the paper value is keyed
    with pytest.raises(KenshinError, match="先に用紙の値"):
        desk.verification.settle(
            supervisor,
            form_id=item.form_id,
            field="fobt_day2",
            decision="accept",
            reason="用紙どおり",
        )
    shown = desk.verification.key_from_paper(
        supervisor, form_id=item.form_id, field="fobt_day2", value="陽性"
    )
    assert (shown.first, shown.second, shown.blind) == ("2", "1", "2")
    assert shown.first_matches and not shown.second_matches
    with pytest.raises(KenshinError, match="理由"):
        desk.verification.settle(
            supervisor, form_id=item.form_id, field="fobt_day2", decision="accept", reason=" "
        )
    desk.verification.settle(
        supervisor, form_id=item.form_id, field="fobt_day2", decision="accept", reason="用紙は陽性"
    )
    desk.verification.key_from_paper(
        supervisor, form_id=item.form_id, field="clinic_code", value="１３１２３４５６７８"
    )
    status = desk.verification.settle(
        supervisor,
        form_id=item.form_id,
        field="clinic_code",
        decision="accept",
        reason="用紙どおり",
    )
    assert status == "verified" and desk.verification.queue(supervisor) == []
    with desk.engine.connect() as connection:
        values = connection.execute(
            text("SELECT \"values\" FROM screening_results WHERE source = 'verified'")
        ).scalar()
        audit = " ".join(
            str(v) for r in connection.execute(text("SELECT * FROM audit_events")) for v in r
        )
    assert '"fobt_day2": "2"' in values and '"clinic_code": "1312345678"' in values
    assert "1312345679" not in audit and person["kana"] not in audit
    assert desk.audit.verify(supervisor).ok


def test_a_returned_field_is_cleared_for_both_clerks_and_keyed_again(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    key(desk, "clerk1", batch_id, person)
    key(desk, "clerk2", batch_id, person, fobt_day1="2")
    supervisor = login(desk, "supervisor")
    [item] = desk.verification.queue(supervisor)
    desk.verification.key_from_paper(supervisor, form_id=item.form_id, field="fobt_day1", value="?")
    assert (
        desk.verification.settle(
            supervisor,
            form_id=item.form_id,
            field="fobt_day1",
            decision="return",
            reason="用紙を医療機関に確認",
        )
        == "keying"
    )
    for login_id in ("clerk1", "clerk2"):
        clerk = login(desk, login_id)
        slot = desk.entry.open_form(clerk, batch_id=batch_id, form_no=1)
        assert slot.returned_fields == ("fobt_day1",) and "fobt_day1" not in slot.values
        assert slot.values["fobt_day2"] == "2"  # their own other values are kept
        outcome = desk.entry.submit(
            clerk,
            entry_id=slot.entry_id,
            identity=identity_of(person),
            values={**slot.values, "fobt_day1": "1"},
        )
    assert outcome.form_status == "verified"


def test_separation_of_duties_in_verification(desk: Desk, batch_id: str, person) -> None:
    key(desk, "supervisor", batch_id, person)
    key(desk, "clerk1", batch_id, person, fobt_day1="2")
    supervisor = login(desk, "supervisor")
    [item] = desk.verification.queue(supervisor)
    with pytest.raises(KenshinError, match="自分が入力した"):
        desk.verification.open_case(supervisor, form_id=item.form_id)
    with pytest.raises(PermissionDenied):
        desk.verification.queue(login(desk, "clerk2"))
    with pytest.raises(PermissionDenied):
        desk.entry.batches(login(desk, "admin"))


def test_a_form_whose_person_is_not_in_the_register_waits_for_the_supervisor(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    stranger = {**person, "kana": "ミトウロク ダレカ"}
    key(desk, "clerk1", batch_id, stranger)
    assert key(desk, "clerk2", batch_id, stranger) == "review"
    supervisor = login(desk, "supervisor")
    [item] = desk.verification.queue(supervisor)
    case = desk.verification.open_case(supervisor, form_id=item.form_id)
    assert case.identity_problem and person["id"] in {c.id for c in case.candidates}
    status = desk.verification.resolve_identity(
        supervisor, form_id=item.form_id, resident_id=person["id"], reason="旧姓で記入"
    )
    assert status == "verified"


def test_identity_is_matched_as_the_clerk_keys_it(desk: Desk, person: dict[str, str]) -> None:
    clerk = login(desk, "clerk1")
    match = desk.entry.match_identity(clerk, identity=identity_of(person))
    assert match.status == "matched" and match.resident and match.resident.id == person["id"]
    with pytest.raises(IdentityInputError, match="性別"):
        desk.entry.match_identity(clerk, identity={**identity_of(person), "sex": "9"})
    stranger = desk.entry.match_identity(clerk, identity={**identity_of(person), "kana": "ン"})
    assert stranger.status == "none" and stranger.resident is None


def test_a_field_settled_before_a_return_stays_settled_after_the_re_keying(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    key(desk, "clerk1", batch_id, person)
    key(desk, "clerk2", batch_id, person, fobt_day1="2", clinic_code="1312345679")
    supervisor = login(desk, "supervisor")
    [item] = desk.verification.queue(supervisor)
    form = item.form_id
    desk.verification.key_from_paper(
        supervisor, form_id=form, field="clinic_code", value="1312345679"
    )
    desk.verification.settle(
        supervisor, form_id=form, field="clinic_code", decision="accept", reason="1回目の入力誤り"
    )
    desk.verification.key_from_paper(supervisor, form_id=form, field="fobt_day1", value="?")
    desk.verification.settle(
        supervisor, form_id=form, field="fobt_day1", decision="return", reason="判読できない"
    )
    for login_id in ("clerk1", "clerk2"):
        clerk = login(desk, login_id)
        slot = desk.entry.open_form(clerk, batch_id=batch_id, form_no=1)
        outcome = desk.entry.submit(
            clerk,
            entry_id=slot.entry_id,
            identity=identity_of(person),
            values={**slot.values, "fobt_day1": "1"},
        )
    assert outcome.form_status == "verified"
    with desk.engine.connect() as connection:
        values = connection.execute(
            text("SELECT \"values\" FROM screening_results WHERE source = 'verified'")
        ).scalar()
        decisions = sorted(
            r[0] for r in connection.execute(text("SELECT decision FROM adjudications"))
        )
    assert '"clinic_code": "1312345679"' in values and '"fobt_day1": "1"' in values
    assert decisions == ["accepted", "returned"]


def test_the_home_queue_counts_forms_waiting_for_each_entry_and_for_review(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    key(desk, "clerk1", batch_id, person)
    home = dict(desk.desk.home(login(desk, "clerk2")).items)
    assert home["1回目の入力待ちの用紙"] == "2 枚" and home["2回目の入力待ちの用紙"] == "3 枚"
    key(desk, "clerk2", batch_id, person, fobt_day1="2")
    home = dict(desk.desk.home(login(desk, "supervisor")).items)
    assert home["照合確認待ちの用紙"] == "1 枚" and home["承認待ちの訂正・削除"] == "0 件"


def give_voucher(desk: Desk, person: dict[str, str], number: str, status: str = "issued") -> None:
    """A voucher as issuance will record it (issuance itself is the vouchers' own feature)."""
    with desk.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO vouchers (id, version, updated_at, number, resident_id,"
                " program_code, fiscal_year, issued_at, issued_by, status, reason)"
                " VALUES (:n, 1, '2026-04-01 00:00:00', :n, :r, 'colorectal', 2026,"
                " '2026-04-01 00:00:00', 'x', :s, '')"
            ),
            {"n": number, "r": person["id"], "s": status},
        )


def test_a_voucher_number_identifies_the_resident_and_must_agree_with_the_kana(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    number = voucher_number.make(2026, 42)
    give_voucher(desk, person, number)
    clerk = login(desk, "clerk1")
    with_voucher = {**identity_of(person), "voucher_no": f"{number[:5]}-{number[5:]}"}
    assert desk.entry.match_identity(clerk, identity=with_voucher).status == "matched"
    someone_else = {**with_voucher, "kana": "ベツジン タロウ"}
    found = desk.entry.match_identity(clerk, identity=someone_else)
    assert found.status == "none" and "受診券の本人" in found.message
    wrong_digit = {**with_voucher, "voucher_no": number[:-1] + str((int(number[-1]) + 1) % 10)}
    slot = desk.entry.open_form(clerk, batch_id=batch_id, form_no=1)
    with pytest.raises(FormInputError) as refused:
        desk.entry.submit(clerk, entry_id=slot.entry_id, identity=wrong_digit, values=PAPER)
    assert "検査用数字" in refused.value.errors["identity.voucher_no"]
    for login_id in ("clerk1", "clerk2"):
        session = login(desk, login_id)
        slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
        outcome = desk.entry.submit(
            session, entry_id=slot.entry_id, identity=with_voucher, values=PAPER
        )
    assert outcome.form_status == "verified"


@pytest.mark.parametrize(("status", "problem"), [("issued", "受診券の本人"), ("void", "無効")])
def test_a_voucher_that_does_not_fit_stops_the_form_for_the_supervisor(
    desk: Desk, batch_id: str, person: dict[str, str], status: str, problem: str
) -> None:
    number = voucher_number.make(2026, 7)
    give_voucher(desk, person, number, status)
    keyed = {**person, "kana": "ベツジン タロウ"} if status == "issued" else person
    for login_id in ("clerk1", "clerk2"):
        session = login(desk, login_id)
        slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
        desk.entry.submit(
            session,
            entry_id=slot.entry_id,
            identity={**identity_of(keyed), "voucher_no": number},
            values=PAPER,
        )
    [item] = desk.verification.queue(login(desk, "supervisor"))
    assert item.identity_problem and problem in item.identity_problem


def test_an_address_that_is_not_the_registered_one_stops_the_form(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    moved = {**person, "address": "どこか町99-99-99"}
    key(desk, "clerk1", batch_id, moved)
    assert key(desk, "clerk2", batch_id, moved) == "review"
    [item] = desk.verification.queue(login(desk, "supervisor"))
    assert item.identity_problem == "住所が住民記録と一致しません"


def test_two_clerks_writing_the_address_differently_do_not_differ(
    desk: Desk, batch_id: str, person: dict[str, str]
) -> None:
    """The register writes 3丁目18番11号; one clerk types 3-18-11, the other copies the kanji."""
    key(desk, "clerk1", batch_id, person)
    numbers_only = address_number(person["address"])  # e.g. 3-18-11
    assert numbers_only and numbers_only not in identity_of(person)["address"]
    session = login(desk, "clerk2")
    slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
    identity = {**identity_of(person), "address": numbers_only}
    outcome = desk.entry.submit(session, entry_id=slot.entry_id, identity=identity, values=PAPER)
    assert outcome.form_status == "verified"
