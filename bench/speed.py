"""Speed and memory of our BM25 index next to rank-bm25, bm25s, tantivy and SQLite FTS5.

Every engine gets the same tokens: `index.analyze` output of Reuters-21578 passages (or with
--tokens raw, lower-cased words with stop words kept; see
bench/corpus.py). For tantivy and FTS5 each distinct token is mapped one-to-one to an ASCII
code word ("w" + base-36 id), so neither engine's own tokenizer can split, fold or stem it.

Example:
    python bench/speed.py --sizes 10000,100000 --queries 200
    python bench/speed.py --smoke            # 2,000 passages, 20 queries: what CI runs
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from index import BM25Index, load_index, save_index, topk

ENGINES = ("ours", "rank-bm25", "bm25s", "tantivy", "fts5")
RANK_BM25_MAX_SIZE = 100_000  # beyond this a single build takes minutes and GBs
RANK_BM25_MAX_QUERIES = 30  # 0.25 s per query at 100k: a cap keeps a run short
ADD_BATCH = 1_000
REBUILD_MAX_SIZE = 100_000  # engines without incremental add rebuild; past this, skipped
K = 10
Hits = list[int]


class Engine(Protocol):
    name: str
    memory_method: str

    def build(self, tokens: Sequence[list[str]]) -> None: ...
    def add(self, first_id: int, tokens: Sequence[list[str]]) -> None: ...
    def search(self, query: list[str]) -> Hits: ...


# ---------------------------------------------------------------- engines


class Ours:
    name, memory_method = "ours", "tracemalloc"

    def __init__(self) -> None:
        self.index = BM25Index()
        self.last: list[tuple[int, float]] = []

    def build(self, tokens: Sequence[list[str]]) -> None:
        self.index = BM25Index()
        self.index.add_many(enumerate(tokens))

    def add(self, first_id: int, tokens: Sequence[list[str]]) -> None:
        self.index.add_many(enumerate(tokens, first_id))

    def search(self, query: list[str]) -> Hits:
        self.last = self.index.search(query, K)
        return [doc_id for doc_id, _ in self.last]

    def restart_notes(self, size: int, queries: Sequence[list[str]]) -> list[str]:
        """What a restart costs: the index (`size` passages, then ADD_BATCH more) saved,
        loaded as the product loads it (every file's checksum verified), and its first
        query, which computes the block maxima where pruning runs (index/topk.MIN_ROWS)."""
        with tempfile.TemporaryDirectory() as tmp:
            save_index(self.index, Path(tmp))
            start = time.perf_counter()
            loaded = load_index(Path(tmp)).index
            load_s = time.perf_counter() - start
            start = time.perf_counter()
            first = loaded.search(queries[0], K)
            first_s = time.perf_counter() - start
            same = first == self.index.search(queries[0], K)
        maxima = ", the block maxima of its terms" if len(self.index) >= topk.MIN_ROWS else ""
        return [
            f"ours at {size:,}: load of the saved index {load_s:.2f} s (target < 2 s at 1M); "
            f"its first query {first_s * 1000:.0f} ms (numba compiles the kernels for "
            f"memory-mapped, read-only arrays once per install{maxima}); same top 10 as "
            f"before the save: {same}"
        ]


class RankBM25:
    name, memory_method = "rank-bm25", "tracemalloc"

    def __init__(self) -> None:
        from rank_bm25 import BM25Okapi

        self._cls = BM25Okapi
        self.model: Any = None
        self.corpus: list[list[str]] = []
        self.last: list[tuple[int, float]] = []

    def build(self, tokens: Sequence[list[str]]) -> None:
        self.corpus = list(tokens)
        self.model = self._cls(self.corpus)

    def add(self, first_id: int, tokens: Sequence[list[str]]) -> None:
        self.build(self.corpus + list(tokens))  # no incremental add: a full rebuild

    def search(self, query: list[str]) -> Hits:
        scores = self.model.get_scores(query)
        # Best first, ties by smaller id: the same order our index promises.
        order = np.lexsort((np.arange(len(scores)), -scores))[:K]
        self.last = [(int(i), float(scores[i])) for i in order]
        return [i for i, _ in self.last]


class BM25S:
    name, memory_method = "bm25s", "tracemalloc"

    def __init__(self) -> None:
        import bm25s

        self._bm25s = bm25s
        self.model: Any = None
        self.corpus: list[list[str]] = []

    def build(self, tokens: Sequence[list[str]]) -> None:
        self.corpus = list(tokens)
        # robertson = rank-bm25's Okapi idf form (ENGINE-NOTES measured this one too)
        # backend="numpy": with numba installed (ours needs it) bm25s picks its numba backend,
        # which ignores backend_selection and answered single queries 2-5x slower here.
        self.model = self._bm25s.BM25(method="robertson", k1=1.5, b=0.75, backend="numpy")
        self.model.index(self.corpus, show_progress=False)

    def add(self, first_id: int, tokens: Sequence[list[str]]) -> None:
        self.build(self.corpus + list(tokens))  # no incremental add: a full rebuild

    def search(self, query: list[str]) -> Hits:
        vocab = self.model.vocab_dict
        ids = [vocab[t] for t in query if t in vocab]  # bm25s rejects unknown tokens
        if not ids:
            return []
        docs, _ = self.model.retrieve(
            [ids], k=K, show_progress=False, n_threads=1, backend_selection="numpy"
        )
        return [int(d) for d in docs[0]]


class Coder:
    """One-to-one map token → ASCII code word, so native tokenizers keep tokens intact."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def code(self, token: str) -> str:
        found = self.codes.get(token)
        if found is None:
            found = self.codes[token] = "w" + np.base_repr(len(self.codes), 36).lower()
        return found

    def text(self, tokens: Sequence[str]) -> str:
        return " ".join(map(self.code, tokens))

    def known(self, tokens: Sequence[str]) -> list[str]:
        return [self.codes[t] for t in tokens if t in self.codes]


class Tantivy:
    name, memory_method = "tantivy", "RSS delta"

    def __init__(self) -> None:
        import tantivy

        self._t = tantivy
        self.coder = Coder()
        self.index: Any = None
        self.searcher: Any = None

    def build(self, tokens: Sequence[list[str]]) -> None:
        t = self._t
        schema = t.SchemaBuilder()
        schema.add_integer_field("id", stored=True, indexed=False)  # i64: u64 panics
        schema.add_text_field("body", stored=False, tokenizer_name="default")
        self.index = t.Index(schema.build())  # in RAM
        self.add(0, tokens)

    def add(self, first_id: int, tokens: Sequence[list[str]]) -> None:
        writer = self.index.writer(heap_size=256_000_000, num_threads=1)
        for i, doc in enumerate(tokens, first_id):
            writer.add_document(self._t.Document(id=i, body=self.coder.text(doc)))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, query: list[str]) -> Hits:
        t = self._t
        terms = [
            (t.Occur.Should, t.Query.term_query(self.index.schema, "body", code))
            for code in self.coder.known(query)
        ]
        if not terms:
            return []
        hits = self.searcher.search(t.Query.boolean_query(terms), K).hits
        return [int(self.searcher.doc(address)["id"][0]) for _, address in hits]


