"""Lookup latency through the service layer on a large register.

    .venv/bin/python bench/lookup.py [--residents 1600000] [--queries 300]

Kana prefixes (2–4 characters, from the register's own names), birth dates in 和暦 and
register numbers, each through LookupService.search with its permission check. Prints p50/p95
over all queries and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import bootstrap
from app.domain import wareki
from bench.register import register_dir


def samples(desk: bootstrap.Desk, count: int, rng: random.Random) -> list[str]:
    from sqlalchemy import text

    with desk.engine.connect() as connection:
        total = connection.execute(text("SELECT max(rowid) FROM residents")).scalar() or 1
        picks = [rng.randrange(1, total + 1) for _ in range(count)]
        rows = [
            connection.execute(
                text("SELECT kana_key, birth_date, register_no FROM residents WHERE rowid = :r"),
                {"r": rowid},
            ).one()
            for rowid in picks
        ]
    queries = []
    for index, (kana_key, birth, register_no) in enumerate(rows):
        kind = index % 3
        if kind == 0:
            queries.append(kana_key[: rng.randint(2, 4)])
        elif kind == 1:
            from datetime import date

            queries.append(wareki.format_date(date.fromisoformat(str(birth))))
        else:
            queries.append(register_no)
    return queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_600_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    data_dir = register_dir(args.residents)
    engine = bootstrap.open_engine(data_dir, bootstrap.demo_key_store())
    desk = bootstrap.build_desk(engine)
    session = desk.auth.login(*bootstrap.demo_accounts()[0])
    queries = samples(desk, args.queries, random.Random(7))
    for query in queries[:20]:
        desk.lookup.search(session, text=query)  # warm the page cache like a working day
    times = []
    for query in queries:
        started = time.perf_counter()
        desk.lookup.search(session, text=query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for kind, name in ((0, "kana"), (1, "birth_date"), (2, "register_no")):
        part = sorted(t for i, t in enumerate(times) if i % 3 == kind)
        print(f"{name}: p50 {statistics.median(part):.1f} ms, max {part[-1]:.1f} ms")
    desk.close()
    print(
        f"bench: lookup p50_ms={p50:.1f} p95_ms={p95:.1f} rss_mb={rss_mb:.0f} "
        f"residents={args.residents}"
    )


if __name__ == "__main__":
    main()
