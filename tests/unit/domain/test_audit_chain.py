"""verify_chain finds every edit, deletion, insertion, reordering and truncation, by seq."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.audit_chain import GENESIS, event_hash, verify_chain


def build_chain(count: int) -> list[dict[str, Any]]:
    events, prev = [], GENESIS
    for seq in range(1, count + 1):
        event: dict[str, Any] = {
            "seq": seq,
            "id": f"id-{seq}",
            "at": f"2026-11-26T01:00:{seq % 60:02d}+00:00",
            "staff_id": "s1",
            "workstation": "desk-1",
            "action": "view",
            "record_kind": "resident",
            "record_id": f"r{seq}",
            "outcome": "ok",
            "detail": "",
        }
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(event, prev)
        events.append(event)
    return events


def head_of(events: list[dict[str, Any]]) -> tuple[int, str]:
    return events[-1]["seq"], events[-1]["hash"]


def test_an_untouched_chain_verifies() -> None:
    events = build_chain(1000)
    report = verify_chain(events, head_of(events))
    assert report.ok and report.events == 1000 and report.first_bad_seq is None


def test_an_empty_chain_verifies_without_a_head() -> None:
    assert verify_chain([], None).ok


@pytest.mark.parametrize("field", ["action", "record_id", "staff_id", "outcome", "detail", "at"])
def test_an_edited_field_is_found_at_its_seq(field: str) -> None:
    events = build_chain(50)
    events[20][field] = "tampered"
    report = verify_chain(events, head_of(events))
    assert not report.ok and report.first_bad_seq == 21
    assert report.problem


def test_an_edit_that_rehashes_its_own_event_breaks_the_next_link() -> None:
    events = build_chain(50)
    events[20]["action"] = "tampered"
    events[20]["hash"] = event_hash(events[20], events[20]["prev_hash"])
    assert verify_chain(events, head_of(events)).first_bad_seq == 22


def test_a_deleted_event_is_found() -> None:
    events = build_chain(50)
    head = head_of(events)
    del events[10]
    report = verify_chain(events, head)
    assert not report.ok and report.first_bad_seq == 11


def test_an_inserted_event_is_found() -> None:
    events = build_chain(50)
    head = head_of(events)
    forged = dict(events[9])
    events.insert(10, forged)
    report = verify_chain(events, head)
    assert not report.ok and report.first_bad_seq == 10


def test_two_events_swapped_are_found() -> None:
    events = build_chain(50)
    head = head_of(events)
    events[30], events[31] = events[31], events[30]
    assert verify_chain(events, head).first_bad_seq == 31


def test_swapped_seqs_with_contents_kept_in_place_are_found() -> None:
    events = build_chain(50)
    head = head_of(events)
    events[30]["seq"], events[31]["seq"] = 32, 31
    events[30], events[31] = events[31], events[30]
    assert verify_chain(events, head).first_bad_seq == 31


def test_a_cut_tail_is_found_against_the_recorded_head() -> None:
    events = build_chain(50)
    head = head_of(events)
    report = verify_chain(events[:45], head)
    assert not report.ok and report.first_bad_seq == 46


def test_a_tail_rewritten_to_another_hash_is_found() -> None:
    events = build_chain(50)
    report = verify_chain(events, (50, "f" * 64))
    assert not report.ok and report.first_bad_seq == 50


def test_a_chain_longer_than_its_head_is_found() -> None:
    events = build_chain(50)
    report = verify_chain(events, head_of(events[:40]))
    assert not report.ok and report.first_bad_seq == 40


def test_a_chain_not_starting_at_one_is_found() -> None:
    events = build_chain(10)[3:]
    assert verify_chain(events).first_bad_seq == 1
