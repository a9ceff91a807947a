"""The canary proof's tools: unique personal values, a scanner that looks for them in every
file a run created or changed (in the encodings a Japanese Windows or Linux program writes),
a watch on the clipboard, a capture of every log line, a record of files Python wrote and
removed, and the child process that crashes in the middle of its work.

Nothing here prints or asserts with a canary's value: a failure names the file, which canary
(by label) and the encoding, so the test's own output cannot become the leak it looks for.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import re
import stat
import sys
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# Kanji of JIS X 0208 level 2 (all in CP932) that no register, font name or library spells in a
# row: a name drawn from them, with a random order, exists nowhere but in this run.
RARE_KANJI = "鬯鬲鬻麌麑黐黶鼈鼕齔齟齣齦齧齬龕龠黌鼇鼾齎鬣鬟鬢魍魎魑魅鰥鰤鱇鱚鱠"
KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
)
CITY = "静岡県さくら市"
WARD = "中央区"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "cp932")
CHUNK_BYTES = 1 << 20
# Not files: the kernel's and devices' trees, never walked.
PSEUDO_ROOTS = ("/proc", "/sys", "/dev")

CSV_HEADER = (
    "register_no", "my_number", "name", "kana", "sex", "birth_date", "address", "postal_code",
    "ward", "moved_in", "moved_out", "died", "support_measure", "non_taxable",
)  # fmt: skip


def check_digit(first11: str) -> int:
    """個人番号's check digit (総務省令), computed here so the canaries do not trust the code
    under test for their own validity."""
    weights = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(first11, weights, strict=True)) % 11
    return 0 if remainder <= 1 else 11 - remainder


_HALF_WIDTH = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}


def half_width(kana: str) -> str:
    return "".join(_HALF_WIDTH.get(char, char) for char in kana)


def hiragana(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


@dataclass(frozen=True)
class Canary:
    """One resident nobody else has: every value that names them is unique to this run."""

    register_no: str
    my_number: str
    family: str
    given: str
    kana_family: str
    kana_given: str
    town: str
    street: str
    sex: str
    birth_date: date

    @property
    def name(self) -> str:
        return f"{self.family}　{self.given}"

    @property
    def kana(self) -> str:
        return f"{self.kana_family} {self.kana_given}"

    @property
    def address(self) -> str:
        return f"{CITY}{WARD}{self.street}"

    def csv_line(self) -> str:
        values = {
            "register_no": self.register_no,
            "my_number": self.my_number,
            "name": self.name,
            "kana": self.kana,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "postal_code": "4300001",
            "ward": WARD,
            "moved_in": "",
            "moved_out": "",
            "died": "",
            "support_measure": "0",
            "non_taxable": "0",
        }
        return ",".join(values[column] for column in CSV_HEADER)

    def needles(self, label: str) -> dict[str, str]:
        """What a leak of this person would look like: label -> text (each part alone, too)."""
        number = self.my_number
        groups = (number[:4], number[4:8], number[8:])
        found = {
            "name": self.name,
            "family name": self.family,
            "given name": self.given,
            "kana": self.kana,
            "kana family name": self.kana_family,
            "kana given name": self.kana_given,
            "kana family name (hiragana)": hiragana(self.kana_family),
            "kana given name (hiragana)": hiragana(self.kana_given),
            "kana family name (half-width)": half_width(self.kana_family),
            "kana given name (half-width)": half_width(self.kana_given),
            "個人番号": number,
            "個人番号 (4 4 4)": " ".join(groups),
            "個人番号 (4-4-4)": "-".join(groups),
            "個人番号 (full-width)": number.translate(FULL_WIDTH_DIGITS),
            "address (town)": self.town,
            "address (street)": self.street,
            "register number": self.register_no,
        }
        return {f"{label}: {what}": text for what, text in found.items()}


FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def make_canaries(count: int, rng: random.Random) -> list[Canary]:
    made: list[Canary] = []
    for _ in range(count):
        body = "".join(rng.choice("0123456789") for _ in range(11))
        town = "".join(rng.sample(RARE_KANJI, 3)) + "町"
        made.append(
            Canary(
                register_no="9" + "".join(rng.choice("0123456789") for _ in range(9)),
                my_number=body + str(check_digit(body)),
                family="".join(rng.sample(RARE_KANJI, 3)),
                given="".join(rng.sample(RARE_KANJI, 3)),
                kana_family="".join(rng.choice(KATAKANA) for _ in range(6)),
                kana_given="".join(rng.choice(KATAKANA) for _ in range(5)),
                town=town,
                street=f"{town}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号",
                sex=rng.choice("MF"),
                # 51 to 71 in the fiscal year 2026: every cancer screening but the sex-bound ones
                birth_date=date(1955, 4, 2) + timedelta(days=rng.randrange(20 * 365)),
            )
        )
    return made


def residents_csv(canaries: Iterable[Canary]) -> bytes:
    """The city's register feed for the canaries: built in memory, sent over TLS, never a file."""
    lines = [",".join(CSV_HEADER), *(c.csv_line() for c in canaries)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- the scanner


def encoded(text: str) -> dict[str, bytes]:
    """`text` as the bytes each encoding (and each escape a log or URL uses) would write."""
    forms: dict[str, bytes] = {}
    for encoding in ENCODINGS:
        with contextlib.suppress(UnicodeEncodeError):
            forms[encoding] = text.encode(encoding)
    if not text.isascii():
        escaped = json.dumps(text)[1:-1]  # \uXXXX, as json.dumps and repr(bytes) write it
        forms["json \\u escape"] = escaped.encode("ascii")
        forms["json \\U escape"] = re.sub(
            r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), escaped
        ).encode("ascii")
        quoted = urllib.parse.quote(text, safe="")
        forms["percent-encoded"] = quoted.encode("ascii")
        forms["percent-encoded (lower)"] = re.sub(
            "%[0-9A-F]{2}", lambda m: m.group(0).lower(), quoted
        ).encode("ascii")
    return forms


