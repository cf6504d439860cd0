"""Retrieval quality of the whole search path (analyzer + BM25) against public test sets.

Runs every system in one process on the same data and prints one table: rows are systems,
columns are metrics per set. See bench/README.md (## Quality) for what each metric means.

Example:
    .venv/bin/python bench/quality.py --smoke          # ~10 s subset
    .venv/bin/python bench/quality.py                  # full run with a k1/b sweep
    .venv/bin/python bench/quality.py --json | jq .    # rows as JSON for scripts
    .venv/bin/python bench/quality.py --self-test      # check the metric functions
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi  # type: ignore[import-untyped, unused-ignore]

from articles.passages import split_passages
from index import BM25Index, analyze

REPO = Path(__file__).resolve().parent.parent
VARIANTS = ("okapi", "lucene", "plus", "l")
TOP_KS = (1, 3, 5)
MAP_DEPTH = 1000  # MAP over the top 1000, as trec_eval does by default
NDCG_DEPTH = 10
# A small grid around the usual defaults: Lucene/Anserini use k1=0.9 b=0.4, rank-bm25 1.5/0.75.
SWEEP_K1 = (0.9, 1.2, 1.5)
SWEEP_B = (0.4, 0.75)
# --smoke: a deterministic prefix of each set, small enough for ~10 s on 2 cores.
SMOKE_PARAGRAPHS = 40
SMOKE_QUERIES = 50

Tokenizer = Callable[[str], list[str]]


# ---------------------------------------------------------------- metrics (pure formulas)


def average_precision(ranking: Sequence[int], relevant: Iterable[int]) -> float:
    """AP = (sum of precision@i at each rank i holding a relevant doc) / number of relevant.

    Dividing by all relevant documents (not just those retrieved) is what makes a missed
    relevant document cost as much as one ranked at infinity.
    """
    wanted = set(relevant)
    if not wanted:
        return 0.0
    hits = 0
    total = 0.0
    for rank, doc in enumerate(ranking, start=1):
        if doc in wanted:
            hits += 1
            total += hits / rank
    return total / len(wanted)


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain with linear gains: sum of gain_i / log2(i + 1)."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at_k(ranking: Sequence[int], grades: Mapping[int, float], k: int) -> float:
    """DCG@k of the ranking divided by DCG@k of the ideal ranking of all judged documents."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([grades.get(doc, 0.0) for doc in ranking[:k]]) / ideal


def answer_in_top_k(ranked_texts: Sequence[str], answer: str, k: int) -> bool:
    """A hit if any of the first k passages contains the answer (case-insensitive)."""
    needle = answer.casefold()
    return any(needle in text.casefold() for text in ranked_texts[:k])


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def self_test() -> None:
    """Hand-computed examples; raises AssertionError on the first wrong metric."""

    def close(a: float, b: float) -> bool:
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)

    # [rel, non, rel], 2 relevant: precision 1/1 at rank 1 and 2/3 at rank 3.
    assert close(average_precision([1, 2, 3], {1, 3}), (1 + 2 / 3) / 2)
    # A relevant document never retrieved still counts in the denominator.
    assert close(average_precision([1, 2], {1, 9}), 1 / 2)
    assert close(average_precision([5, 6], {1}), 0.0)
    assert close(average_precision([], set()), 0.0)
    # [non, rel]: 1/2 at rank 2.
    assert close(average_precision([2, 1], {1}), 0.5)
    # nDCG: perfect order gives 1; DCG of gains [3, 2] is 3/1 + 2/log2(3).
    assert close(dcg([3, 2]), 3 + 2 / math.log2(3))
    assert close(ndcg_at_k([1, 2], {1: 3, 2: 2}, 10), 1.0)
    # Swapped: (2 + 3/log2 3) / (3 + 2/log2 3).
    expect = (2 + 3 / math.log2(3)) / (3 + 2 / math.log2(3))
    assert close(ndcg_at_k([2, 1], {1: 3, 2: 2}, 10), expect)
    # Cut at k=1 with the best document missing: 0 / 3.
    assert close(ndcg_at_k([7, 1], {1: 3}, 1), 0.0)
    # Binary, relevant at rank 3 of 1 relevant: (1/log2 4) / 1 = 0.5.
    assert close(ndcg_at_k([8, 9, 1], {1: 1}, 10), 0.5)
    assert close(ndcg_at_k([1], {}, 10), 0.0)
    assert answer_in_top_k(["a", "The Answer here"], "answer", 2)
    assert not answer_in_top_k(["a", "The Answer here"], "answer", 1)


# ---------------------------------------------------------------- data sets


