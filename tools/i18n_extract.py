"""(Re)generate the Qt Linguist catalogue resources/translations/kenshin_<lang>.ts.

pyside6-lupdate does not know the desk's `t()`, so this reads the sources itself:
- every literal given to `t("…")` or `N_("…")` in ui/ (the Japanese text is the key);
- the core's fixed messages and words that screens show through `t()` (app/, server/): the
  messages of raised errors, module constants such as role and program names. Messages the
  core composes with a value inside cannot be looked up and are not listed.

Existing translations are kept; new texts are added unfinished; texts no longer in the sources
are kept as "vanished" so a translation is never lost. `--check` changes nothing and fails if
a text is missing from the catalogue or not translated.

    python tools/i18n_extract.py            # update kenshin_en.ts
    python tools/i18n_extract.py --check    # CI: every text translated
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTEXT = "kenshin"
TS_DIR = ROOT / "resources" / "translations"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
MARKERS = {"t", "N_"}
# The core's sources whose fixed messages reach a screen (documents stay Japanese: they are
# printed for residents and clinics).
CORE_SOURCES = ("app/domain", "app/services", "app/sync", "app/store/errors.py", "app/bootstrap.py")
SERVER_SOURCES = ("server",)
# The server's operator commands and the register feed speak to IT staff, never to a desk.
NOT_SHOWN = {
    "server/cli.py",
    "server/commands.py",
    "server/config.py",
    "server/feed_check.py",
    "server/routes_ingest.py",
}
# Module constants here are vocabulary of the paper forms, parsers or demo data, not messages:
# only their raised errors are taken.
NO_CONSTANTS = {
    "app/domain/forms.py",
    "app/domain/identity.py",
    "app/domain/synthetic.py",
    "app/domain/customer_barcode.py",
    "app/domain/kana.py",
    "app/domain/wareki.py",
    "app/domain/programs.py",
    "server/feed_check.py",
    "server/record_rules.py",
}


@dataclass(frozen=True)
class Text:
    source: str
    where: str  # the first file that uses it, relative to the repository
    line: int


def _docstrings(tree: ast.AST) -> set[ast.AST]:
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(first.value)
    return found


def _is_marker(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in MARKERS
    return (
        isinstance(func, ast.Attribute)
        and func.attr in MARKERS
        and isinstance(func.value, ast.Name)
        and func.value.id == "i18n"
    )


def marked_texts(path: Path) -> Iterator[tuple[str, int]]:
    """The literals given to t() or N_() in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_marker(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, first.lineno


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _why_shown(node: ast.AST, parents: dict[ast.AST, ast.AST], module: ast.Module) -> str | None:
    """Why a core literal may reach a screen: raised, an error's own message, a parameter
    default, the label of a (label, value) pair, or a module constant (names, fixed messages)."""
    current = node
    while current in parents:
        parent = parents[current]
        if isinstance(parent, ast.Raise):
            return "raise"
        if isinstance(parent, ast.Tuple) and len(parent.elts) == 2 and parent.elts[0] is node:
            return "label"  # (label, value) pairs such as the home screen's work queue
        if isinstance(parent, ast.Call) and _callee(parent.func) in ("__init__", "_refuse"):
            return "init"  # an error's own message, or a refusal's (eligibility)
        if isinstance(parent, ast.Assign) and _assigns_message(parent):
            return "message"
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            defaults = [*parent.args.defaults, *parent.args.kw_defaults]
            return "default" if current in defaults else None
        if isinstance(parent, ast.Assign | ast.AnnAssign) and parent in module.body:
            return "constant" if _constant_target(parent) else None
        if isinstance(parent, ast.Dict) and current in parent.keys:
            return None
        if isinstance(parent, ast.stmt):
            return None
        current = parent
    return None


def _callee(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _assigns_message(statement: ast.Assign) -> bool:
    return any(
        isinstance(target, ast.Name) and target.id == "message" for target in statement.targets
    )


def _constant_target(statement: ast.Assign | ast.AnnAssign) -> bool:
    target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
    return isinstance(target, ast.Name) and target.id.lstrip("_").isupper()


def core_texts(path: Path, relative: str) -> Iterator[tuple[str, int]]:
    """Fixed Japanese texts of the core that screens show through t()."""
    module = ast.parse(path.read_text(encoding="utf-8"))
    parents, docs = _parents(module), _docstrings(module)
    for node in ast.walk(module):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if node in docs or not JAPANESE.search(text) or "{" in text:
            continue
        if _inside_fstring(node, parents):
            continue  # part of a composed message: it cannot be looked up
        why = _why_shown(node, parents, module)
        if why is None or (why == "constant" and relative in NO_CONSTANTS):
            continue
        yield text, node.lineno


def _inside_fstring(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.JoinedStr):
            return True
    return False


def _python_files(sources: Iterable[str]) -> Iterator[Path]:
    for name in sources:
        path = ROOT / name
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _program_names() -> Iterator[tuple[str, int]]:
    """The city's default programs (胃がん（X線）…): shown in every list of programs."""
    sys.path.insert(0, str(ROOT))
    from app.domain.programs import DEFAULT_PROGRAMS

    for program in DEFAULT_PROGRAMS.values():
        yield program.name_ja, 0


def collect(root: Path = ROOT) -> dict[str, Text]:
    """Every text the catalogue must hold, with where it is first used."""
    found: dict[str, Text] = {}

    def add(items: Iterable[tuple[str, int]], where: str) -> None:
        for source, line in items:
            found.setdefault(source, Text(source, where, line))

    for path in sorted((root / "ui").glob("*.py")):
        add(marked_texts(path), path.relative_to(root).as_posix())
    add(_program_names(), "app/domain/programs.py")
    for path in _python_files((*CORE_SOURCES, *SERVER_SOURCES)):
        relative = path.relative_to(root).as_posix()
        if relative not in NOT_SHOWN:
            add(core_texts(path, relative), relative)
    return found


def ui_texts(root: Path = ROOT) -> set[str]:
    """The literals of t() and N_() in ui/ (what the catalogue test compares)."""
    return {text for path in (root / "ui").glob("*.py") for text, _ in marked_texts(path)}


@dataclass
class Entry:
    translation: str
    finished: bool
    vanished: bool = False


def read_ts(path: Path) -> dict[str, Entry]:
    if not path.exists():
        return {}
    entries: dict[str, Entry] = {}
    catalogue = ET.parse(path)  # noqa: S314 (the repository's own catalogue, not untrusted input)
    for message in catalogue.getroot().iter("message"):
        source = message.findtext("source") or ""
        node = message.find("translation")
        kind = node.get("type", "") if node is not None else "unfinished"
        text = (node.text or "") if node is not None else ""
        entries[source] = Entry(text, kind == "", kind in ("vanished", "obsolete"))
    return entries


def write_ts(path: Path, texts: dict[str, Text], old: dict[str, Entry], language: str) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="ja_JP")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    ordered = sorted(texts.values(), key=lambda text: (text.where, text.line, text.source))
    for text in ordered:
        entry = old.get(text.source, Entry("", False))
        _message(context, text.source, text.where, entry.translation, entry.finished)
    for source in sorted(set(old) - set(texts)):
        if old[source].translation:
            _message(context, source, None, old[source].translation, finished=None)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def _message(
    context: ET.Element, source: str, where: str | None, translation: str, finished: bool | None
) -> None:
    message = ET.SubElement(context, "message")
    if where is not None:
        ET.SubElement(message, "location", filename=f"../../{where}")
    ET.SubElement(message, "source").text = source
    node = ET.SubElement(message, "translation")
    node.text = translation
    if finished is None:
        node.set("type", "vanished")
    elif not finished or not translation:
        node.set("type", "unfinished")


def problems(texts: dict[str, Text], entries: dict[str, Entry]) -> list[str]:
    """Texts missing from the catalogue or still untranslated."""
    found = []
    for source, text in sorted(texts.items()):
        entry = entries.get(source)
        if entry is None or entry.vanished:
            found.append(f"missing: {text.where}: {source!r}")
        elif not entry.finished or not entry.translation:
            found.append(f"untranslated: {text.where}: {source!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", help="language code (kenshin_<lang>.ts)")
    parser.add_argument("--check", action="store_true", help="fail if anything is untranslated")
    args = parser.parse_args(argv)
    path = TS_DIR / f"kenshin_{args.lang}.ts"
    texts, entries = collect(), read_ts(path)
    if args.check:
        found = problems(texts, entries)
        print("\n".join(found) or f"{path.name}: all {len(texts)} texts translated")
        return 1 if found else 0
    language = {"en": "en_US"}.get(args.lang, args.lang)
    write_ts(path, texts, entries, language)
    new = sum(1 for source in texts if source not in entries)
    unfinished = len(problems(texts, read_ts(path)))
    print(f"{path.relative_to(ROOT)}: {len(texts)} texts, {new} new, {unfinished} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