@dataclass(frozen=True)
class Hit:
    path: str
    label: str
    encoding: str

    def __str__(self) -> str:
        return f"{self.path}: {self.label} ({self.encoding})"


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    excluded: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    entries_seen: int = 0


class Scanner:
    """Finds any of the needles, in any encoding, in files or bytes.

    Hundreds of byte patterns are searched in one pass at tens of MB/s (pure Python): each
    pattern is found through an *anchor*, a few of its bytes starting at a byte value shared
    with many other patterns and rare in files (chosen greedily), and one regular expression
    finds every anchor — a lookahead, so overlapping anchors are all seen; each anchor found
    is then checked against its whole patterns."""

    def __init__(self, needles: Mapping[str, str]) -> None:
        self.patterns: dict[bytes, tuple[str, str]] = {}
        for label, text in needles.items():
            for encoding, pattern in encoded(text).items():
                self.patterns.setdefault(pattern, (label, encoding))
        self.overlap = max(len(p) for p in self.patterns) - 1
        self._anchored: dict[bytes, list[tuple[int, bytes]]] = {}
        for pattern, offset in _anchor_offsets(list(self.patterns)).items():
            anchor = pattern[offset : offset + ANCHOR_BYTES]
            self._anchored.setdefault(anchor, []).append((offset, pattern))
        self._lengths = sorted({len(anchor) for anchor in self._anchored})
        self._regex = _anchor_regex(self._anchored)

    def scan_bytes(self, data: bytes, where: str = "<memory>") -> set[Hit]:
        hits: set[Hit] = set()
        for match in self._regex.finditer(data):
            at = match.start()
            for length in self._lengths:
                for offset, pattern in self._anchored.get(data[at : at + length], ()):
                    if at >= offset and data.startswith(pattern, at - offset):
                        hits.add(Hit(where, *self.patterns[pattern]))
        return hits

    def scan_file(self, path: Path, chunk_bytes: int = CHUNK_BYTES) -> set[Hit]:
        """Read in chunks, each starting `overlap` bytes before the last one ended, so a value
        across a chunk boundary is still found; memory stays flat for any file size."""
        hits: set[Hit] = set()
        tail = b""
        with path.open("rb") as handle:
            while chunk := handle.read(chunk_bytes):
                data = tail + chunk
                hits |= self.scan_bytes(data, str(path))
                tail = data[-self.overlap :]
        return hits

    def scan_files(self, files: Iterable[Path]) -> tuple[list[Hit], list[str]]:
        hits: set[Hit] = set()
        unreadable: list[str] = []
        for path in files:
            try:
                hits |= self.scan_file(path)
            except FileNotFoundError:
                continue  # removed since the walk (another process's temporary file)
            except OSError as error:
                with contextlib.suppress(OSError):
                    if path.stat().st_uid == os.getuid():  # another user's file is theirs
                        unreadable.append(f"{path}: {type(error).__name__}")
        return sorted(hits, key=str), unreadable


ANCHOR_BYTES = 6
MIN_ANCHOR_BYTES = 4