@dataclass(frozen=True)
class IRSet:
    """Documents with ids, queries in order, and graded judgments per query."""

    name: str
    docs: dict[int, str]
    queries: list[tuple[int, str]]
    grades: dict[int, dict[int, float]]  # query id -> doc id -> gain for nDCG (> 0 = relevant)


@dataclass(frozen=True)
class QASet:
    name: str
    passages: list[str]
    questions: list[tuple[str, str]]  # (question, gold answer)
    answers_split: int = 0  # questions whose answer lies in no passage of its own paragraph


def _smart_records(text: str) -> list[dict[str, str]]:
    """SMART format: `.I n` starts a record, a line holding only `.X` starts field X."""
    records: list[dict[str, str]] = []
    tag = ""
    for line in text.splitlines():
        if line.startswith(".I "):
            records.append({"I": line[3:].strip()})
            tag = ""
        elif re.fullmatch(r"\.[A-Z]", line.strip()):
            tag = line.strip()[1]
            records[-1][tag] = ""
        elif tag:
            records[-1][tag] += line + "\n"
    return records


def load_cranfield(folder: Path) -> IRSet:
    docs = {int(r["I"]): r.get("W", "") for r in _smart_records(_read(folder / "cran.all.1400"))}
    # cranqrel numbers queries 1..225 by their position in cran.qry, not by their .I numbers.
    records = _smart_records(_read(folder / "cran.qry"))
    queries = [(pos, r.get("W", "")) for pos, r in enumerate(records, start=1)]
    grades: dict[int, dict[int, float]] = {}
    for line in _read(folder / "cranqrel").splitlines():
        if not line.strip():
            continue
        qid, docid, code = (int(x) for x in line.split())
        # Cleverdon's codes: 1 = complete answer .. 4 = minimum interest. Gain 5 - code gives
        # 4..1; the unexplained -1 rows (one per query) are treated as not relevant.
        if 1 <= code <= 4:
            grades.setdefault(qid, {})[docid] = float(5 - code)
    return IRSet("cran", docs, queries, grades)


def load_npl(folder: Path) -> IRSet:
    raw = _read(folder / "doc-text.trec")
    docs = {int(n): t for n, t in re.findall(r"<DOCNO>(\d+)</DOCNO>(.*?)</DOC>", raw, re.S)}
    raw = _read(folder / "query-text.trec")
    queries = [
        (int(n), t.strip())
        for n, t in re.findall(r"<num>(\d+)</num><title>(.*?)</title>", raw, re.S)
    ]
    grades: dict[int, dict[int, float]] = {}
    for line in _read(folder / "qrels").splitlines():
        parts = line.split()
        if len(parts) == 4 and int(parts[3]) > 0:  # binary judgments: every listed pair is 1
            grades.setdefault(int(parts[0]), {})[int(parts[2])] = 1.0
    return IRSet("npl", docs, queries, grades)


def load_xquad(folder: Path, paragraph_limit: int | None) -> tuple[QASet, QASet]:
    """Two corpora of the same questions: split passages, and one passage per paragraph."""
    data = json.loads(_read(folder / "xquad.en.json"))
    paragraphs = [p for article in data["data"] for p in article["paragraphs"]]
    paragraphs = paragraphs[:paragraph_limit]
    questions: list[tuple[str, str]] = []
    passages: list[str] = []
    split = 0
    for paragraph in paragraphs:
        own = [p.text for p in split_passages(paragraph["context"])]
        passages.extend(own)
        for qa in paragraph["qas"]:
            answer = qa["answers"][0]["text"]
            questions.append((qa["question"], answer))
            # Splitting can cut an answer in two; such a question can then only hit by luck.
            split += not answer_in_top_k(own, answer, len(own))
    contexts = [p["context"] for p in paragraphs]
    return (
        QASet("xq-psg", passages, questions, split),
        QASet("xq-para", contexts, questions),
    )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _limit_queries(ir: IRSet, limit: int | None) -> IRSet:
    judged = [(qid, text) for qid, text in ir.queries if ir.grades.get(qid)]
    return IRSet(ir.name, ir.docs, judged[:limit], ir.grades)


# ---------------------------------------------------------------- systems


class Ranker(Protocol):
    def rank(self, query: Sequence[str], k: int) -> list[int]:
        """Positions (0-based, in the order documents were given) of the best k, best first."""
        ...


