"""The base of every error whose message may be shown to a clerk as it is."""


class KenshinError(Exception):
    """An expected failure with a Japanese message fit for the screen (never personal values)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
