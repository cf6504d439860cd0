"""Retrieval quality of the whole search path (analyzer + BM25) against public test sets.

Runs every system in one process on the same data and prints one table: rows are systems,
columns are metrics per set. See bench/README.md (## Quality) for what each metric means.

Example:
    .venv/bin/python bench/quality.py --smoke          # ~20 s subset
    .venv/bin/python bench/quality.py                  # full run, sweep, passage sizes
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
from articles.rerank import (
    neighbour_boost,
    proximity_rerank,
    ranked,
    rm3_search,
    with_title,
)
from index import BM25Index, analyze

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/corpus.py, run from anywhere
import corpus

REPO = Path(__file__).resolve().parent.parent
VARIANTS = ("okapi", "lucene", "plus", "l")
TOP_KS = (1, 3, 5)
MAP_DEPTH = 1000  # MAP over the top 1000, as trec_eval does by default
NDCG_DEPTH = 10
# A small grid around the usual defaults: Lucene/Anserini use k1=0.9 b=0.4, rank-bm25 1.5/0.75.
SWEEP_K1 = (0.9, 1.2, 1.5, 2.0)
SWEEP_B = (0.4, 0.6, 0.75)
# --smoke: a deterministic prefix of each set, small enough for ~10 s on 2 cores.
SMOKE_PARAGRAPHS = 40
SMOKE_QUERIES = 50
# The defaults chosen from this table (bench/README.md): the rows with features build on them.
DEFAULT_VARIANT = "lucene"
DEFAULT_K1 = 1.2
DEFAULT_B = 0.6
# xq-psg splits paragraphs with these split_passages sizes.
PASSAGE_TARGET = 700
PASSAGE_MAX = 1200
# Proximity reranks the top PROXIMITY_DEPTH; terms count as close within this many terms.
PROXIMITY_DEPTH = 100
PROXIMITY_WINDOW = 5
# Three answers with their titles must fit one Telegram message (4096 characters).
CHAT_PASSAGE_CHARS = 1250
PASSAGE_SIZES = ((400, 600), (400, 1000), (550, 900), (700, 1000), (700, 1200), (1000, 1200),
                 (1000, 1500), (1500, 2000))  # fmt: skip
TINY_SIZES = (1, 2, 3, None)
TINY_VARIANTS = ("okapi", "plus", "lucene")
DEFAULT_NAME = f"{DEFAULT_VARIANT} k1={DEFAULT_K1} b={DEFAULT_B}"

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
    titles: list[str] = field(default_factory=list)  # per passage: its Wikipedia article title
    groups: list[int] = field(default_factory=list)  # per passage: its paragraph's number

    def neighbours(self) -> list[list[int]]:
        """Per passage: the passages just before and after it in the same paragraph."""
        return [
            [n for n in (i - 1, i + 1) if 0 <= n < len(self.groups) and self.groups[n] == g]
            for i, g in enumerate(self.groups)
        ]


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


def load_xquad(
    folder: Path,
    paragraph_limit: int | None,
    target_chars: int = PASSAGE_TARGET,
    max_chars: int = PASSAGE_MAX,
) -> tuple[QASet, QASet]:
    """Two corpora of the same questions: split passages, and one passage per paragraph."""
    data = json.loads(_read(folder / "xquad.en.json"))
    paragraphs = [
        (article["title"].replace("_", " "), p)
        for article in data["data"]
        for p in article["paragraphs"]
    ]
    paragraphs = paragraphs[:paragraph_limit]
    questions: list[tuple[str, str]] = []
    passages: list[str] = []
    titles: list[str] = []
    groups: list[int] = []
    split = 0
    for number, (title, paragraph) in enumerate(paragraphs):
        cut = split_passages(paragraph["context"], target_chars=target_chars, max_chars=max_chars)
        own = [p.text for p in cut]
        passages.extend(own)
        titles.extend([title] * len(own))
        groups.extend([number] * len(own))
        for qa in paragraph["qas"]:
            answer = qa["answers"][0]["text"]
            questions.append((qa["question"], answer))
            # Splitting can cut an answer in two; such a question can then only hit by luck.
            split += not answer_in_top_k(own, answer, len(own))
    contexts = [p["context"] for _, p in paragraphs]
    return (
        QASet("xq-psg", passages, questions, split, titles, groups),
        QASet(
            "xq-para",
            contexts,
            questions,
            titles=[t for t, _ in paragraphs],
            groups=list(range(len(paragraphs))),
        ),
    )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _limit_queries(ir: IRSet, limit: int | None) -> IRSet:
    judged = [(qid, text) for qid, text in ir.queries if ir.grades.get(qid)]
    return IRSet(ir.name, ir.docs, judged[:limit], ir.grades)


# ---------------------------------------------------------------- systems


@dataclass(frozen=True)
class Collection:
    """What a system may index: terms per document, and context where the set has it."""

    tokens: list[list[str]]
    titles: list[list[str]] | None = None  # terms of each document's article title
    neighbours: list[list[int]] | None = None  # positions of each document's neighbours


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


@dataclass(frozen=True)
class Features:
    """Which `articles.rerank` features a FeatureRanker applies (all off: plain BM25)."""

    title: bool = False
    neighbour: float = 0.0  # λ in s + λ·max(neighbours)
    rm3: bool = False
    proximity: float = 0.0  # β in s·(1 + β·proximity)
    window: int = PROXIMITY_WINDOW


# What bench/README.md (## Quality) recommends for the search service.
PRODUCT_FEATURES = Features(title=True)


class FeatureRanker:
    """BM25Index plus the features of articles.rerank, in the order the service would run
    them: (title terms at indexing) → plain or RM3 search → neighbour boost → proximity."""

    def __init__(
        self, docs: Collection, variant: str, k1: float, b: float, features: Features
    ) -> None:
        self._features = features
        self._own = docs.tokens
        indexed: Sequence[Sequence[str]] = docs.tokens
        if features.title and docs.titles is not None:
            indexed = [with_title(d, t) for d, t in zip(docs.tokens, docs.titles, strict=True)]
        self._indexed = indexed
        self._neighbours = docs.neighbours if features.neighbour else None
        self._index = BM25Index(variant=variant, k1=k1, b=b)
        self._index.add_many(enumerate(indexed))

    def rank(self, query: Sequence[str], k: int) -> list[int]:
        f = self._features
        neighbours = self._neighbours
        depth = len(self._index) if neighbours is not None else k
        if f.rm3:
            results = rm3_search(self._index, query, self._indexed.__getitem__, depth)
        else:
            results = self._index.search(query, depth)
        if neighbours is not None:
            boosted = neighbour_boost(dict(results), neighbours.__getitem__, f.neighbour)
            results = ranked(boosted, k)
        if f.proximity:
            head = proximity_rerank(
                results[:PROXIMITY_DEPTH], query, self._own.__getitem__, f.window, f.proximity
            )
            results = head + list(results[PROXIMITY_DEPTH:])
        return [doc for doc, _ in results[:k]]


def baseline_tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@dataclass(frozen=True)
class System:
    name: str
    tokenizer: Tokenizer
    build: Callable[[Collection], Ranker]


def baseline_system(k1: float = 1.5, b: float = 0.75, name: str = "baseline") -> System:
    return System(name, baseline_tokens, lambda docs: BaselineRanker(docs.tokens, k1, b))


def ours_system(variant: str, k1: float = 1.5, b: float = 0.75, name: str = "") -> System:
    return System(
        name or f"ours-{variant}",
        analyze,
        lambda docs: IndexRanker(docs.tokens, variant, k1, b),
    )


def feature_system(name: str, features: Features) -> System:
    """The chosen defaults (DEFAULT_VARIANT, DEFAULT_K1, DEFAULT_B) plus features."""
    return System(
        name,
        analyze,
        lambda docs: FeatureRanker(docs, DEFAULT_VARIANT, DEFAULT_K1, DEFAULT_B, features),
    )


def default_and_feature_systems(smoke: bool) -> list[System]:
    """The chosen defaults, each feature alone on top of them, and the kept set (the product).

    Titles and neighbours exist only in XQuAD: on Cranfield and NPL those rows equal the
    defaults row by construction. `smoke` leaves out the second setting of a feature.
    """
    name = f"ours-{DEFAULT_NAME}"
    return [
        feature_system(name, Features()),
        feature_system(f"{name} +title", Features(title=True)),
        feature_system(f"{name} +neighbours l=0.1", Features(neighbour=0.1)),
        *([] if smoke else [feature_system(f"{name} +neighbours l=0.3", Features(neighbour=0.3))]),
        feature_system(f"{name} +rm3", Features(rm3=True)),
        feature_system(f"{name} +proximity b=0.3 w=5", Features(proximity=0.3)),
        *(
            []
            if smoke
            else [
                feature_system(f"{name} +proximity b=0.3 w=10", Features(proximity=0.3, window=10))
            ]
        ),
        feature_system(f"product: {DEFAULT_NAME} +title", PRODUCT_FEATURES),
    ]


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
        docs = Collection(
            corpora.tokens(qa.name + "/docs", qa.passages, system.tokenizer),
            corpora.tokens(qa.name + "/titles", qa.titles, system.tokenizer) if qa.titles else None,
            qa.neighbours() if qa.groups else None,
        )
        ranker = system.build(docs)
        texts = [q for q, _ in qa.questions]
        queries = corpora.tokens(qa.name + "/queries", texts, system.tokenizer)
        hits = dict.fromkeys(TOP_KS, 0)
        for query, (_, answer) in zip(queries, qa.questions, strict=True):
            ranked_texts = [qa.passages[i] for i in ranker.rank(query, max(TOP_KS))]
            for k in TOP_KS:
                hits[k] += answer_in_top_k(ranked_texts, answer, k)
        for k in TOP_KS:
            row[f"{qa.name}@{k}"] = hits[k] / len(qa.questions)
    for ir in corpora.ir:
        doc_ids = list(ir.docs)
        tokens = corpora.tokens(ir.name + "/docs", list(ir.docs.values()), system.tokenizer)
        ranker = system.build(Collection(tokens))  # no titles, no neighbours
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


# ---------------------------------------------------------------- passage size, tiny libraries


@dataclass(frozen=True)
class XQuADArticle:
    """One XQuAD article as the product would ingest it: its paragraphs joined by blank lines."""

    title: str
    text: str
    questions: list[tuple[str, str]]


def load_xquad_articles(folder: Path) -> list[XQuADArticle]:
    data = json.loads(_read(folder / "xquad.en.json"))
    return [
        XQuADArticle(
            article["title"].replace("_", " "),
            "\n\n".join(p["context"] for p in article["paragraphs"]),
            [(qa["question"], qa["answers"][0]["text"]) for p in article["paragraphs"]
             for qa in p["qas"]],
        )
        for article in data["data"]
    ]  # fmt: skip


@dataclass(frozen=True)
class SizeRow:
    target: int
    max: int
    passages: int
    mean_chars: float
    max_chars: int
    over_chat: int  # passages too long to show three of them in one message
    cut: int  # questions whose answer is in no passage of its article
    at_k: dict[int, float]


def passage_size_study(
    articles: Sequence[XQuADArticle], sizes: Sequence[tuple[int, int]], title: bool
) -> list[SizeRow]:
    """answer@k over all XQuAD articles split whole (as ingestion does) at each size."""
    questions = [qa for article in articles for qa in article.questions]
    queries = [analyze(q) for q, _ in questions]
    rows: list[SizeRow] = []
    for target, most in sizes:
        texts: list[str] = []
        tokens: list[list[str]] = []
        cut = 0
        for article in articles:
            own = [
                p.text for p in split_passages(article.text, target_chars=target, max_chars=most)
            ]
            texts.extend(own)
            title_terms = analyze(article.title) if title else []
            tokens.extend(with_title(analyze(t), title_terms) for t in own)
            cut += sum(not answer_in_top_k(own, a, len(own)) for _, a in article.questions)
        index = BM25Index(DEFAULT_VARIANT, DEFAULT_K1, DEFAULT_B)
        index.add_many(enumerate(tokens))
        hits = dict.fromkeys(TOP_KS, 0)
        for query, (_, answer) in zip(queries, questions, strict=True):
            found = [texts[doc] for doc, _ in index.search(query, max(TOP_KS))]
            for k in TOP_KS:
                hits[k] += answer_in_top_k(found, answer, k)
        lengths = [len(t) for t in texts]
        rows.append(
            SizeRow(
                target, most, len(texts), mean(lengths), max(lengths),
                sum(n > CHAT_PASSAGE_CHARS for n in lengths), cut,
                {k: hits[k] / len(questions) for k in TOP_KS},
            )
        )  # fmt: skip
    return rows


def format_sizes(rows: Sequence[SizeRow]) -> str:
    header = (
        f"{'target/max':>10}  {'passages':>8}  {'mean':>6}  {'longest':>7}  "
        f"{'>' + str(CHAT_PASSAGE_CHARS):>6}  {'cut':>4}  "
        + "  ".join(f"{'@' + str(k):>6}" for k in TOP_KS)
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{f'{r.target}/{r.max}':>10}  {r.passages:>8}  {r.mean_chars:>6.0f}  "
            f"{r.max_chars:>7}  {r.over_chat:>6}  {r.cut:>4}  "
            + "  ".join(f"{r.at_k[k]:>6.3f}" for k in TOP_KS)
        )
    return "\n".join(lines)


def tiny_library_study(
    articles: Sequence[XQuADArticle], variants: Sequence[str], sizes: Sequence[int | None]
) -> dict[str, list[tuple[float, float, int]]]:
    """Libraries of the first N passages of one article (N in sizes; None = all of it).

    For each variant and N: (answer@1, share of questions whose top score is <= 0, number of
    questions), over the questions whose answer lies in those N passages. A non-positive top
    score means the idf of the matched terms went negative: the order is then upside down.
    """
    split = [
        [p.text for p in split_passages(a.text, target_chars=PASSAGE_TARGET, max_chars=PASSAGE_MAX)]
        for a in articles
    ]
    table: dict[str, list[tuple[float, float, int]]] = {}
    for variant in variants:
        cells: list[tuple[float, float, int]] = []
        for n in sizes:
            hits = negative = asked = 0
            for article, passages in zip(articles, split, strict=True):
                library = passages[:n]
                index = BM25Index(variant, DEFAULT_K1, DEFAULT_B)
                index.add_many(enumerate(analyze(t) for t in library))
                for question, answer in article.questions:
                    if not answer_in_top_k(library, answer, len(library)):
                        continue
                    asked += 1
                    found = index.search(analyze(question), 1)
                    hits += bool(found) and answer_in_top_k([library[found[0][0]]], answer, 1)
                    negative += bool(found) and found[0][1] <= 0
            cells.append((hits / asked, negative / asked, asked))
        table[variant] = cells
    return table


def format_tiny(
    table: Mapping[str, Sequence[tuple[float, float, int]]], sizes: Sequence[int | None]
) -> str:
    names = [f"N={n}" if n else "N=all" for n in sizes]
    header = f"{'variant':<8}  " + "  ".join(f"{n + ' @1':>9}  {'top<=0':>6}" for n in names)
    lines = [header, "-" * len(header)]
    for variant, cells in table.items():
        lines.append(
            f"{variant:<8}  " + "  ".join(f"{at1:>9.3f}  {neg:>6.3f}" for at1, neg, _ in cells)
        )
    counts = next(iter(table.values()))
    lines.append(
        "questions " + ", ".join(f"{n}: {c[2]}" for n, c in zip(names, counts, strict=True))
    )
    return "\n".join(lines)


# ---------------------------------------------------------------- command line


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
    shared: Path = corpus.shared_dir(args.shared)
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
    log(f"chosen defaults {DEFAULT_NAME} and features on top of them:")
    rows += run(corpora, default_and_feature_systems(args.smoke), log)
    sweep_note = ""
    if not (args.smoke or args.no_sweep):
        log(f"sweep of ours-{DEFAULT_VARIANT}:")
        grid = [
            ours_system(DEFAULT_VARIANT, k1, b, name=f"ours-{DEFAULT_VARIANT} k1={k1} b={b}")
            for k1 in SWEEP_K1
            for b in SWEEP_B
            if (k1, b) not in {(1.5, 0.75), (DEFAULT_K1, DEFAULT_B)}  # already in the table
        ]
        # The baseline at the Lucene/Anserini defaults, so the sweep is not a one-sided gain.
        grid.append(baseline_system(0.9, 0.4, name="baseline k1=0.9 b=0.4"))
        rows += run(corpora, grid, log)
        sweep_note = f"sweep: ours-{DEFAULT_VARIANT} around its defaults"
    studies = ""
    if not args.smoke:
        log("passage sizes and one-article libraries:")
        articles = load_xquad_articles(evaldata / "qa-xquad-en")
        studies = (
            f"\npassage sizes: XQuAD articles split whole, {DEFAULT_NAME}; answer@k of "
            f"{sum(len(a.questions) for a in articles)} questions; "
            f">{CHAT_PASSAGE_CHARS} = passages too long for three in one message\n"
            + format_sizes(passage_size_study(articles, PASSAGE_SIZES, title=False))
            + "\n\nthe same with title terms (+title)\n"
            + format_sizes(passage_size_study(articles, PASSAGE_SIZES, title=True))
            + f"\n\none-article libraries: the first N passages ({PASSAGE_TARGET}/{PASSAGE_MAX}) "
            f"of each XQuAD article alone, k1={DEFAULT_K1} b={DEFAULT_B}; answer@1 over the "
            f"questions answered in them; top<=0 = share whose best score is not positive\n"
            + format_tiny(tiny_library_study(articles, TINY_VARIANTS, TINY_SIZES), TINY_SIZES)
        )
    elapsed = time.perf_counter() - started

    if args.json:
        print(json.dumps([{"system": r.system, **r.metrics} for r in rows], indent=2))
        log(f"elapsed {elapsed:.1f} s")
        return 0
    mode = "smoke" if args.smoke else "full"
    print(
        f"articlebot retrieval quality ({mode}); ours-* rows k1=1.5 b=0.75; chosen defaults "
        f"{DEFAULT_NAME}; xq-psg split at {PASSAGE_TARGET}/{PASSAGE_MAX} chars"
    )
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
    if studies:
        print(studies)
    print(f"\nelapsed {elapsed:.1f} s on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