def _byte_weight(value: int) -> float:
    """How often a byte value turns up in files (binaries, text, Japanese text), roughly."""
    if value == 0x00:
        return 40
    if value == 0xFF:
        return 10
    if value in b" \n":
        return 8
    if chr(value).isascii() and chr(value).isalnum():
        return 4
    if value < 0x20:
        return 3
    if value < 0x80 or value == 0xE3:  # E3: the lead byte of all kana in UTF-8
        return 2
    return 1.5 if value <= 0xBF else 1


def _anchor_offsets(patterns: list[bytes]) -> dict[bytes, int]:
    """Where each pattern's anchor starts: greedily, the byte value that starts an anchor in
    the most patterns per unit of weight, until every pattern has one."""

    def starts(pattern: bytes) -> range:
        return range(len(pattern) - min(len(pattern), MIN_ANCHOR_BYTES) + 1)

    having: dict[int, set[bytes]] = {}
    for pattern in patterns:
        for at in starts(pattern):
            having.setdefault(pattern[at], set()).add(pattern)
    chosen: dict[bytes, int] = {}
    left = set(patterns)
    while left:
        value = max(having, key=lambda v: len(having[v] & left) / _byte_weight(v))
        for pattern in having[value] & left:
            chosen[pattern] = next(at for at in starts(pattern) if pattern[at] == value)
        left -= having[value]
    return chosen


def _anchor_regex(anchors: Iterable[bytes]) -> re.Pattern[bytes]:
    """`b(?=rest…)` per first byte: one byte consumed, the rest a trie in a lookahead."""
    trie: dict[int | None, dict] = {}  # type: ignore[type-arg]
    for anchor in anchors:
        node = trie
        for value in anchor:
            node = node.setdefault(value, {})
        node[None] = {}

    def emit(node: dict) -> bytes:  # type: ignore[type-arg]
        if None in node:
            return b""  # an anchor ends here: the shorter one is enough to stop and check
        parts = [re.escape(bytes([v])) + emit(child) for v, child in sorted(node.items())]
        return parts[0] if len(parts) == 1 else b"(?:" + b"|".join(parts) + b")"

    branches = [
        re.escape(bytes([value])) + b"(?=" + emit(child) + b")"
        for value, child in sorted((v, c) for v, c in trie.items() if v is not None)
    ]
    return re.compile(b"|".join(branches))


def changed_files(
    roots: Iterable[Path],
    since: float,
    excluded: Iterable[Path],
    shallow: Iterable[Path] = (),
) -> Walk:
    """Regular files under `roots` (and directly in the `shallow` folders) whose content or
    inode changed at or after `since` (mtime or ctime: a copy that keeps the old mtime still
    has a new ctime). Symbolic links are not followed, pseudo file systems are not walked,
    each file is listed once; `excluded` files (exact paths) are listed apart."""
    skip = {Path(p).resolve() for p in excluded}
    walk = Walk()
    seen: set[tuple[int, int]] = set()
    stack = [(str(Path(r).resolve()), True) for r in roots if r and Path(r).is_dir()]
    stack += [(str(Path(r).resolve()), False) for r in shallow if r and Path(r).is_dir()]
    while stack:
        folder, deep = stack.pop()
        if any(folder == p or folder.startswith(p + os.sep) for p in PSEUDO_ROOTS):
            continue
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            walk.unreadable.append(f"{folder}: {type(error).__name__}")
            continue
        for entry in entries:
            walk.entries_seen += 1
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                if deep:
                    stack.append((entry.path, True))
                continue
            if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            if max(info.st_mtime, info.st_ctime) < since:
                continue
            path = Path(entry.path)
            if path in skip:
                walk.excluded.append(path)
            else:
                walk.files.append(path)
    return walk


# ---------------------------------------------------------------- logs and written files


