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
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from reportlab.graphics.barcode import qrencoder  # type: ignore[import-untyped]

_FINDER_LIKE = "10111010000"  # ReportLab's rule 3 pattern (one direction only)
_TABLED_VERSIONS = 2


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
    layout = _layout(version)
    data = _data_bits(version, level, code.dataList, layout)
    best, best_points = 0, 0
    for mask in range(8):
        points = _lost_points(_template(version, level, mask, True) ^ data, layout)
        if mask == 0 or best_points > points:
            best, best_points = mask, points
    symbol = _template(version, level, best, False) ^ data
    row_bits = (1 << layout.size) - 1
    return [symbol >> (row * layout.stride) & row_bits for row in range(layout.size)]


def as_modules(rows: list[int], size: int) -> list[list[bool]]:
    """``rows`` as ReportLab's ``modules`` (a list of rows of booleans)."""
    return [[bool(row >> col & 1) for col in range(size)] for row in rows]


def dark_runs(row: int, size: int) -> list[tuple[int, int]]:
    """(start column, length) of each run of dark modules in one row (``size`` columns)."""
    runs: list[tuple[int, int]] = []
    column = 0
    row &= (1 << size) - 1
    while row:
        light = (row & -row).bit_length() - 1  # light modules before the next dark one
        row >>= light
        column += light
        dark = (row ^ (row + 1)).bit_length() - 1  # the dark run's length
        runs.append((column, dark))
        row >>= dark
        column += dark
    return runs


@dataclass(frozen=True)
class _Layout:
    """A symbol of ``size`` × ``size`` modules packed into one int: module (row, col) is bit
    ``row * stride + col``; the ``stride - size`` bits after each row are always 0 (a guard
    wide enough that no pattern test runs from one row into the next)."""

    size: int
    stride: int
    modules: int  # every module's bit
    but_last_column: int
    but_last_row: int
    blocks: int  # top left corners of 2 × 2 blocks
    finder_starts: int  # where ReportLab looks for rule 3's pattern in a row


@functools.cache
def _layout(version: int) -> _Layout:
    size = version * 4 + 17
    stride = size + len(_FINDER_LIKE)

    def area(rows: int, cols: int) -> int:
        return sum(((1 << cols) - 1) << (row * stride) for row in range(rows))

    return _Layout(
        size=size,
        stride=stride,
        modules=area(size, size),
        but_last_column=area(size, size - 1),
        but_last_row=area(size - 1, size),
        blocks=area(size - 1, size - 1),
        finder_starts=area(size, max(0, size - len(_FINDER_LIKE))),
    )


def _pack(rows: list[int] | tuple[int, ...], layout: _Layout) -> int:
    return sum(row << (index * layout.stride) for index, row in enumerate(rows))


def _data_bits(version: int, level: int, data_list: list[Any], layout: _Layout) -> int:
    """The data and error-correction bits where they go, packed (mask not applied)."""
    codewords = _codewords(version, level, data_list)
    bits = 0
    if version <= _TABLED_VERSIONS:
        tables = _byte_bits(version)
        for index, byte in enumerate(codewords):
            bits |= tables[index][byte]
        return bits
    places = _places(version)
    for index, byte in enumerate(codewords):
        for bit in range(8):
            if byte & 0x80 >> bit:
                bits |= 1 << places[8 * index + bit]
    return bits


@functools.cache
def _places(version: int) -> tuple[int, ...]:
    """The bit of every data module, in ReportLab's placement order."""
    stride = _layout(version).stride
    return tuple(row * stride + col for col, row in _positions(version))


@functools.cache
def _byte_bits(version: int) -> tuple[tuple[int, ...], ...]:
    """For each codeword index, the packed bits of each of its 256 values (1.5 MB at most,
    for the small versions only: a voucher number is version 1)."""
    places = _places(version)
    tables = []
    for start in range(0, len(places) - len(places) % 8, 8):
        bits = [1 << place for place in places[start : start + 8]]  # most significant first
        table = [0] * 256
        for value in range(1, 256):
            high = value.bit_length() - 1  # the highest set bit, then the rest from the table
            table[value] = bits[7 - high] | table[value & ~(1 << high)]
        tables.append(tuple(table))
    return tuple(tables)


