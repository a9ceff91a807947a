"""Kenshin Desk application core: no Qt, no GUI."""
