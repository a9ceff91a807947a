"""Reading the PDFs back for the document tests: text, pages, fonts, rendering."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from tests.tools import need_tool

MY_NUMBER_SHAPE = re.compile(r"\d{12}")


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    """Every page's (width, height) in mm, rounded to 0.1."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (
            round(float(p.mediabox.width) / 72 * 25.4, 1),
            round(float(p.mediabox.height) / 72 * 25.4, 1),
        )
        for p in reader.pages
    ]


def pdfinfo_size(path: Path) -> str:
    pdfinfo = need_tool("pdfinfo", package="poppler-utils")
    output = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
    return next(line for line in output.stdout.splitlines() if line.startswith("Page size"))


def render(path: Path) -> list[Path]:
    """Render with pdftoppm at 50 dpi; returns the PNGs made."""
    pdftoppm = need_tool("pdftoppm", package="poppler-utils")
    subprocess.run(
        [pdftoppm, "-r", "50", "-png", str(path), str(path.with_suffix(""))],
        check=True,
        capture_output=True,
    )
    return sorted(path.parent.glob(path.stem + "*.png"))


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Names of fonts used on any page or form whose descriptor has no /FontFile2."""
    missing: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in _fonts(page.get("/Resources")):
            descendants = font.get("/DescendantFonts")
            descriptor_owner = descendants[0].get_object() if descendants else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                missing.append(str(font.get("/BaseFont")))
    return missing


def _fonts(resources: object) -> list[dict[str, object]]:
    """Font dictionaries in ``resources`` and in the forms it uses."""
    if resources is None:
        return []
    resources = resources.get_object()  # type: ignore[attr-defined]
    found = [f.get_object() for f in (resources.get("/Font") or {}).values()]
    for xobject in (resources.get("/XObject") or {}).values():
        found += _fonts(xobject.get_object().get("/Resources"))
    return found
