"""The QR matrix of ReportLab's encoder, computed faster: the same modules, bit for bit.

ReportLab's ``QRCode.make()`` lays the whole symbol out eight times (once per mask) and scores
each layout with list-of-bool loops: 10 ms of a voucher's 13.  Here the symbol is split into
what does not depend on the data (finder, timing and alignment patterns, type information and
the mask, per mask: a cached template) and what does (the data and error-correction bits, the
same for every mask), both as one integer per row, so that a layout is 21 XORs and the
penalty rules of ReportLab's ``QRUtil.getLostPoint`` become bit and string operations.  The
codewords and the module order are ReportLab's own; the test suite compares the result with
``QRCode.make()`` for many numbers.
"""

from __future__ import annotations

import functools
import re
from itertools import pairwise, zip_longest
from typing import Any

from reportlab.graphics.barcode import qrencoder  # type: ignore[import-untyped]

_FINDER_LIKE = "10111010000"  # ReportLab's rule 3 pattern (one direction only)
_DARK_RUN = re.compile(r"1+")


def qr_code(number: str, level: int = qrencoder.QRErrorCorrectLevel.M) -> Any:
    """ReportLab's QRCode holding ``number`` and nothing else (not yet laid out)."""
    code = qrencoder.QRCode(None, level)
    code.addData(number)
    return code


def matrix(code: Any) -> list[int]:
    """The laid-out symbol of ``code`` (a ReportLab QRCode with its data added): one int per
    row, bit ``c`` set where column ``c`` is dark — what ``code.make()`` gives in ``modules``."""
    version = code.version or code.calculate_version()
    level = code.errorCorrectLevel
    size = version * 4 + 17
    data = _data_rows(version, level, code.dataList, size)
    best, best_points = 0, 0
    for mask in range(8):
        rows = [t ^ d for t, d in zip(_template(version, level, mask, True), data, strict=True)]
        points = _lost_points(rows, size)
        if mask == 0 or best_points > points:
            best, best_points = mask, points
    return [t ^ d for t, d in zip(_template(version, level, best, False), data, strict=True)]


def as_modules(rows: list[int], size: int) -> list[list[bool]]:
    """``rows`` as ReportLab's ``modules`` (a list of rows of booleans)."""
    return [[bool(row >> col & 1) for col in range(size)] for row in rows]


def dark_runs(row: int, size: int) -> list[tuple[int, int]]:
    """(start column, length) of each run of dark modules in one row."""
    text = _row_text(row, size)
    return [(m.start(), m.end() - m.start()) for m in _DARK_RUN.finditer(text)]


def _row_text(row: int, size: int) -> str:
    """The row as '0'/'1' characters, column 0 first."""
    return format(row, f"0{size}b")[::-1]


def _data_rows(version: int, level: int, data_list: list[Any], size: int) -> list[int]:
    """The data and error-correction bits where they go, as row ints (mask not applied)."""
    rows = [0] * size
    positions = _positions(version)
    index = 0
    for byte in _codewords(version, level, data_list):
        for shift in range(7, -1, -1):
            if byte >> shift & 1:
                col, row = positions[index]
                rows[row] |= 1 << col
            index += 1
    return rows


def _codewords(version: int, level: int, data_list: list[Any]) -> list[int]:
    """ReportLab's ``QRCode.createData``: data, end code and padding, then each block's
    Reed-Solomon remainder, interleaved; the generator polynomials are cached here."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = qrencoder.QRBitBuffer()
    for data in data_list:
        data.write(buffer, version)
    capacity = 8 * sum(block.dataCount for block in blocks)
    if buffer.getLengthInBits() > capacity:
        return list(qrencoder.QRCode.createData(version, level, data_list))  # raises as it does
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pads = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    count = 0
    while buffer.getLengthInBits() < capacity:
        buffer.put(pads[count % 2], 8)
        count += 1
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        data_blocks.append(list(buffer.buffer[offset : offset + block.dataCount]))
        offset += block.dataCount
        ec_blocks.append(_remainder(data_blocks[-1], block.totalCount - block.dataCount))
    return [
        byte
        for group in (data_blocks, ec_blocks)
        for column in zip_longest(*group)
        for byte in column
        if byte is not None
    ]


def _remainder(message: list[int], length: int) -> list[int]:
    """The ``length`` error-correction codewords of ``message`` (GF(256), QR's polynomial)."""
    log, exp = qrencoder.LOG_TABLE, qrencoder.EXP_TABLE
    generator = _generator_logs(length)
    remainder = [0] * length
    for byte in message:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            shift = log[factor]
            for index, coefficient in enumerate(generator):
                remainder[index] ^= exp[(coefficient + shift) % 255]
    return remainder


@functools.cache
def _generator_logs(length: int) -> tuple[int, ...]:
    """The logarithms of ReportLab's generator polynomial's coefficients after the first."""
    polynomial = qrencoder.QRUtil.getErrorCorrectPolynomial(length)
    coefficients = [polynomial.get(index) for index in range(1, polynomial.getLength())]
    return tuple(qrencoder.LOG_TABLE[c] for c in coefficients)


@functools.cache
def _positions(version: int) -> tuple[tuple[int, int], ...]:
    """The (column, row) of every data module in ReportLab's placement order."""
    code = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    code.moduleCount = version * 4 + 17
    return tuple(code._dataPosIterator())


@functools.cache
def _template(version: int, level: int, mask: int, test: bool) -> tuple[int, ...]:
    """ReportLab's layout with every data bit 0: the patterns, type info and the bare mask."""
    code = qrencoder.QRCode(version, level)
    code.dataCache = []  # no codewords: each data module is just the mask's value
    code.makeImpl(test, mask)
    return tuple(sum(1 << col for col, dark in enumerate(row) if dark) for row in code.modules)


def _lost_points(rows: list[int], size: int) -> int:
    """ReportLab's ``QRUtil.getLostPoint`` for the layout ``rows``."""
    full = (1 << size) - 1
    pairs = full >> 1
    # Rule 1: each run of 5 or more of a colour, in a row or a column, costs its length - 2.
    # A run of n modules is n - 1 "same as the next" bits; 4 of those in a row start at
    # n - 4 places, so a run costs (places with 4) + 2 × (runs of such places).
    points = 0
    for row in rows:
        same = ~(row ^ row >> 1) & pairs
        four = same & same >> 1 & same >> 2 & same >> 3
        points += four.bit_count() + 2 * (four & ~(four << 1)).bit_count()
    below = [~(upper ^ lower) & full for upper, lower in pairwise(rows)]
    previous = 0
    for index in range(len(below) - 3):
        four = below[index] & below[index + 1] & below[index + 2] & below[index + 3]
        points += four.bit_count() + 2 * (four & ~previous).bit_count()
        previous = four
    # Rule 2: each 2 × 2 block of one colour costs 3.
    for same, lower in zip(below, rows[1:], strict=True):
        points += 3 * (same & same >> 1 & ~(lower ^ lower >> 1) & pairs).bit_count()
    # Rule 3 as ReportLab scores it: rows only (its column pass compares a tuple with a list,
    # which never matches), matches not overlapping, none starting at the last place.
    last = size - len(_FINDER_LIKE)
    for row in rows:
        line = _row_text(row, size)
        start = line.find(_FINDER_LIKE)
        while 0 <= start < last:
            points += 40
            start = line.find(_FINDER_LIKE, start + len(_FINDER_LIKE))
    # Rule 4: the balance of dark and light.
    dark = sum(row.bit_count() for row in rows)
    points += 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return points