class BaselineRanker:
    """rank_bm25.BM25Okapi as shipped; documents scoring 0 (no query term) are no hit."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float, b: float) -> None:
        self._bm25 = BM25Okapi([list(d) for d in docs], k1=k1, b=b)

    def rank(self, query: Sequence[str], k: int) -> list[int]:
        scores = np.asarray(self._bm25.get_scores(list(query)), dtype=np.float64)
        hits = np.flatnonzero(scores > 0)
        # Ties by smaller position, as BM25Index.search breaks them, so the two compare fairly.
        order = np.lexsort((hits, -scores[hits]))[:k]
        return [int(x) for x in hits[order]]


class IndexRanker:
    """The product's index; BM25Index.search already returns only matching documents."""

    def __init__(self, docs: Sequence[Sequence[str]], variant: str, k1: float, b: float) -> None:
        self._index = BM25Index(variant=variant, k1=k1, b=b)
        self._index.add_many(enumerate(docs))

    def rank(self, query: Sequence[str], k: int) -> list[int]:
        return [doc for doc, _ in self._index.search(query, k)]


def baseline_tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@dataclass(frozen=True)
class System:
    name: str
    tokenizer: Tokenizer
    build: Callable[[Sequence[Sequence[str]]], Ranker]


def baseline_system(k1: float = 1.5, b: float = 0.75, name: str = "baseline") -> System:
    return System(name, baseline_tokens, lambda docs: BaselineRanker(docs, k1, b))


def ours_system(variant: str, k1: float = 1.5, b: float = 0.75, name: str = "") -> System:
    return System(
        name or f"ours-{variant}",
        analyze,
        lambda docs: IndexRanker(docs, variant, k1, b),
    )


# ---------------------------------------------------------------- evaluation


@dataclass
class Corpora:
    """Data sets plus token caches, so each text is analysed once per tokenizer."""

    qa: list[QASet]
    ir: list[IRSet]
    _tokens: dict[tuple[str, int], list[list[str]]] = field(default_factory=dict)

    def tokens(self, key: str, texts: Sequence[str], tokenizer: Tokenizer) -> list[list[str]]:
        cache_key = (key, id(tokenizer))
        if cache_key not in self._tokens:
            self._tokens[cache_key] = [tokenizer(t) for t in texts]
        return self._tokens[cache_key]


def evaluate(system: System, corpora: Corpora) -> dict[str, float]:
    row: dict[str, float] = {}
    for qa in corpora.qa:
        ranker = system.build(corpora.tokens(qa.name + "/docs", qa.passages, system.tokenizer))
        texts = [q for q, _ in qa.questions]
        queries = corpora.tokens(qa.name + "/queries", texts, system.tokenizer)
        hits = dict.fromkeys(TOP_KS, 0)
        for query, (_, answer) in zip(queries, qa.questions, strict=True):
            ranked = [qa.passages[i] for i in ranker.rank(query, max(TOP_KS))]
            for k in TOP_KS:
                hits[k] += answer_in_top_k(ranked, answer, k)
        for k in TOP_KS:
            row[f"{qa.name}@{k}"] = hits[k] / len(qa.questions)
    for ir in corpora.ir:
        doc_ids = list(ir.docs)
        docs = corpora.tokens(ir.name + "/docs", list(ir.docs.values()), system.tokenizer)
        ranker = system.build(docs)
        texts = [text for _, text in ir.queries]
        queries = corpora.tokens(ir.name + "/queries", texts, system.tokenizer)
        aps: list[float] = []
        ndcgs: list[float] = []
        for (qid, _), query in zip(ir.queries, queries, strict=True):
            ranking = [doc_ids[i] for i in ranker.rank(query, MAP_DEPTH)]
            grades = ir.grades[qid]
            aps.append(average_precision(ranking, grades))  # every graded doc is relevant
            ndcgs.append(ndcg_at_k(ranking, grades, NDCG_DEPTH))
        row[f"{ir.name}-MAP"] = mean(aps)
        row[f"{ir.name}-nDCG@10"] = mean(ndcgs)
    return row


def run(corpora: Corpora, systems: Sequence[System], log: Callable[[str], None]) -> list[Row]:
    rows: list[Row] = []
    for system in systems:
        started = time.perf_counter()
        rows.append(Row(system.name, evaluate(system, corpora)))
        log(f"  {system.name}: {time.perf_counter() - started:.1f} s")
    return rows


@dataclass(frozen=True)
class Row:
    system: str
    metrics: dict[str, float]

    def score(self) -> float:
        """One number to pick the best variant: the mean of all metric columns."""
        return mean(list(self.metrics.values()))


