"""Target extraction: seconds to list every eligible resident of one program, and of all ten.

    .venv/bin/python bench/extract.py [--residents 1600000] [--runs 3] [--program colorectal]

Through TargetService.extract (permission check, read-only transaction, audit), on the
synthetic register; median of the runs. The default program is the largest (40+, yearly).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import bootstrap
from app.domain.calendar import fiscal_year_of
from bench.register import register_dir


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_600_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--program", default="colorectal")
    args = parser.parse_args()
    engine = bootstrap.open_engine(register_dir(args.residents), bootstrap.demo_key_store())
    desk = bootstrap.build_desk(engine)
    session = desk.auth.login("supervisor", dict(bootstrap.demo_accounts())["supervisor"])
    year = fiscal_year_of(date.today())
    one, every = [], []
    for _ in range(args.runs):
        one.append(
            timed(
                lambda: desk.targets.extract(session, program_code=args.program, fiscal_year=year)
            )
        )
        result = desk.targets.extract(session, program_code=None, fiscal_year=year)
        every.append(result.seconds)
    for program in result.programs:
        print(f"{program.program_code:>16}: {program.count:>9,} targets")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.program}: {[round(t, 2) for t in one]} s; all: {[round(t, 2) for t in every]} s;"
        f" peak RSS {rss_mb:.0f} MB"
    )
    desk.close()
    print(
        f"bench: extract one_s={statistics.median(one):.2f} all_s={statistics.median(every):.2f}"
        f" residents={args.residents}"
    )


if __name__ == "__main__":
    main()