class FTS5:
    name, memory_method = "fts5", "RSS delta"

    def __init__(self) -> None:
        self.coder = Coder()
        self.db = sqlite3.connect(":memory:")

    def build(self, tokens: Sequence[list[str]]) -> None:
        self.db.close()
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(body)")
        self.add(0, tokens)

    def add(self, first_id: int, tokens: Sequence[list[str]]) -> None:
        rows = ((i, self.coder.text(doc)) for i, doc in enumerate(tokens, first_id))
        with self.db:
            self.db.executemany("INSERT INTO p(rowid, body) VALUES (?, ?)", rows)

    def search(self, query: list[str]) -> Hits:
        codes = self.coder.known(query)
        if not codes:
            return []
        # MATCH is AND by default, and a bare token can read as query syntax: quote, OR.
        match = " OR ".join(f'"{c}"' for c in codes)
        sql = "SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?"
        return [row[0] for row in self.db.execute(sql, (match, K))]


FACTORIES: dict[str, tuple[str, Callable[[], Engine]]] = {
    "ours": ("numpy", Ours),
    "rank-bm25": ("rank_bm25", RankBM25),
    "bm25s": ("bm25s", BM25S),
    "tantivy": ("tantivy", Tantivy),
    "fts5": ("sqlite3", FTS5),
}


# ---------------------------------------------------------------- measuring