@contextlib.contextmanager
def every_log_line_to(path: Path) -> Iterator[logging.Handler]:
    """Every logger of this process at DEBUG into `path` (SQLAlchemy keeps its own WARNING
    default, as in production: its INFO level would print statements with their parameters)."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    previous = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        handler.close()


class WrittenFiles:
    """Paths this process opened for writing (Python's audit events: `open`, `os.rename`,
    `os.replace`), so a file written and removed before the scan is not missed silently.
    An audit hook cannot be removed; it records only while `active`."""

    _instance: WrittenFiles | None = None

    def __init__(self) -> None:
        self.active = False
        self.written: set[str] = set()
        self.moved: dict[str, str] = {}
        self.anonymous: list[str] = []  # O_TMPFILE: a file with no name, in this folder

    @classmethod
    def installed(cls) -> WrittenFiles:
        if cls._instance is None:
            cls._instance = cls()
            sys.addaudithook(cls._instance._hook)
        return cls._instance

    def _hook(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active:
            return
        if event == "open" and len(args) >= 3:
            path, mode, flags = args[0], args[1], args[2]
            if not isinstance(path, (str, bytes, os.PathLike)):
                return
            writes = (
                any(c in mode for c in "wax+")
                if isinstance(mode, str)
                else isinstance(flags, int)
                and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND))
            )
            if writes:
                self.written.add(os.fsdecode(os.fspath(path)))  # type: ignore[arg-type]
            tmpfile = getattr(os, "O_TMPFILE", 0)
            if tmpfile and isinstance(flags, int) and flags & tmpfile == tmpfile:
                self.anonymous.append(os.fsdecode(os.fspath(path)))  # type: ignore[arg-type]
        elif event in ("os.rename", "os.replace") and len(args) >= 2:
            source, target = args[0], args[1]
            if isinstance(source, (str, bytes, os.PathLike)) and isinstance(
                target, (str, bytes, os.PathLike)
            ):
                self.moved[os.fsdecode(os.fspath(source))] = os.fsdecode(os.fspath(target))  # type: ignore[arg-type]

    def vanished(self) -> list[str]:
        """Written, then neither kept nor moved to a path that is kept (bytecode caches aside:
        the interpreter's own .pyc files, written from source), and files made without a name."""
        gone = []
        for path in sorted(self.written):
            target = path
            for _ in range(10):
                if target not in self.moved:
                    break
                target = self.moved[target]
            if os.path.exists(target) or f"{os.sep}__pycache__{os.sep}" in path:
                continue
            gone.append(path)
        return gone + [f"{folder} (a file without a name)" for folder in self.anonymous]


# ---------------------------------------------------------------- the crashing desk process

PR_GET_DUMPABLE = 3


def dumpable() -> int:
    """prctl(PR_GET_DUMPABLE): 0 when the kernel will write no core dump of this process."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return int(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def crash_child() -> None:
    """A desk process that works on a canary until it is killed (the parent's signal).

    Its orders come on standard input (the store key and device token with them: no file):
    data_dir, name, keyring entries, the canary's identity, the log and fault file paths.
    The machine keeps core dumps (`ulimit -c unlimited`, as a developer's or a distribution's
    default may): the soft limit is raised to the hard one before the desk starts. It logs at
    DEBUG, dumps Python tracebacks on a fatal signal, and says "ready" on standard output once
    an entry is submitted and it is saving drafts of the next one in a loop.
    """
    import faulthandler
    import resource
    import time

    orders = json.loads(sys.stdin.readline())
    _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
    logging.basicConfig(
        filename=orders["log"],
        level=logging.DEBUG,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    faults = open(orders["faults"], "w", encoding="utf-8")  # noqa: SIM115 - open until death
    faulthandler.enable(faults, all_threads=True)

    from app.bootstrap import build_desk, open_engine
    from app.store.keys import KeyringKeyStore
    from tests.entry_support import PAPER
    from tests.support import PASSWORDS, MemoryKeyring, cheap_hasher

    keyring = MemoryKeyring()
    for service, username, secret in orders["keyring"]:
        keyring.set_password(service, username, secret)
    keys = KeyringKeyStore(keyring)
    data_dir = Path(orders["data_dir"])
    engine = open_engine(data_dir, keys)
    desk = build_desk(
        engine,
        hasher=cheap_hasher(),
        workstation=orders["name"],
        keys=keys,
        data_dir=data_dir,
    )
    identity, comment = orders["identity"], orders["comment"]
    clerk = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    [row] = desk.lookup.search(clerk, text=orders["search"]).rows
    desk.lookup.open_resident(clerk, resident_id=row.id)
    batch_id = desk.entry.create_batch(
        clerk, program_code="colorectal", clinic_code="1312345678", month="2026-07",
        received_count=2,
    )  # fmt: skip
    first = desk.entry.open_form(clerk, batch_id=batch_id, form_no=1)
    values = {**PAPER, "screening_date": "R8.7.1", "comment": comment}
    desk.entry.submit(clerk, entry_id=first.entry_id, identity=identity, values=values)
    second = desk.entry.open_form(clerk, batch_id=batch_id, form_no=2)
    state = {
        "ready": True,
        "batch_id": batch_id,
        "dumpable": dumpable(),
        "core_limit": resource.getrlimit(resource.RLIMIT_CORE)[0],
    }
    round_no = 0
    while True:
        draft = {**values, "comment": f"{comment} {round_no}"}
        desk.entry.save_draft(clerk, entry_id=second.entry_id, identity=identity, values=draft)
        if round_no == 0:
            print(json.dumps(state), flush=True)
        round_no += 1
        time.sleep(0.002)


if __name__ == "__main__":
    crash_child()
