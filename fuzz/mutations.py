"""A mutation fuzzer for `validate`, `loads` and the importers: valid reports, broken at random.

    python fuzz/mutations.py --iterations 100000 --format json [--seed 1]
    python fuzz/mutations.py --iterations 100000 --format xlsx   # also docx, html, pdf

``json``: each iteration takes a valid report, breaks it — a value replaced by arbitrary
JSON, a key dropped or added or doubled, nesting piled up, bytes flipped, cut or inserted
— and feeds the text to `validate` and `loads`; a fifth of the inputs are the report
rendered as Markdown, text or HTML, broken the same way and imported.

``xlsx``, ``docx``, ``html``, ``pdf``: each iteration takes a report rendered in that
format (the PDF written by `tests/helpers/pdf.py`), breaks it — bytes of the file, or
bytes and hostile pieces (huge spans and merged areas, far cells, formulas, DTDs,
nesting, operators, streams) inside the XML, markup or page content — and imports it,
then validates what was imported.

Anything but a result or a documented error (`ReportSyntaxError`, `InvalidReportError`,
`NotAReportError`) is a failure; so is an input taking longer than a second (JSON) or
ten seconds (an import) of the processor's time, and so is running out of memory. The time
is the process's own, not the clock's: on a machine busy with other work the clock also
counts the time the fuzzer waited for a core. The test suite runs a short
round of each format on every build.
"""

from __future__ import annotations

import argparse
import copy
import io
import logging
import os
import random
import resource
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclosure_report import InvalidReportError, ReportSyntaxError, loads, validate  # noqa: E402
from disclosure_report._importing import NotAReportError, import_report  # noqa: E402
from disclosure_report._jsontext import encode  # noqa: E402
from disclosure_report._rendering import render  # noqa: E402
from tests.helpers.documents import sample  # noqa: E402 - the test suite's generator, found above
from tests.helpers.pdf import report_pdf  # noqa: E402 - the test suite's PDF writer

_DEEP = "\u2063deep"
"""Stands for nesting, piled up in the text (encoding it as data would need the recursion)."""

SLOW = 1.0
"""Seconds of processor time one JSON input may take."""
SLOW_IMPORT = 10.0
"""Seconds of processor time one imported document may take (the bound the limits are set
for)."""
FORMATS = ("json", "xlsx", "docx", "html", "pdf")
"""What the fuzzer breaks: JSON reports, or published reports in one format."""

_VALUES: list[Any] = [
    None, True, False, 0, -1, Decimal("3.5"), Decimal("1E+400"), 10**30, "", "3", "—", "\u0000",
    [], {}, [[[]]], {"a": {"b": None}}, "x" * 1000,
]  # fmt: skip


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _set(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = node
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return node


def mutate_structure(document: dict[str, Any], rng: random.Random) -> str:
    paths = _paths(document)
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(paths[1:])
        choice = rng.random()
        try:
            if choice < 0.6:
                document = _set(document, path, copy.deepcopy(rng.choice(_VALUES)))
            elif choice < 0.8:
                parent: Any = document
                for key in path[:-1]:
                    parent = parent[key]
                if isinstance(parent, dict):
                    del parent[path[-1]]
            else:
                document = _set(document, path, _DEEP)
        except (KeyError, IndexError, TypeError):
            continue
        paths = _paths(document)
    text = encode(document, indent=rng.choice([None, 2]))
    depth = rng.choice([10, 1000, 100_000])
    text = text.replace(f'"{_DEEP}"', "[" * depth + "0" + "]" * depth)
    if rng.random() < 0.2:
        key = rng.choice(['"year"', '"total"', '"name"', '"template"'])
        text = text.replace(key + ":", f"{key}: 1, {key}:", 1)
    return text


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(buffer) + 1)
        if choice < 0.4 and buffer:
            buffer[position % len(buffer)] = rng.randrange(256)
        elif choice < 0.7:
            buffer[position:position] = bytes(rng.choice([b"{", b"[", b'"', b",", b"\xff", b"\\u"]))
        else:
            del buffer[position : position + rng.randint(1, 50)]
    return bytes(buffer)


