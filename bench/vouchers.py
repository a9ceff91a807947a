"""Voucher printing speed: postcard vouchers (embedded font, QR, customer barcode) per second.

    .venv/bin/python bench/vouchers.py [--runs 5] [--pages 2000] [--singles 200]

Each run times three things in one process, fonts registered beforehand as the running app
has them, in the same minutes:
(a) `pages_per_s` — the target figure: one PDF of `--pages` postcard pages (2 a voucher:
    address side and voucher), as the batch issuance prints them;
(b) the floor — ReportLab alone drawing the same pages' texts (the same strings in the same
    font, size and place, as `Canvas.drawString` calls, recorded once beforehand) into one
    PDF, with no QR code, no customer barcode, no frame and no fitting: pages/s;
(c) `singles_per_s` — one-voucher PDFs built one by one (a reissue at the counter).
Beside each wall-clock figure, pages per second of the process's CPU time: on a shared
machine the wall figure sinks with the load, the CPU figure much less.

Prints every run and the medians, the PDF's size, and the figure against its target
(≥ 1,000 pages/s). One process only: see the module `app.documents.vouchers` for why the
batch is not split over two processes.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import harness

TARGET_PAGES_PER_S = 1000.0

Text = tuple[str, float, float, float, str]  # font, size, x, y, text


def recorded_pages(docs: list[Any]) -> list[list[Text]]:
    """The strings each postcard page draws, recorded through ReportLab's own calls."""
    from reportlab.pdfgen.canvas import Canvas

    from app.documents import _ops
    from app.documents.vouchers import postcards

    pages: list[list[Text]] = [[]]
    in_form = [False]  # the forms' fixed strings are drawn once per PDF, not per page
    originals = Canvas.drawString, Canvas.drawCentredString, Canvas.showPage
    form_calls = Canvas.beginForm, Canvas.endForm

    def draw(canvas: Any, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        if not in_form[0]:
            pages[-1].append((canvas._fontname, canvas._fontsize, x, y, text))

    def begin_form(canvas: Any, *args: Any, **kwargs: Any) -> None:
        in_form[0] = True
        form_calls[0](canvas, *args, **kwargs)

    def end_form(canvas: Any, *args: Any, **kwargs: Any) -> None:
        in_form[0] = False
        form_calls[1](canvas, *args, **kwargs)

    def centred(canvas: Any, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        half = 0.5 * canvas.stringWidth(text, canvas._fontname, canvas._fontsize)
        draw(canvas, x - half, y, text)

    def show(canvas: Any) -> None:
        pages.append([])

    _ops.REPORTLAB_ONLY = True
    Canvas.drawString, Canvas.drawCentredString, Canvas.showPage = draw, centred, show
    Canvas.beginForm, Canvas.endForm = begin_form, end_form
    try:
        postcards(docs)
    finally:
        Canvas.drawString, Canvas.drawCentredString, Canvas.showPage = originals
        Canvas.beginForm, Canvas.endForm = form_calls
        _ops.REPORTLAB_ONLY = False
    while pages and not pages[-1]:  # showPage opens a next page, never drawn
        pages.pop()
    return pages


def floor_pdf(pages: list[list[Text]]) -> bytes:
    """ReportLab alone: the recorded strings, page by page, into one PDF."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(148 * mm, 100 * mm), pageCompression=1)
    for page in pages:
        for font, size, x, y, text in page:
            canvas.setFont(font, size)
            canvas.drawString(x, y, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=2000, help="postcard pages (even)")
    parser.add_argument("--singles", type=int, default=200)
    args = parser.parse_args()
    harness.start("vouchers", seconds=120 + args.runs * (args.pages / 100 + args.singles / 20))

    from app.documents._fonts import register
    from app.documents.vouchers import postcard_voucher, postcards
    from app.domain import voucher_number
    from tests.unit.documents.samples import voucher

    register()
    postcard_voucher(voucher())  # warm up: font tables and the code paths
    count = max(1, args.pages // 2)
    docs = [voucher(number=voucher_number.make(2025, serial)) for serial in range(count)]
    pages = 2 * count
    texts = recorded_pages(docs)
    assert len(texts) == pages, (len(texts), pages)
    strings = sum(len(page) for page in texts)
    print(f"{pages} pages, {strings} strings drawn on them ({strings / pages:.1f} a page)")

    batch_runs: list[float] = []
    batch_cpu: list[float] = []  # pages per second of this process's CPU time
    floor_runs: list[float] = []
    floor_cpu: list[float] = []
    single_runs: list[float] = []
    size = floor_size = 0
    for run in range(1, args.runs + 1):
        start, cpu = time.perf_counter(), time.process_time()
        size = len(postcards(docs))
        batch_runs.append(pages / (time.perf_counter() - start))
        batch_cpu.append(pages / (time.process_time() - cpu))
        start, cpu = time.perf_counter(), time.process_time()
        floor_size = len(floor_pdf(texts))
        floor_runs.append(pages / (time.perf_counter() - start))
        floor_cpu.append(pages / (time.process_time() - cpu))
        start = time.perf_counter()
        for doc in docs[: args.singles]:
            postcard_voucher(doc)
        single_runs.append(args.singles / (time.perf_counter() - start))
        print(
            f"run {run}: {batch_runs[-1]:.0f} pages/s ({batch_cpu[-1]:.0f} per CPU s), "
            f"floor {floor_runs[-1]:.0f} pages/s ({floor_cpu[-1]:.0f} per CPU s), "
            f"singles {single_runs[-1]:.0f}/s; {harness.load()}",
            flush=True,
        )

    pages_per_s = statistics.median(batch_runs)
    floor = statistics.median(floor_runs)
    harness.floor(
        "ReportLab alone, the same strings per page, no QR/barcode/frame (pages/s)",
        pages_per_s=floor,
        runs=" ".join(f"{r:.0f}" for r in floor_runs),
    )
    print(f"batch runs (pages/s): {' '.join(f'{r:.0f}' for r in batch_runs)}")
    cpu_median, floor_cpu_median = statistics.median(batch_cpu), statistics.median(floor_cpu)
    print(
        f"per second of CPU (what a quiet core gives): {cpu_median:.0f} pages, floor "
        f"{floor_cpu_median:.0f}; wall figures sink when other processes share the cores"
    )
    print(f"one PDF of {pages} pages: {size / 1e6:.2f} MB (floor's {floor_size / 1e6:.2f} MB)")
    verdict = "meets" if pages_per_s >= TARGET_PAGES_PER_S else "MISSES"
    print(
        f"median {pages_per_s:.0f} pages/s in one process, {pages_per_s / floor:.2f} × the "
        f"floor; {verdict} the target ≥ {TARGET_PAGES_PER_S:.0f} pages/s"
    )
    harness.finish(
        "vouchers",
        pages_per_s=pages_per_s,
        floor_pages_per_s=floor,
        pages_per_cpu_s=cpu_median,
        floor_pages_per_cpu_s=floor_cpu_median,
        singles_per_s=statistics.median(single_runs),
        pages=pages,
        runs=args.runs,
        processes=1,
    )


if __name__ == "__main__":
    main()
