"""Use cases: each checks permission, works in one unit of work, and audits in the same commit."""
