"""The pruned top k (index/topk.py) against scoring every match, on the same index and queries.

For each size one BM25Index is built (the product's code, `index.analyze` tokens or raw
words), then every held-out headline is searched twice, once on each path (the product's
topk.MIN_ROWS set to 0, then past the index's size), alternating so that both see the same
machine state. The two answers must be equal, ids and scores bitwise; the script exits 1 if
any differs. This is the measurement behind topk.MIN_ROWS: below it, search scores every
match.

Example:
    python bench/pruning.py --sizes 100000,300000,1000000
    python bench/pruning.py --sizes 1000000 --tokens raw
    python bench/pruning.py --smoke          # 2,000 passages, 20 queries: what CI runs
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from index import BM25Index, topk

K = 10
NEVER = 1 << 62  # MIN_ROWS past any index: every match scored


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,300000,1000000", help="passage counts")
    parser.add_argument("--tokens", choices=("analyzed", "raw"), default="analyzed")
    parser.add_argument("--queries", type=int, default=200, help="held-out headlines to run")
    parser.add_argument("--smoke", action="store_true", help="2,000 passages, 20 queries (CI)")
    parser.add_argument("--shared", type=Path, default=None, help="shared dir with evaldata/")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    return parser.parse_args(argv)


def timed(
    index: BM25Index, query: list[str], min_rows: int
) -> tuple[float, list[tuple[int, float]]]:
    topk.MIN_ROWS = min_rows
    start = time.perf_counter()
    hits = index.search(query, K)
    return (time.perf_counter() - start) * 1000, hits


def run_size(source: corpus.Source, size: int, n_queries: int, min_rows: int) -> dict[str, object]:
    """Both paths on one index of `size` passages; `min_rows` is the product's setting."""
    tokens = corpus.passage_tokens(source, corpus.passage_plan(source, size))
    queries = [q for q in (source.tokens(t) for t in source.queries) if q][:n_queries]
    warm = BM25Index()  # load the compiled kernels first: the first query times the maxima
    warm.add_many([(0, ["a", "b"]), (1, ["b"])])
    timed(warm, ["a"], 0)
    index = BM25Index()
    index.add_many(enumerate(tokens))
    first_ms, _ = timed(index, queries[0], 0)  # computes the block maxima
    timed(index, queries[0], NEVER)
    pruned, every, differ = [], [], 0
    for query in queries:
        a_ms, a = timed(index, query, 0)
        b_ms, b = timed(index, query, NEVER)
        pruned.append(a_ms)
        every.append(b_ms)
        differ += a != b
    row: dict[str, object] = {"size": size, "queries": len(queries), "differ": differ}
    for name, times in (("pruned", pruned), ("every match", every)):
        row[name] = {
            "p50_ms": float(np.percentile(times, 50)),
            "p95_ms": float(np.percentile(times, 95)),
        }
    row["first_query_ms"] = first_ms
    row["product_path"] = "pruned" if size >= min_rows else "every match"
    return row


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    reuters = corpus.shared_dir(args.shared) / "evaldata" / "news-reuters21578"
    if not reuters.is_dir():
        print(
            f"error: {reuters} not found; pass --shared DIR or set ARTICLEBOT_SHARED_DIR",
            file=sys.stderr,
        )
        return 2
    try:
        sizes = [2_000] if args.smoke else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    except ValueError:
        print(f"error: --sizes {args.sizes!r} is not a list of integers, e.g. 100000,1000000",
              file=sys.stderr)  # fmt: skip
        return 2
    n_queries = 20 if args.smoke else args.queries
    source = corpus.load_source(reuters)
    source.tokenizer = args.tokens
    if max(sizes) > len(source.passages):
        source.tokenize_all(corpus.default_cache_dir())
    default = topk.MIN_ROWS
    rows = []
    try:
        for size in sizes:
            print(f"  {size:,} ...", file=sys.stderr, flush=True)
            rows.append(run_size(source, size, n_queries, default))
    finally:
        topk.MIN_ROWS = default
    if args.json:
        print(json.dumps({"tokens": args.tokens, "min_rows": default, "results": rows}, indent=2))
    else:
        print(report(rows, args.tokens, default))
    return 1 if any(row["differ"] for row in rows) else 0


def report(rows: list[dict[str, object]], tokens: str, min_rows: int) -> str:
    lines = [
        f"Reuters-21578 passages, {tokens} tokens, top {K}, one thread; each query on both "
        f"paths in turn. The product prunes from {min_rows:,} rows (topk.MIN_ROWS).",
        "",
        "| passages | pruned p50 / p95 ms | every match p50 / p95 ms | p95 ratio | differ |"
        " first pruned query ms (block maxima) | product |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        a, b = row["pruned"], row["every match"]
        assert isinstance(a, dict) and isinstance(b, dict)
        lines.append(
            f"| {row['size']:,} | {a['p50_ms']:.2f} / {a['p95_ms']:.2f} | "
            f"{b['p50_ms']:.2f} / {b['p95_ms']:.2f} | {a['p95_ms'] / b['p95_ms']:.2f} | "
            f"{row['differ']} of {row['queries']} | {row['first_query_ms']:.0f} | "
            f"{row['product_path']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