@dataclass
class Result:
    engine: str
    size: int
    build_s: float | None = None
    add_s: float | None = None
    add_note: str = ""
    memory_bytes: int | None = None
    memory_method: str = ""
    p50_ms: float | None = None
    p95_ms: float | None = None
    n_queries: int = 0
    overlap: float | None = None  # mean share of ours' top 10 this engine also returns
    hits: list[Hits] = field(default_factory=list, repr=False)
    notes: list[str] = field(default_factory=list, repr=False)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def settle() -> None:
    """Collect garbage and hand freed heap back to the OS, so an RSS delta is the index's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: skip the trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def traced_build(make: Callable[[], Engine], tokens: Sequence[list[str]]) -> int:
    """Bytes held by a fresh build, under tracemalloc (a second build: tracing slows it)."""
    settle()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        engine = make()
        engine.build(tokens)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    del engine
    return held


def latencies(engine: Engine, queries: Sequence[list[str]]) -> tuple[list[float], list[Hits]]:
    engine.search(queries[0])  # warm caches and lazy setup; not timed
    times, hits = [], []
    for query in queries:
        start = time.perf_counter()
        found = engine.search(query)
        times.append((time.perf_counter() - start) * 1000)
        hits.append(found)
    return times, hits


def measure(
    name: str,
    make: Callable[[], Engine],
    tokens: Sequence[list[str]],
    extra: Sequence[list[str]],
    queries: Sequence[list[str]],
) -> Result:
    size = len(tokens)
    result = Result(name, size)
    settle()
    rss0 = rss_bytes()
    engine = make()
    start = time.perf_counter()
    engine.build(tokens)
    result.build_s = time.perf_counter() - start
    settle()
    if engine.memory_method == "tracemalloc":
        result.memory_bytes = traced_build(make, tokens)
    else:
        result.memory_bytes = rss_bytes() - rss0
    result.memory_method = engine.memory_method

    times, result.hits = latencies(engine, queries)
    result.p50_ms = float(np.percentile(times, 50))
    result.p95_ms = float(np.percentile(times, 95))
    result.n_queries = len(queries)

    rebuilds = name in ("rank-bm25", "bm25s")
    if rebuilds and size > REBUILD_MAX_SIZE:
        result.add_note = "full rebuild, not run"
    else:
        start = time.perf_counter()
        engine.add(size, extra)
        result.add_s = time.perf_counter() - start
        result.add_note = "full rebuild" if rebuilds else ""
    if isinstance(engine, Ours):
        result.notes += engine.restart_notes(size, queries)
    return result


def exact_check(ours: Ours, rank: RankBM25, queries: Sequence[list[str]]) -> tuple[int, int]:
    """Queries on which our top 10 (ids and scores, bitwise) equals rank-bm25's."""
    same = 0
    for query in queries:
        ours.search(query)
        rank.search(query)
        # rank-bm25 ranks every document; ours lists only those matching a query term.
        same += ours.last == [(i, s) for i, s in rank.last if s != 0.0]
    return same, len(queries)


# ---------------------------------------------------------------- running


@dataclass
class Run:
    sizes: list[int]
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exact: dict[int, tuple[int, int]] = field(default_factory=dict)


def available(names: Sequence[str], notes: list[str]) -> list[str]:
    usable = []
    for name in names:
        module = FACTORIES[name][0]
        if importlib.util.find_spec(module) is None:
            notes.append(f"{name}: skipped, module {module!r} is not installed")
        else:
            usable.append(name)
    return usable


def run_size(
    run: Run, source: corpus.Source, size: int, engines: Sequence[str], n_queries: int
) -> None:
    plan = corpus.passage_plan(source, size + ADD_BATCH)
    all_tokens = corpus.passage_tokens(source, plan)
    tokens, extra = all_tokens[:size], all_tokens[size:]
    queries = [q for q in (source.tokens(t) for t in source.queries) if q][:n_queries]
    # Native engines first: their RSS deltas are cleanest before Python heaps churn.
    order = sorted(engines, key=lambda e: e not in ("tantivy", "fts5"))
    for name in order:
        if name == "rank-bm25" and size > RANK_BM25_MAX_SIZE:
            run.notes.append(f"rank-bm25: skipped at {size:,} (> {RANK_BM25_MAX_SIZE:,})")
            continue
        qs = queries[:RANK_BM25_MAX_QUERIES] if name == "rank-bm25" else queries
        print(f"  {size:,} {name} ...", file=sys.stderr, flush=True)
        try:
            result = measure(name, FACTORIES[name][1], tokens, extra, qs)
            run.results.append(result)
            run.notes += result.notes
        except Exception as error:  # one engine failing must not lose the others' numbers
            run.notes.append(f"{name} at {size:,}: failed: {type(error).__name__}: {error}")
        settle()
    add_overlap(run, size)
    if "ours" in engines and "rank-bm25" in engines and size <= RANK_BM25_MAX_SIZE:
        ours, rank = Ours(), RankBM25()
        ours.build(tokens)
        rank.build(tokens)
        run.exact[size] = exact_check(ours, rank, queries[:RANK_BM25_MAX_QUERIES])


