"""Printed documents built in memory with ReportLab (no Qt)."""

from app.domain.errors import KenshinError

__all__ = ["DocumentError"]


class DocumentError(KenshinError, ValueError):
    """A document that cannot be printed from the data given; the message is Japanese."""