def format_table(rows: Sequence[Row]) -> str:
    columns = list(rows[0].metrics)
    name_width = max(len("system"), *(len(r.system) for r in rows))
    widths = [max(6, len(c)) for c in columns]
    header = "  ".join(
        ["system".ljust(name_width), *(c.rjust(w) for c, w in zip(columns, widths, strict=True))]
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = [f"{row.metrics[c]:.3f}".rjust(w) for c, w in zip(columns, widths, strict=True)]
        lines.append("  ".join([row.system.ljust(name_width), *cells]))
    return "\n".join(lines)


# ---------------------------------------------------------------- command line


def default_shared() -> Path:
    return Path(os.environ.get("ARTICLEBOT_SHARED_DIR") or REPO.parent / "shared")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Retrieval quality of a plain rank-bm25 baseline vs. the product's analyzer\n"
        "+ BM25Index variants, on XQuAD-en (answer in the top-k passages) and on\n"
        "Cranfield and NPL (MAP, nDCG@10).",
        epilog="examples:\n"
        "  .venv/bin/python bench/quality.py --smoke\n"
        "  .venv/bin/python bench/quality.py --shared /work/shared --json\n"
        "data: DIR/evaldata/{qa-xquad-en,ir-cranfield,ir-npl-vaswani}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="the shared/ directory holding evaldata/ "
        "(default: $ARTICLEBOT_SHARED_DIR, else ../shared beside the repo)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"small deterministic subset: first {SMOKE_PARAGRAPHS} XQuAD paragraphs, "
        f"first {SMOKE_QUERIES} queries of each IR set; no sweep",
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--no-sweep", action="store_true", help="skip the k1/b sweep")
    parser.add_argument(
        "--self-test", action="store_true", help="check the metric functions and exit"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.self_test:
        self_test()
        print("self-test passed")
        return 0
    shared: Path = args.shared or default_shared()
    evaldata = shared / "evaldata"
    needed = [evaldata / d for d in ("qa-xquad-en", "ir-cranfield", "ir-npl-vaswani")]
    missing = [str(p) for p in needed if not p.is_dir()]
    if missing:
        print(
            f"error: evaluation data not found: {', '.join(missing)}\n"
            f"pass --shared DIR or set ARTICLEBOT_SHARED_DIR to the shared/ directory "
            f"that contains evaldata/ (looked in {shared})",
            file=sys.stderr,
        )
        return 2

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    paragraph_limit = SMOKE_PARAGRAPHS if args.smoke else None
    query_limit = SMOKE_QUERIES if args.smoke else None
    xq_psg, xq_para = load_xquad(evaldata / "qa-xquad-en", paragraph_limit)
    ir_sets = [
        _limit_queries(load_cranfield(evaldata / "ir-cranfield"), query_limit),
        _limit_queries(load_npl(evaldata / "ir-npl-vaswani"), query_limit),
    ]
    corpora = Corpora([xq_psg, xq_para], ir_sets)
    systems = [baseline_system(), *(ours_system(v) for v in VARIANTS)]
    log("systems (k1=1.5, b=0.75):")
    rows = run(corpora, systems, log)
    sweep_note = ""
    if not (args.smoke or args.no_sweep):
        best = max(rows[1:], key=Row.score)
        variant = best.system.removeprefix("ours-")
        log(f"sweep of {best.system}:")
        grid = [
            ours_system(variant, k1, b, name=f"{best.system} k1={k1} b={b}")
            for k1 in SWEEP_K1
            for b in SWEEP_B
            if (k1, b) != (1.5, 0.75)  # already in the table
        ]
        # The baseline at the Lucene/Anserini defaults, so the sweep is not a one-sided gain.
        grid.append(baseline_system(0.9, 0.4, name="baseline k1=0.9 b=0.4"))
        rows += run(corpora, grid, log)
        sweep_note = f"sweep: {best.system} was best by the mean of all columns"
    elapsed = time.perf_counter() - started

    if args.json:
        print(json.dumps([{"system": r.system, **r.metrics} for r in rows], indent=2))
        log(f"elapsed {elapsed:.1f} s")
        return 0
    mode = "smoke" if args.smoke else "full"
    print(f"articlebot retrieval quality ({mode}); default k1=1.5 b=0.75")
    print(
        f"xquad: {len(xq_psg.questions)} questions, {len(xq_psg.passages)} passages "
        f"(xq-psg) / {len(xq_para.passages)} paragraphs (xq-para); "
        f"answer cut by the passage split: {xq_psg.answers_split}"
    )
    for ir in ir_sets:
        print(f"{ir.name}: {len(ir.docs)} docs, {len(ir.queries)} queries")
    print()
    print(format_table(rows))
    if sweep_note:
        print(sweep_note)
    print(f"\nelapsed {elapsed:.1f} s on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
