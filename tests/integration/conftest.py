"""Fixtures shared by the integration tests of double entry."""

from tests.entry_support import batch_id, person, result_id

__all__ = ["batch_id", "person", "result_id"]
