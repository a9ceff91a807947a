"""Voucher printing speed: postcard vouchers (embedded font, QR, customer barcode) per second.

    .venv/bin/python bench/vouchers.py [--vouchers 1000] [--singles 200]

(a) `pages_per_s`: one PDF of N postcard vouchers (2 pages each: address side and voucher), in
one process, fonts registered beforehand as the running app has them.
(b) `singles_per_s`: M one-voucher PDFs, each built on its own (a reissue at the counter).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.documents._fonts import register
from app.documents.vouchers import postcard_voucher, postcards
from app.domain import voucher_number
from tests.unit.documents.samples import voucher


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vouchers", type=int, default=1000)
    parser.add_argument("--singles", type=int, default=200)
    args = parser.parse_args()
    register()
    postcard_voucher(voucher())  # warm up: font tables and the code paths
    docs = [voucher(number=voucher_number.make(2025, serial)) for serial in range(args.vouchers)]
    start = time.perf_counter()
    batch = postcards(docs)
    batch_s = time.perf_counter() - start
    pages = 2 * len(docs)
    start = time.perf_counter()
    for doc in docs[: args.singles]:
        postcard_voucher(doc)
    singles_s = time.perf_counter() - start
    print(f"batch: {pages} pages in {batch_s:.2f} s, {len(batch) / 1e6:.1f} MB")
    print(
        f"singles: {args.singles} PDFs in {singles_s:.2f} s, "
        f"singles_per_s={args.singles / singles_s:.0f}"
    )
    print(f"bench: vouchers pages_per_s={pages / batch_s:.0f} pages={pages}")


if __name__ == "__main__":
    main()
