"""The synthetic register the benchmarks share: built once per size, reused after."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app import bootstrap

CACHE = Path(__file__).resolve().parent / ".cache"


def register_dir(residents: int) -> Path:
    """A demo store of `residents` people (demo keyring), seeded on first use."""
    data_dir = CACHE / f"register-{residents}"
    if not (data_dir / bootstrap.STORE_FILE).exists():
        print(f"building a {residents:,}-resident register in {data_dir} …", file=sys.stderr)
        started = time.perf_counter()
        bootstrap.seed_demo_store(data_dir, residents, seed=20261126)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return data_dir
