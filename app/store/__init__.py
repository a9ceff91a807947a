"""The encrypted local store: SQLCipher through SQLAlchemy, repositories and the unit of work."""