def add_overlap(run: Run, size: int) -> None:
    """Top-10 agreement with ours: a sanity check that each engine's query path works
    (tantivy and FTS5 score differently, so theirs is high but not 1)."""
    ours = find(run, "ours", size)
    if ours is None:
        return
    for result in run.results:
        if result.size != size:
            continue
        shares = [
            len(set(mine) & set(theirs)) / len(mine)
            for mine, theirs in zip(ours.hits, result.hits, strict=False)
            if mine
        ]
        result.overlap = sum(shares) / len(shares) if shares else None


def find(run: Run, engine: str, size: int) -> Result | None:
    return next((r for r in run.results if r.engine == engine and r.size == size), None)


def fmt(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}g}" if value < 1000 else f"{value:,.0f}"


def table(run: Run) -> list[str]:
    lines = [
        "| engine | passages | build s | add 1,000 s | index MB (B/passage) | memory by |"
        " p50 ms | p95 ms | queries | top-10 ∩ ours |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in run.results:
        add = fmt(r.add_s) + (f" ({r.add_note})" if r.add_note else "")
        mem = "—"
        if r.memory_bytes is not None:
            mem = f"{r.memory_bytes / 1e6:,.1f} ({r.memory_bytes / r.size:,.0f})"
        lines.append(
            f"| {r.engine} | {r.size:,} | {fmt(r.build_s)} | {add} | {mem} | {r.memory_method}"
            f" | {fmt(r.p50_ms)} | {fmt(r.p95_ms)} | {r.n_queries} | {fmt(r.overlap, 2)} |"
        )
    return lines


def ratio(a: Result | None, b: Result | None) -> str:
    if not (a and b and a.p50_ms and b.p50_ms):
        return "n/a"
    return (
        f"{b.p50_ms / a.p50_ms:.1f}× faster"
        if b.p50_ms >= a.p50_ms
        else (f"{a.p50_ms / b.p50_ms:.1f}× slower")
    )


def targets(run: Run) -> list[str]:
    lines = []
    for size in run.sizes:
        ours = find(run, "ours", size)
        if ours is None:
            continue
        tag = "  (target size)" if size in (100_000, 1_000_000) else ""
        lines.append(f"at {size:,}{tag}:")
        lines.append(
            f"  ours p50 vs bm25s: {ratio(ours, find(run, 'bm25s', size))} "
            "(target ≥ 5× faster at 100k, raw tokens)"
        )
        lines.append(
            f"  ours p50 vs rank-bm25: {ratio(ours, find(run, 'rank-bm25', size))} "
            "(target ≥ 500× faster at 100k, raw tokens)"
        )
        tan = find(run, "tantivy", size)
        if tan and tan.p50_ms and ours.p50_ms and tan.p95_ms and ours.p95_ms:
            lines.append(
                f"  ours / tantivy: p50 {ours.p50_ms / tan.p50_ms:.2f}, p95 "
                f"{ours.p95_ms / tan.p95_ms:.2f} (target ≤ 1 for both at 1M)"
            )
        if ours.p50_ms is not None:
            ok = "met" if ours.p50_ms < 20 else "MISSED"
            lines.append(f"  ours p50 {ours.p50_ms:.2f} ms (target < 20 ms at 1M): {ok}")
        if ours.add_s is not None:
            ok = "met" if ours.add_s < 1 else "MISSED"
            lines.append(f"  ours add 1,000: {ours.add_s:.3f} s (target < 1 s): {ok}")
        if ours.memory_bytes is not None:
            per = ours.memory_bytes / size
            ok = "met" if per <= 1024 else "MISSED"
            lines.append(f"  ours memory {per:,.0f} B/passage (target ≤ 1,024): {ok}")
        if size in run.exact:
            same, total = run.exact[size]
            lines.append(f"  exactness: ours top-10 == rank-bm25 top-10 on {same}/{total}")
    return lines


def report(run: Run, header: str) -> str:
    parts = [header, "", *table(run), "", *targets(run)]
    if run.notes:
        parts += ["", "notes:", *(f"  {n}" for n in run.notes)]
    return "\n".join(parts)


# ---------------------------------------------------------------- CLI


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Index build, incremental add, memory and query latency of BM25 engines.",
        epilog="example: python bench/speed.py --sizes 10000,100000 --engines ours,bm25s",
    )
    parser.add_argument("--sizes", default="10000,100000", help="passage counts, comma-separated")
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help="subset of " + ",".join(ENGINES)
    )
    parser.add_argument("--queries", type=int, default=200, help="held-out headlines to run")
    parser.add_argument("--smoke", action="store_true", help="2,000 passages, 20 queries (CI)")
    parser.add_argument("--shared", type=Path, default=None, help="shared dir with evaldata/")
    parser.add_argument(
        "--tokens",
        choices=("analyzed", "raw"),
        default="analyzed",
        help="analyzed: the product's terms (default); raw: lower-cased words, stop words "
        "kept, as a user types them to an engine without an analyzer",
    )
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    reuters = corpus.shared_dir(args.shared) / "evaldata" / "news-reuters21578"
    if not reuters.is_dir():
        print(
            f"error: {reuters} not found; pass --shared DIR or set ARTICLEBOT_SHARED_DIR to "
            "the directory holding evaldata/news-reuters21578",
            file=sys.stderr,
        )
        return 2
    sizes = [2_000] if args.smoke else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    n_queries = 20 if args.smoke else args.queries
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(wanted) - set(ENGINES))
    if unknown:
        print(f"error: unknown engines {unknown}; choose from {ENGINES}", file=sys.stderr)
        return 2
    run = Run(sizes)
    engines = available(wanted, run.notes)
    source = corpus.load_source(reuters)
    source.tokenizer = args.tokens
    run.notes.append(f"tokens: {args.tokens}")
    if "ours" in engines:
        run.notes.append(first_query_note())
    if max(sizes) + ADD_BATCH > len(source.passages):  # synthetic passages use every sentence
        source.tokenize_all(corpus.default_cache_dir())
    for size in sizes:
        run_size(run, source, size, engines, n_queries)
    if args.json:
        out = {
            "sizes": sizes,
            "results": [{k: v for k, v in asdict(r).items() if k != "hits"} for r in run.results],
            "exact": {str(k): list(v) for k, v in run.exact.items()},
            "notes": run.notes,
        }
        print(json.dumps(out, indent=2))
    else:
        print(report(run, header(source, n_queries)))
    return 0


