"""Kenshin Desk screens (PySide6). Talks to app.services through app.bootstrap only."""
