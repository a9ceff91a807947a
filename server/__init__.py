"""Kenshin Desk central server: the authority for master data, records and audit checkpoints."""
