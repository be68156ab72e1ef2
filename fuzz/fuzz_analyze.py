"""Fuzz the analyser (and the translation comparison, when present) for crashes and broken invariants.

Run with atheris (optional, see fuzz/README.md):

    python fuzz/fuzz_analyze.py fuzz/corpus -max_total_time=600

Replay the regression corpus without atheris (this is what tests/test_robustness.py does):

    python fuzz/fuzz_analyze.py --replay fuzz/corpus

Each input is read three ways, chosen by its first byte: as a file's bytes (through rhetoric.reading.decode),
as arbitrary code points (surrogates included), and as a sequence of tokens drawn from the seed text and
from the characters that trip text processing up (quotation marks, dashes, invisible and control characters).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import traceback
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if __name__ == "__main__" and "--replay" not in sys.argv:
    # Coverage feedback for the project's own code only, loaded in full now so later edits cannot mix versions.
    import atheris

    with atheris.instrument_imports(include=["rhetoric"]):
        import rhetoric.compare
        import rhetoric.report
        import rhetoric.rules.kinds

        rhetoric.analyze("Load every rule before fuzzing “starts”.")

import rhetoric  # noqa: E402
from rhetoric.findings import CATEGORIES, Report  # noqa: E402
from rhetoric.reading import InputError, decode  # noqa: E402
from rhetoric.render import page  # noqa: E402
from rhetoric.text import Document  # noqa: E402

try:
    from rhetoric.compare import compare, format_table, html_page
except ImportError:  # the comparison is optional here
    compare = None


SPECIAL = ('"', "'", "“", "”", "‘", "’", "„", "‚", "«", "»", "‹", "›", "–", "—", "-", "‐", "…", ".", "!", "?",
           ",", ":", ";", "(", ")", "[", "]", " ", " ", " ", "\u00a0", "\u202f", "\t", "\n", "\r", "\r\n",
           "\n\n", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\u200b", "\u200d", "\ufeff",
           "\u0301", "\u0308", "😀", "👍🏽", "𝔘", "𠀀", "№", "'s", "n't", " 'n' ", "'90s", "so-called", "Ермак",
           "«Киевский договор»", "ё", "A.", "Mr.", "U.S.")
SEED = ROOT / "data" / "texts" / "seed.txt"
WORDS = tuple(dict.fromkeys(SEED.read_text(encoding="utf-8").split())) if SEED.exists() else ()
TOKENS = SPECIAL + WORDS
CRASH_DIR = Path(os.environ.get("RHETORIC_FUZZ_CRASHES", "fuzz-crashes"))


def texts_of(data: bytes) -> list[str]:
    """The texts one fuzz input stands for (none when the bytes are not a readable file)."""
    if not data:
        return [""]
    mode, body = data[0] % 3, data[1:]
    if mode == 0:
        try:
            return [decode(body).text]
        except InputError as e:
            assert "\n" not in str(e), f"error message spans lines: {e!r}"
            return []
    if mode == 1:
        # Two bytes a code point, surrogates included: any str a Python caller can hand over.
        return ["".join(chr(int.from_bytes(body[i:i + 2], "little") * 17 % 0x110000)
                        for i in range(0, len(body) - 1, 2))]
    return ["".join(TOKENS[int.from_bytes(body[i:i + 2], "little") % len(TOKENS)] for i in range(0, len(body) - 1, 2))]


def check_text(text: str, with_compare: bool = True) -> None:
    """The invariants every analysis keeps, whatever the text."""
    report = rhetoric.analyze(text)
    keys = [f.key for f in report]
    assert keys == sorted(keys), "findings out of order"
    for f in report:
        assert text[f.start:f.end] == f.text, f"span mismatch in {f.rule}"
    jsonl = report.to_jsonl()
    assert jsonl == rhetoric.analyze(text).to_jsonl(), "same input, different output"
    assert all(json.loads(line)["text"] == f.text for line, f in zip(jsonl.splitlines(), report, strict=True))
    assert Report.from_jsonl(text, jsonl).findings == report.findings, "JSONL does not read back"
    check_shift(text)
    cat = tuple(CATEGORIES)[len(text) % len(CATEGORIES)]
    assert rhetoric.analyze(text, cat).findings == report.filter(cat).findings, f"--only {cat} differs"
    assert shown_text(page(report)) == text, "HTML does not show the text exactly"
    if compare is not None and with_compare:
        # The text against itself with its paragraphs reversed: sentences to align, findings to carry over.
        other = "\n\n".join(reversed(text.split("\n\n")))
        if not text.strip("\r\n"):  # no paragraph on either side: a clear refusal, not a crash
            try:
                compare([("a", text), ("b", other)], paired_tests=False)
            except ValueError as e:
                assert str(e).startswith("nothing to compare"), e
                return
            raise AssertionError("two empty texts were compared")
        result = compare([("a", text), ("b", other)], paired_tests=False)
        json.dumps(result.to_dict())
        format_table(result)
        html_page(result)


class _Shown(HTMLParser):
    """Collects the character data inside the report's text block, as a browser would show it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth or ("class", "rh-text") in attrs:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def shown_text(html: str) -> str:
    """The text an HTML report displays; equal to the analysed text iff everything was escaped."""
    parser = _Shown()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def check_shift(text: str, prefix: str = "Intro.\n\n") -> None:
    """The text layer is paragraph-local: after a paragraph and a blank line, everything only shifts."""
    alone, inside, k = Document(text), Document(prefix + text), len(prefix)
    assert [(q.start + k, q.end + k, q.depth) for q in alone.quotations] == [
        (q.start, q.end, q.depth) for q in inside.quotations if q.start >= k], "quotations move"
    assert [u + k for u in alone.unmatched] == [u for u in inside.unmatched if u >= k], "unmatched marks move"
    assert [(a + k, b + k) for a, b in alone.sentences] == [s for s in inside.sentences if s[0] >= k], \
        "sentences move"


def check(data: bytes) -> None:
    """One fuzz input: every text it stands for must pass check_text (compared with a variant one time in four)."""
    for text in texts_of(data):
        check_text(text, with_compare=data[-1:] in (b"", b"\x00") or data[-1] % 4 == 0)


def _record(data: bytes) -> None:
    """Keep a crashing input and its traceback, then go on fuzzing."""
    CRASH_DIR.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    (CRASH_DIR / f"crash-{name}").write_bytes(data)
    (CRASH_DIR / f"crash-{name}.txt").write_text(traceback.format_exc(), encoding="utf-8")
    print(f"CRASH crash-{name}: {traceback.format_exc().strip().splitlines()[-1]}", file=sys.stderr, flush=True)


def keep_going(data: bytes) -> None:
    """The atheris target: record failures instead of stopping, so one run finds more than one bug."""
    try:
        check(data)
    except Exception:  # noqa: BLE001  (every failure is a finding of the fuzzer)
        _record(data)


def replay(folder: Path) -> int:
    """Run every file of a corpus folder through check; the number of failures is the exit status."""
    failures = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith((".txt", ".md"))):
        try:
            check(path.read_bytes())
        except Exception:  # noqa: BLE001
            failures += 1
            print(f"{path.name}: {traceback.format_exc().strip().splitlines()[-1]}", file=sys.stderr)
    print(f"replayed corpus: {failures} failures", file=sys.stderr)
    return min(failures, 1)


def main() -> None:
    """Replay a corpus (`--replay FOLDER`), or fuzz with libFuzzer's command-line options."""
    if len(sys.argv) == 3 and sys.argv[1] == "--replay":
        sys.exit(replay(Path(sys.argv[2])))
    atheris.Setup(sys.argv, keep_going)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