# --- published reports ------------------------------------------------------------------

_XML_PIECES = [
    b'<mergeCell ref="A1:XFD1048576"/>', b'<c r="XFD1048576" t="n"><v>1</v></c>',
    b'<c r="B6"><f>SUM(A1:A9)</f><v>1e20</v></c>', b"<f>1/0</f>", b'<v>1E+999999999</v>',
    b'<w:gridSpan w:val="99999999"/>', b'<w:vMerge/>', b'<w:vMerge w:val="restart"/>',
    b"<w:tr><w:tc><w:p/></w:tc></w:tr>" * 50, b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&a;",
    b"<x>" * 5000, b"</x>", b'<row r="0">', b'<c r="A0">', b's="999"', b't="s"', b"<v>-1</v>",
    b"\xff\xfe", b"<![CDATA[", b"<?xml", b"\x00",
]  # fmt: skip
"""Pieces of hostile XML, put into the members of Word files and workbooks."""

_HTML_PIECES = [
    b"<td rowspan=100 colspan=100>", b"<td rowspan=999999999>", b"<td colspan=-5>",
    b"<table>" * 200, b"</table>", b"<tr>", b"</tr>", b"<td>", b"</td>", b"<br>" * 100,
    b"<script>", b"&#x0;", b"&#xD800;", b"&nbsp;" * 100, b"<th colspan=9" + b"9" * 5000 + b">",
    "一、本年新收政府信息公开申请数量".encode(), b"1E+999999999", b"<!--",
]  # fmt: skip

_PDF_PIECES = [
    b"0 0 1 1 re S\n" * 200, b"q " * 300, b"Q " * 300,
    b"BT /F1 6 Tf <" + b"0001" * 500 + b"> Tj ET", b"/Fm Do", b"1 0 0 1 0 0 cm", b"/F9 12 Tf",
    b"(", b")", b"<", b">", b"[", b"]", b"BI /W 99999 /H 99999 ID", b"EI",
    b"/Filter /LZWDecode", b"/Filter /RunLengthDecode", b"/Filter /CCITTFaxDecode",
    b"/Length 999999999", b"/Count 999999", b"/Kids [1 0 R]", b"9999 0 R", b"endstream",
    b"stream\n" + zlib.compress(b" " * 2**22), b"xref", b"trailer", b"%%EOF",
]  # fmt: skip


