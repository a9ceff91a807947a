"""Pure domain rules and value types: standard library only."""
