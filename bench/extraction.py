"""Extraction quality of `articles.extract` on Readability's test pages (hand-cleaned bodies).

For each page: the bag of words of the product's `.text` against the expected article's
(`expected.html`, tags stripped): precision (how much of what we keep is article: the rest is
boilerplate that leaks), recall (how much of the article we keep) and F1, averaged over the
real pages (source ≥ 3 KB gzipped; the smaller ones are synthetic cleaning-rule cases, see
the set's FORMAT.md). Then each `expected.html` fed back in: a clean page of just the article
must come out whole, never refused.

Example:
    .venv/bin/python bench/extraction.py              # table, worst pages, ~1 min
    .venv/bin/python bench/extraction.py --json
    .venv/bin/python bench/extraction.py --smoke      # 15 pages, for CI
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import lxml.html

from articles.extract import extract

REAL_PAGE_BYTES = 3072
# CJK has no spaces: each ideograph or kana is a token there.
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+")


def tokens(text: str) -> Counter[str]:
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def gold_text(expected_html: str) -> str:
    return str(lxml.html.fromstring(expected_html).text_content())


@dataclass(frozen=True)
class Score:
    page: str
    precision: float
    recall: float
    f1: float
    refused: bool


def score(page: str, got: str, gold: str) -> Score:
    mine, truth = tokens(got), tokens(gold)
    common = sum((mine & truth).values())
    precision = common / sum(mine.values()) if mine else 0.0
    recall = common / sum(truth.values()) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(page, precision, recall, f1, not got.strip())


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def run(pages: Path, limit: int | None) -> dict[str, object]:
    cases = sorted(d for d in pages.iterdir() if (d / "expected.html").is_file())[:limit]
    real = [d for d in cases if (d / "source.html.gz").stat().st_size >= REAL_PAGE_BYTES]
    started = time.perf_counter()
    pages_scores = []
    for case in real:
        with gzip.open(case / "source.html.gz") as source:
            html = source.read()
        gold = gold_text((case / "expected.html").read_text("utf-8"))
        pages_scores.append(
            score(case.name, extract(html, url=f"https://{case.name}.example/").text, gold)
        )
    page_seconds = time.perf_counter() - started
    clean_scores = []
    for case in cases:
        expected = (case / "expected.html").read_text("utf-8")
        got = extract(expected, url=f"https://{case.name}.example/").text
        clean_scores.append(score(case.name, got, gold_text(expected)))
    return {
        "pages": len(real),
        "f1": mean([s.f1 for s in pages_scores]),
        "precision": mean([s.precision for s in pages_scores]),
        "recall": mean([s.recall for s in pages_scores]),
        "refused": sum(s.refused for s in pages_scores),
        "seconds_per_page": page_seconds / max(1, len(real)),
        "clean_pages": len(clean_scores),
        "clean_refused": sum(s.refused for s in clean_scores),
        "clean_f1": mean([s.f1 for s in clean_scores]),
        "worst": [asdict(s) for s in sorted(pages_scores, key=lambda s: s.f1)[:8]],
        "clean_worst": [asdict(s) for s in sorted(clean_scores, key=lambda s: s.f1)[:5]],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Token precision, recall and F1 of articles.extract on Readability's test "
        "pages, and whether their clean expected.html pages come out whole.",
        epilog="example:\n  .venv/bin/python bench/extraction.py --shared /work/shared",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--shared", type=Path, default=None, help="the shared/ directory")
    parser.add_argument("--smoke", action="store_true", help="the first 15 pages only")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    pages = corpus.shared_dir(args.shared) / "evaldata" / "html-readability-testpages" / "pages"
    if not pages.is_dir():
        print(f"error: {pages} not found; pass --shared DIR", file=sys.stderr)
        return 2
    result = run(pages, 15 if args.smoke else None)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"articles.extract on {result['pages']} real pages of html-readability-testpages")
    print(f"  token F1 {result['f1']:.3f}  precision {result['precision']:.3f}  "
          f"recall {result['recall']:.3f}  refused {result['refused']}  "
          f"{1000 * float(result['seconds_per_page']):.0f} ms/page")  # type: ignore[arg-type]  # fmt: skip
    print(f"  clean expected.html pages: {result['clean_refused']} of {result['clean_pages']} "
          f"refused, token F1 {result['clean_f1']:.3f}")  # fmt: skip
    print("  worst pages (F1, precision, recall):")
    for s in result["worst"]:  # type: ignore[attr-defined]
        print(f"    {s['page']:<32} {s['f1']:.3f} {s['precision']:.3f} {s['recall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