def mutate_pieces(data: bytes, pieces: list[bytes], rng: random.Random) -> bytes:
    """`data` with hostile `pieces` put in, and bytes flipped, cut and inserted."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(buffer) + 1)
        if rng.random() < 0.6:
            buffer[position:position] = rng.choice(pieces)
        else:
            buffer[:] = mutate_bytes(bytes(buffer), rng)
    return bytes(buffer)


def mutate_archive(data: bytes, rng: random.Random) -> bytes:
    """A Word file or workbook broken inside: an XML member changed and the archive rebuilt
    (or, now and then, the archive's own bytes broken)."""
    if rng.random() < 0.15:
        return mutate_bytes(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    xml = [name for name in members if name.endswith((".xml", ".rels"))]
    for _ in range(rng.randint(1, 2)):
        name = rng.choice(xml)
        members[name] = mutate_pieces(members[name], _XML_PIECES, rng)
    if rng.random() < 0.05:
        del members[rng.choice(list(members))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def mutate_pdf(data: bytes, rng: random.Random) -> bytes:
    return mutate_pieces(data, _PDF_PIECES, rng)


def mutate_html(data: bytes, rng: random.Random) -> bytes:
    return mutate_pieces(data, _HTML_PIECES, rng)


_MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "xlsx": mutate_archive,
    "docx": mutate_archive,
    "html": mutate_html,
    "pdf": mutate_pdf,
}


def published(form: str, bases: list[dict[str, Any]]) -> list[bytes]:
    """Valid reports in `form`: rendered, or for PDF written by the test suite's writer (both
    compressed and not, so that broken bytes reach the operators too)."""
    reports = [loads(encode(base)) for base in bases]
    if form == "pdf":
        texts = [str(render(report, "txt")) for report in reports]
        return [report_pdf(text, compress=index % 2 == 0) for index, text in enumerate(texts)]
    rendered = [render(report, form) for report in reports]  # type: ignore[arg-type]
    return [item if isinstance(item, bytes) else item.encode("utf-8") for item in rendered]


def _import_and_validate(data: bytes, form: str, folder: Path) -> None:
    path = folder / f"input.{form}"
    path.write_bytes(data)
    imported = import_report(path, format=form)  # type: ignore[arg-type]
    validate(imported.document)


def _json_input(
    rng: random.Random, bases: list[dict[str, Any]], texts: dict[str, list[bytes]]
) -> tuple[bytes, list[Callable[[bytes], object]]]:
    document = rng.choice(bases)
    text = encode(document)
    checks: list[Callable[[bytes], object]] = [validate, loads]
    if rng.random() < 0.2:
        form = rng.choice(list(texts))
        data = mutate_bytes(rng.choice(texts[form]), rng)
        checks = [lambda data, form=form: import_report(data, format=form)]  # type: ignore[misc]
    elif rng.random() < 0.6:
        data = mutate_structure(copy.deepcopy(document), rng).encode("utf-8")
    else:
        data = mutate_bytes(text.encode("utf-8"), rng)
    return data, checks


def _processor_time() -> float:
    """Seconds of processor time of this process and of its children that have ended (the
    workers that read a scan's pages)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(
    iterations: int,
    seed: int,
    report: Callable[[str], None] = print,
    form: str = "json",
    every: int = 0,
) -> int:
    """Run the fuzzer on `iterations` inputs of `form`; the number of failures (each reported).

    With `every`, a line of progress goes to standard error after each `every` inputs.
    """
    rng = random.Random(seed)
    bases = [sample(template, index) for index in range(20) for template in ("2019", "2021")]
    failures = 0
    slowest = 0.0
    start = time.perf_counter()
    texts = {
        kind: [str(render(loads(encode(base)), kind)).encode("utf-8") for base in bases[:6]]
        for kind in ("md", "txt", "html")
    }
    documents = published(form, bases[:6]) if form != "json" else []
    limit = SLOW if form == "json" else SLOW_IMPORT
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        for iteration in range(iterations):
            if form == "json":
                data, checks = _json_input(rng, bases, texts)
            else:
                data = _MUTATORS[form](rng.choice(documents), rng)
                checks = [lambda data: _import_and_validate(data, form, Path(folder))]
            began = _processor_time()
            for check in checks:
                try:
                    check(data)
                except (ReportSyntaxError, InvalidReportError, NotAReportError):
                    pass
                except Exception as error:  # any undocumented exception is what this looks for
                    failures += 1
                    report(
                        f"iteration {iteration}: {type(error).__name__}: {error!r}"[:1000]
                        + f" on {data[:200]!r}"
                    )
            spent = _processor_time() - began
            slowest = max(slowest, spent)
            if spent > limit:
                failures += 1
                report(f"iteration {iteration}: {spent:.2f} s of processor time on {data[:200]!r}")
            if every and (iteration + 1) % every == 0:
                elapsed = time.perf_counter() - start
                print(f"{form}: {iteration + 1} inputs, {failures} failures, {elapsed:.0f} s",
                      file=sys.stderr, flush=True)  # fmt: skip
    total = time.perf_counter() - start
    slowest_ms = slowest * 1000
    report(
        f"{form}: {iterations} inputs in {total:.1f} s, slowest {slowest_ms:.1f} ms of processor "
        "time, "
        f"{failures} failures"
    )
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--every", type=int, default=0, metavar="N", help="progress every N")
    parser.add_argument(
        "--memory", type=int, default=1024, metavar="MIB", help="address space allowed (MiB)"
    )
    arguments = parser.parse_args()
    logging.getLogger().addHandler(logging.NullHandler())  # pdfminer's warnings, unheard
    limit = arguments.memory * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    failures = run(
        arguments.iterations, arguments.seed, form=arguments.format, every=arguments.every
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
