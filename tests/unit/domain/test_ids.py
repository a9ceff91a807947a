"""UUIDv7 ids are valid, unique and sort in the order they were made."""

import uuid

from app.domain.ids import new_id, uuid7


def test_ids_are_version_7_with_the_rfc_variant() -> None:
    value = uuid7()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_ten_thousand_ids_made_in_a_row_are_unique_and_sorted() -> None:
    ids = [new_id() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
