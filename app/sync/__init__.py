"""Sync with the central server: wire schema, outbox and cursors (arrives with the server)."""