def _codewords(version: int, level: int, data_list: list[Any]) -> list[int]:
    """ReportLab's ``QRCode.createData``: data, end code and padding, then each block's
    Reed-Solomon remainder, interleaved; the generator polynomials are cached here."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    buffer = _BitBuffer()
    for data in data_list:
        data.write(buffer, version)
    capacity = 8 * sum(block.dataCount for block in blocks)
    if buffer.length > capacity:
        return list(qrencoder.QRCode.createData(version, level, data_list))  # raises as it does
    if buffer.length + 4 <= capacity:
        buffer.put(0, 4)
    buffer.put(0, -buffer.length % 8)
    pads = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    count = 0
    while buffer.length < capacity:
        buffer.put(pads[count % 2], 8)
        count += 1
    codewords = buffer.bytes()
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        data_blocks.append(list(codewords[offset : offset + block.dataCount]))
        offset += block.dataCount
        ec_blocks.append(_remainder(data_blocks[-1], block.totalCount - block.dataCount))
    return [
        byte
        for group in (data_blocks, ec_blocks)
        for column in zip_longest(*group)
        for byte in column
        if byte is not None
    ]


class _BitBuffer:
    """ReportLab's ``QRBitBuffer`` (what its segments ``write`` to) as one integer."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, number: int, length: int) -> None:
        """Append the lowest ``length`` bits of ``number``, the highest first."""
        self.value = self.value << length | number & ((1 << length) - 1)
        self.length += length

    def getLengthInBits(self) -> int:  # noqa: N802  (ReportLab's name)
        return self.length

    def bytes(self) -> bytes:
        """The bits as bytes (``length`` is a multiple of 8 by then)."""
        return self.value.to_bytes(self.length // 8, "big")


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
def _template(version: int, level: int, mask: int, test: bool) -> int:
    """ReportLab's layout with every data bit 0 (the patterns, type info and the bare mask),
    packed."""
    code = qrencoder.QRCode(version, level)
    code.dataCache = []  # no codewords: each data module is just the mask's value
    code.makeImpl(test, mask)
    rows = [sum(1 << col for col, dark in enumerate(row) if dark) for row in code.modules]
    return _pack(rows, _layout(version))


def _lost_points(symbol: int, layout: _Layout) -> int:
    """ReportLab's ``QRUtil.getLostPoint`` for the packed layout ``symbol``."""
    stride = layout.stride
    light = ~symbol & layout.modules
    # Rule 1: each run of 5 or more of a colour, in a row or a column, costs its length - 2.
    # A run of n modules is n - 1 "same as the next" bits; 4 of those in a row start at
    # n - 4 places, so a run costs (places with 4) + 2 × (runs of such places).
    same = ~(symbol ^ symbol >> 1) & layout.but_last_column
    four = same & same >> 1 & same >> 2 & same >> 3
    points = four.bit_count() + 2 * (four & ~(four << 1)).bit_count()
    below = ~(symbol ^ symbol >> stride) & layout.but_last_row
    four = below & below >> stride & below >> 2 * stride & below >> 3 * stride
    points += four.bit_count() + 2 * (four & ~(four << stride)).bit_count()
    # Rule 2: each 2 × 2 block of one colour costs 3.
    lower = symbol >> stride
    points += 3 * (below & below >> 1 & ~(lower ^ lower >> 1) & layout.blocks).bit_count()
    # Rule 3 as ReportLab scores it: rows only (its column pass compares a tuple with a list,
    # which never matches), none starting at the last place; the pattern cannot overlap
    # itself, so ReportLab's skipping past a match changes nothing.
    found = layout.finder_starts
    for offset, char in enumerate(_FINDER_LIKE):
        found &= (symbol if char == "1" else light) >> offset
    points += 40 * found.bit_count()
    # Rule 4: the balance of dark and light.
    dark = symbol.bit_count()
    points += 10 * (abs(100 * dark // (layout.size * layout.size) - 50) // 5)
    return points