def first_query_note() -> str:
    """What the first search of a new process costs: the compiled kernels (index/kernels.py,
    the pruned path's too) compiled (an empty numba cache: a new install) and loaded from
    the cache (every later start), each in a fresh interpreter over a 2,000-passage index;
    the block maxima of a large index come on top (see Ours.restart_notes)."""
    script = (
        "import time, random\n"
        "from index import BM25Index, topk\n"
        "topk.MIN_ROWS = 0  # the pruned path's kernels too, as a large index runs them\n"
        "rng = random.Random(1)\n"
        "words = [f'w{i}' for i in range(500)]\n"
        "index = BM25Index()\n"
        "index.add_many((i, rng.choices(words, k=60)) for i in range(2000))\n"
        "started = time.perf_counter()\n"
        "index.search(['w1', 'w2'], 10)\n"
        "first = time.perf_counter() - started\n"
        "started = time.perf_counter()\n"
        "index.search(['w3', 'w4'], 10)\n"
        "print(first, time.perf_counter() - started)\n"
    )
    root = str(Path(__file__).resolve().parent.parent)
    timings = []
    with tempfile.TemporaryDirectory(prefix="articlebot-numba-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache, "PYTHONPATH": root}
        for _ in ("compile", "cached"):
            done = subprocess.run(
                [sys.executable, "-c", script], env=env, capture_output=True, text=True,
                check=True, cwd=root,
            )  # fmt: skip
            first, second = (float(x) for x in done.stdout.split())
            timings.append((first, second))
    (compiled, later), (cached, _) = timings
    return (
        f"ours, first query of a process: {compiled * 1000:.0f} ms with an empty kernel cache "
        f"(a new install compiles), {cached * 1000:.0f} ms from the cache (every later start); "
        f"the next query {later * 1000:.2f} ms"
    )


def header(source: corpus.Source, n_queries: int) -> str:
    return (
        f"Reuters-21578: {len(source.passages):,} real passages, "
        f"{len(source.sentences):,} sentences; {min(n_queries, len(source.queries))} held-out "
        f"headlines as queries (rank-bm25: first {RANK_BM25_MAX_QUERIES}); single thread, top "
        f"{K}; python {sys.version.split()[0]}, {os.cpu_count()} cpus.\n"
        "Memory: tracemalloc of a second build for Python engines; RSS delta of the build "
        "(after malloc_trim) for tantivy and FTS5."
    )


if __name__ == "__main__":
    sys.exit(main())
