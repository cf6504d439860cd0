"""Retrieval quality of the product's own search path against public test sets.

Every set is ingested into a real library (`articles.library.Library` on a temporary SQLite
file, `add_article` as ingestion calls it) and every question goes through
`Library.search`, so whatever the product ranks, splits or shows is what is measured: the
benchmark declares none of the product's settings. A plain rank-bm25 build on whole units
(paragraphs, articles, documents) is the baseline. See bench/README.md (## Quality).

Example:
    .venv/bin/python bench/quality.py --smoke          # CI size, ~25 s
    .venv/bin/python bench/quality.py                  # full run, 20-40 min on 2 cores
    .venv/bin/python bench/quality.py --json | jq .    # rows as JSON for scripts
    .venv/bin/python bench/quality.py --self-test      # check the metric functions
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import numpy as np
from rank_bm25 import BM25Okapi  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import create_engine, select

from articles.errors import QueryError
from articles.extracted import Extracted
from articles.library import Library
from articles.models import Passage

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/corpus.py, run from anywhere

REPO = Path(__file__).resolve().parent.parent
QA_K = 3  # answer@1 and @3: the bot shows three answers
NDCG_DEPTH = 10
# How deep each set asks the product (passages); MAP counts what comes back.
FULL: dict[str, int | None] = {"qa_articles": None, "stories": None, "ir_queries": None,
                               "ir_docs": None, "article_k": 100, "ir_k": 1000,
                               "magazine_articles": 400}  # fmt: skip
# --smoke: small deterministic prefixes, so the CI check stays well under a minute.
SMOKE: dict[str, int | None] = {"qa_articles": 5, "stories": 400, "ir_queries": 15, "ir_docs": 200,
         "article_k": 10, "ir_k": 50, "magazine_articles": 40}  # fmt: skip
WIKI_SITE = "en.wikipedia.org"
NEWS_SITE = "reuters.com"


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
    """A hit if any of the first k texts contains the answer (case-insensitive)."""
    needle = answer.casefold()
    return any(needle in text.casefold() for text in ranked_texts[:k])


def first_seen(items: Iterable[int]) -> list[int]:
    """Items in order of first appearance: passages' articles → a ranking of articles."""
    return list(dict.fromkeys(items))


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
    # Passages of articles 7, 7, 3, 7, 5 rank the articles 7, 3, 5.
    assert first_seen([7, 7, 3, 7, 5]) == [7, 3, 5]
    # One relevant article at rank 2 of the article ranking: AP = 1/2.
    assert close(average_precision(first_seen([7, 7, 3]), {3}), 0.5)


# ---------------------------------------------------------------- data sets


@dataclass(frozen=True)
class Question:
    text: str
    answer: str
    article: int  # position of its XQuAD article
    paragraph: int  # position of its paragraph over all articles


@dataclass(frozen=True)
class WikiArticle:
    title: str
    paragraphs: list[str]

    @property
    def text(self) -> str:
        """The article as extraction yields it: paragraphs between blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class XQuAD:
    articles: list[WikiArticle]
    questions: list[Question]

    def paragraphs(self) -> list[tuple[str, str]]:
        """(title, paragraph) over all articles, in order."""
        return [(a.title, p) for a in self.articles for p in a.paragraphs]


def load_xquad(folder: Path, article_limit: int | None) -> XQuAD:
    data = json.loads(_read(folder / "xquad.en.json"))["data"][:article_limit]
    articles: list[WikiArticle] = []
    questions: list[Question] = []
    paragraph = 0
    for number, article in enumerate(data):
        contexts = []
        for p in article["paragraphs"]:
            contexts.append(p["context"])
            for qa in p["qas"]:
                questions.append(Question(qa["question"], qa["answers"][0]["text"], number,
                                          paragraph))  # fmt: skip
            paragraph += 1
        articles.append(WikiArticle(article["title"].replace("_", " "), contexts))
    return XQuAD(articles, questions)


# Set (iii), "magazine": long news features judged per article, as alerts and digests will
# match topics against whole articles. Each feature joins MAGAZINE_STORIES Reuters stories,
# MAGAZINE_ON_TOPIC of them labelled with its topic (the rest drawn from all stories, as a
# feature wanders); it is relevant to every topic at least MAGAZINE_ON_TOPIC of its stories
# carry. The queries are the topics' words as a reader would type them.
MAGAZINE_STORIES, MAGAZINE_ON_TOPIC, MAGAZINE_MIN_STORIES = 8, 4, 30
MAGAZINE_SEED = 7
MAGAZINE_QUERIES = {
    "acq": "acquisition merger", "alum": "aluminium", "bop": "balance of payments",
    "carcass": "meat", "cocoa": "cocoa", "coffee": "coffee", "copper": "copper",
    "corn": "corn", "cotton": "cotton", "cpi": "consumer prices inflation",
    "crude": "crude oil", "dlr": "dollar", "earn": "earnings profit", "gas": "gasoline",
    "gnp": "gross national product growth", "gold": "gold", "grain": "grain",
    "housing": "housing", "interest": "interest rates", "ipi": "industrial production",
    "iron-steel": "steel", "jobs": "unemployment jobs", "lead": "lead",
    "livestock": "livestock cattle", "money-fx": "foreign exchange currency",
    "money-supply": "money supply", "nat-gas": "natural gas", "oilseed": "oilseeds",
    "reserves": "foreign reserves", "retail": "retail sales", "rice": "rice",
    "rubber": "rubber", "ship": "shipping", "silver": "silver", "soybean": "soybeans",
    "sugar": "sugar", "tin": "tin", "trade": "trade", "veg-oil": "vegetable oil",
    "wheat": "wheat",
}  # fmt: skip


@dataclass(frozen=True)
class Magazine:
    articles: list[tuple[str, str, frozenset[str]]]  # title, text, the topics it is about
    queries: list[tuple[str, str]]  # topic, query

    def relevant(self, topic: str) -> set[int]:
        return {i for i, (_, _, topics) in enumerate(self.articles) if topic in topics}


def make_magazine(stories: Sequence[corpus.Story], size: int) -> Magazine:
    """`size` features from the stories, deterministic (MAGAZINE_SEED)."""
    rng = random.Random(MAGAZINE_SEED)
    by_topic: dict[str, list[int]] = {}
    for i, story in enumerate(stories):
        for topic in story.topics:
            by_topic.setdefault(topic, []).append(i)
    topics = [t for t in MAGAZINE_QUERIES if len(by_topic.get(t, ())) >= MAGAZINE_MIN_STORIES]
    articles = []
    for number in range(size):
        topic = rng.choice(topics)
        others = MAGAZINE_STORIES - MAGAZINE_ON_TOPIC
        chosen = rng.sample(by_topic[topic], MAGAZINE_ON_TOPIC) + rng.sample(
            range(len(stories)), others
        )
        rng.shuffle(chosen)
        counts: dict[str, int] = {}
        for i in chosen:
            for label in stories[i].topics:
                counts[label] = counts.get(label, 0) + 1
        about = frozenset(t for t, n in counts.items() if n >= MAGAZINE_ON_TOPIC)
        # Half the features are titled by a story's headline, half say nothing of the topic.
        title = stories[chosen[0]].title.title() if rng.random() < 0.5 else f"Feature {number}"
        articles.append((title, "\n\n".join(stories[i].text for i in chosen), about))
    asked = {t for _, _, about in articles for t in about}
    queries = [(t, MAGAZINE_QUERIES[t]) for t in topics if t in asked]
    return Magazine(articles, queries)


@dataclass(frozen=True)
class IRSet:
    """Documents with ids, queries in order, and graded judgments per query."""

    name: str
    docs: dict[int, str]
    queries: list[tuple[int, str]]
    grades: dict[int, dict[int, float]]  # query id -> doc id -> gain for nDCG (> 0 = relevant)


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


def limit_ir(ir: IRSet, queries: int | None, docs: int | None) -> IRSet:
    """The first `queries` judged queries; the first `docs` documents plus every judged one."""
    judged = [(qid, text) for qid, text in ir.queries if ir.grades.get(qid)][:queries]
    if docs is None:
        return IRSet(ir.name, ir.docs, judged, ir.grades)
    keep = set(list(ir.docs)[:docs]) | {d for qid, _ in judged for d in ir.grades[qid]}
    return IRSet(ir.name, {d: t for d, t in ir.docs.items() if d in keep}, judged, ir.grades)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


# ---------------------------------------------------------------- the product's path


class ProductLibrary:
    """A real library on a temporary SQLite file, filled through `Library.add_article`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.library = Library.open(f"sqlite:///{path}")

    def add(self, title: str, text: str, url: str, site: str) -> int | None:
        """Ingest one article; its id (also for a duplicate of one stored before)."""
        extracted = Extracted(title=title, text=text, site=site, language="en", url=url,
                              published=None)  # fmt: skip
        return self.library.add_article(extracted, url=url, kind="file", source=url).article_id

    def search(self, question: str, k: int) -> list[Shown]:
        """What the reader is shown for a question: passages with their excerpts."""
        try:
            hits = self.library.search(question, k=k).hits
        except QueryError:  # only stop words, nothing found: no answer
            return []
        return [Shown(hit.passage_id, hit.article_id, hit.text, hit.excerpt) for hit in hits]

    def close(self) -> None:
        self.library.close()


@dataclass(frozen=True)
class Shown:
    passage_id: int
    article_id: int
    text: str
    excerpt: str


# ---------------------------------------------------------------- the plain baseline


def baseline_tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


class Baseline:
    """rank_bm25.BM25Okapi (k1=1.5, b=0.75) on lower-cased \\w+ tokens of whole units."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._bm25 = BM25Okapi([baseline_tokens(t) or ["\x00"] for t in texts])

    def rank(self, query: str, k: int) -> list[int]:
        """Positions of the best k units that share a term with the query, ties by position."""
        scores = np.asarray(self._bm25.get_scores(baseline_tokens(query)), dtype=np.float64)
        hits = np.flatnonzero(scores > 0)
        order = np.lexsort((hits, -scores[hits]))[:k]
        return [int(x) for x in hits[order]]


# ---------------------------------------------------------------- the sets, measured


Row = dict[str, float | None]


@dataclass
class Bench:
    """The data and the libraries built from it, shared by every system measured."""

    xquad: XQuAD
    stories: list[corpus.Story]
    magazine: Magazine
    ir_sets: list[IRSet]
    sizes: dict[str, int | None]
    workdir: Path
    log: Callable[[str], None]
    facts: dict[str, int] = field(default_factory=dict)
    _libraries: dict[str, ProductLibrary] = field(default_factory=dict)

    # -- libraries ------------------------------------------------------------------------

    def news_copy(self, name: str) -> ProductLibrary:
        """A library holding the Reuters stories (the distractors), which are ingested once;
        each copy rebuilds its index from the copied database, as `Library.open` does."""
        news = self.workdir / "news.sqlite3"
        if not news.exists():
            started = time.perf_counter()
            library = ProductLibrary(news)
            for story in self.stories:
                library.add(story.title, story.text, f"https://{NEWS_SITE}/{story.newid}",
                            NEWS_SITE)  # fmt: skip
            self.facts["news passages"] = library.library.stats().passages
            library.close()
            self.log(f"  ingested {len(self.stories)} stories "
                     f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
        shutil.copyfile(news, self.workdir / name)
        return ProductLibrary(self.workdir / name)

    def paragraphs_library(self) -> tuple[ProductLibrary, list[int | None]]:
        """Set (i): every XQuAD paragraph as an article of its own, among the stories."""
        if "paragraphs" not in self._libraries:
            library = self.news_copy("paragraphs.sqlite3")
            ids = [
                library.add(
                    title, text, f"https://{WIKI_SITE}/wiki/{title}/paragraph-{n}", WIKI_SITE
                )
                for n, (title, text) in enumerate(self.xquad.paragraphs())
            ]
            self.facts["set i passages"] = library.library.stats().passages
            self._libraries["paragraphs"] = library
            self._paragraph_ids = ids
        return self._libraries["paragraphs"], self._paragraph_ids

    def articles_library(self) -> tuple[ProductLibrary, list[int | None]]:
        """Set (ii): each XQuAD article whole (its paragraphs joined), among the stories."""
        if "articles" not in self._libraries:
            library = self.news_copy("articles.sqlite3")
            ids = [
                library.add(a.title, a.text, f"https://{WIKI_SITE}/wiki/{a.title}", WIKI_SITE)
                for a in self.xquad.articles
            ]
            self.facts["set ii passages"] = library.library.stats().passages
            self._libraries["articles"] = library
            self._article_ids = ids
        return self._libraries["articles"], self._article_ids

    def magazine_library(self) -> tuple[ProductLibrary, list[int | None]]:
        """Set (iii): the features alone (their stories are the only other text)."""
        if "magazine" not in self._libraries:
            library = ProductLibrary(self.workdir / "magazine.sqlite3")
            ids = [
                library.add(title, text, f"https://magazine.example/{n}", "magazine.example")
                for n, (title, text, _) in enumerate(self.magazine.articles)
            ]
            self._libraries["magazine"] = library
            self._magazine_ids = ids
        return self._libraries["magazine"], self._magazine_ids

    def ir_library(self, ir: IRSet) -> tuple[ProductLibrary, dict[int, list[int]]]:
        """A library of the set's documents; article id → the document ids stored as it."""
        if ir.name not in self._libraries:
            library = ProductLibrary(self.workdir / f"{ir.name}.sqlite3")
            docs: dict[int, list[int]] = {}
            for doc, text in ir.docs.items():
                article = library.add("", text, f"https://{ir.name}.example/{doc}", ir.name)
                if article is not None:  # an empty document stores nothing
                    docs.setdefault(article, []).append(doc)
            self._libraries[ir.name] = library
            self._ir_docs = getattr(self, "_ir_docs", {})
            self._ir_docs[ir.name] = docs
        return self._libraries[ir.name], self._ir_docs[ir.name]

    def libraries(self) -> list[ProductLibrary]:
        return list(self._libraries.values())

    def close(self) -> None:
        for library in self._libraries.values():
            library.close()

    # -- measuring ----------------------------------------------------------------------------

    def product(self) -> Row:
        row: Row = {}
        for part in (self.product_qa, self.product_articles, self.product_magazine,
                     self.product_ir):  # fmt: skip
            started = time.perf_counter()
            row |= part()
            self.log(f"  {part.__name__}: {time.perf_counter() - started:.0f} s")
        return row

    def product_qa(self) -> Row:
        """Set (i): answer@k in the shown passages and in their excerpts."""
        library, _ = self.paragraphs_library()
        return qa_row("xq", [library.search(q.text, QA_K) for q in self.xquad.questions],
                      self.xquad.questions)  # fmt: skip

    def product_articles(self, k: int | None = None) -> Row:
        """Set (ii): passages as in set (i), then articles ranked by their best passage."""
        library, ids = self.articles_library()
        k = k or int(self.sizes["article_k"] or 100)
        results = [library.search(q.text, k) for q in self.xquad.questions]
        row = qa_row("long", results, self.xquad.questions)
        aps, ndcgs, top = [], [], []
        for question, shown in zip(self.xquad.questions, results, strict=True):
            ranking = first_seen(s.article_id for s in shown)
            own = ids[question.article]
            relevant = {own: 1.0} if own is not None else {}
            aps.append(average_precision(ranking, relevant))
            ndcgs.append(ndcg_at_k(ranking, relevant, NDCG_DEPTH))
            text = self.article_text(library, ranking[0]) if ranking else ""
            top.append(answer_in_top_k([text], question.answer, 1))
        row |= {"art-MAP": mean(aps), "art-nDCG@10": mean(ndcgs), "art-ans@1": mean(top)}
        return row

    def product_magazine(self) -> Row:
        """Set (iii): features ranked by their best passage in the top ir_k passages."""
        library, ids = self.magazine_library()
        position = {article: n for n, article in enumerate(ids) if article is not None}
        k = int(self.sizes["ir_k"] or 1000)
        rankings = []
        for _, query in self.magazine.queries:
            shown = library.search(query, k)
            rankings.append([position[a] for a in first_seen(s.article_id for s in shown)])
        return magazine_row(self.magazine, rankings)

    def article_text(self, library: ProductLibrary, article_id: int) -> str:
        """An article's body: from the XQuAD articles if it is one, else its stored passages."""
        _, ids = self.articles_library()
        if article_id in ids:
            return self.xquad.articles[ids.index(article_id)].text
        story = self._story_texts(library).get(article_id, "")
        return story

    def _story_texts(self, library: ProductLibrary) -> dict[int, str]:
        if not hasattr(self, "_bodies"):
            engine = create_engine(f"sqlite:///{library.path}")
            with engine.connect() as connection:
                rows = connection.execute(select(Passage.article_id, Passage.text))
                bodies: dict[int, str] = {}
                for article, text in rows:
                    bodies[article] = bodies.get(article, "") + "\n\n" + text
            engine.dispose()
            self._bodies = bodies
        return self._bodies

    def product_ir(self) -> Row:
        row: Row = {}
        k = int(self.sizes["ir_k"] or 1000)
        for ir in self.ir_sets:
            library, docs_of = self.ir_library(ir)
            rankings = []
            for _, text in ir.queries:
                articles = first_seen(s.article_id for s in library.search(text, k))
                rankings.append([d for a in articles for d in docs_of.get(a, [])])
            row |= ir_row(ir, rankings)
        return row

    def baseline(self) -> Row:
        """rank-bm25 on whole units: paragraphs (i), articles (ii), documents (IR sets)."""
        questions = self.xquad.questions
        units = [p for _, p in self.xquad.paragraphs()] + [s.text for s in self.stories]
        bm25 = Baseline(units)
        found = [[units[i] for i in bm25.rank(q.text, QA_K)] for q in questions]
        row: Row = {}
        for k in (1, QA_K):
            row[f"xq-psg@{k}"] = mean([answer_in_top_k(f, q.answer, k) for f, q in
                                       zip(found, questions, strict=True)])  # fmt: skip
            row[f"xq-exc@{k}"] = None  # the baseline shows whole units: no excerpt
            row[f"long-psg@{k}"] = row[f"long-exc@{k}"] = None
        articles = [a.text for a in self.xquad.articles] + [s.text for s in self.stories]
        bm25 = Baseline(articles)
        aps, ndcgs, top = [], [], []
        for q in questions:
            ranking = bm25.rank(q.text, int(self.sizes["article_k"] or 100))
            aps.append(average_precision(ranking, {q.article}))
            ndcgs.append(ndcg_at_k(ranking, {q.article: 1.0}, NDCG_DEPTH))
            top.append(bool(ranking) and answer_in_top_k([articles[ranking[0]]], q.answer, 1))
        row |= {"art-MAP": mean(aps), "art-nDCG@10": mean(ndcgs), "art-ans@1": mean(top)}
        features = Baseline([f"{title}\n\n{text}" for title, text, _ in self.magazine.articles])
        k = int(self.sizes["ir_k"] or 1000)
        row |= magazine_row(self.magazine, [features.rank(q, k) for _, q in self.magazine.queries])
        for ir in self.ir_sets:
            ids = list(ir.docs)
            bm25 = Baseline([ir.docs[d] for d in ids])
            k = int(self.sizes["ir_k"] or 1000)
            row |= ir_row(ir, [[ids[i] for i in bm25.rank(text, k)] for _, text in ir.queries])
        return row


def qa_row(name: str, results: Sequence[Sequence[Shown]], questions: Sequence[Question]) -> Row:
    """answer@1 and @k: the answer in the top passages (psg) and in their excerpts (exc)."""
    row: Row = {}
    for k in (1, QA_K):
        row[f"{name}-psg@{k}"] = mean(
            [
                answer_in_top_k([s.text for s in shown], q.answer, k)
                for shown, q in zip(results, questions, strict=True)
            ]
        )
        row[f"{name}-exc@{k}"] = mean(
            [
                answer_in_top_k([s.excerpt for s in shown], q.answer, k)
                for shown, q in zip(results, questions, strict=True)
            ]
        )
    return row


def magazine_row(magazine: Magazine, rankings: Sequence[Sequence[int]]) -> Row:
    """MAP and nDCG@10 of the features ranked per query (positions in magazine.articles)."""
    judged = [{i: 1.0 for i in magazine.relevant(topic)} for topic, _ in magazine.queries]
    return {
        "mag-MAP": mean([average_precision(r, g) for r, g in zip(rankings, judged, strict=True)]),
        "mag-nDCG@10": mean(
            [ndcg_at_k(r, g, NDCG_DEPTH) for r, g in zip(rankings, judged, strict=True)]
        ),
    }


def ir_row(ir: IRSet, rankings: Sequence[Sequence[int]]) -> Row:
    aps = [
        average_precision(r, ir.grades[qid])
        for r, (qid, _) in zip(rankings, ir.queries, strict=True)
    ]
    ndcgs = [
        ndcg_at_k(r, ir.grades[qid], NDCG_DEPTH)
        for r, (qid, _) in zip(rankings, ir.queries, strict=True)
    ]
    return {f"{ir.name}-MAP": mean(aps), f"{ir.name}-nDCG@10": mean(ndcgs)}


COLUMNS = ("xq-psg@1", "xq-psg@3", "xq-exc@1", "xq-exc@3", "long-psg@1", "long-psg@3",
           "long-exc@1", "long-exc@3", "art-MAP", "art-nDCG@10", "art-ans@1", "mag-MAP",
           "mag-nDCG@10", "cran-MAP",
           "cran-nDCG@10", "npl-MAP", "npl-nDCG@10")  # fmt: skip


def format_table(rows: Mapping[str, Row]) -> str:
    name_width = max(len("system"), *(len(name) for name in rows))
    widths = [max(6, len(c)) for c in COLUMNS]
    header = "  ".join(
        ["system".ljust(name_width), *(c.rjust(w) for c, w in zip(COLUMNS, widths, strict=True))]
    )
    lines = [header, "-" * len(header)]
    for name, row in rows.items():
        cells = [
            ("-" if row.get(c) is None else f"{row[c]:.3f}").rjust(w)
            for c, w in zip(COLUMNS, widths, strict=True)
        ]
        lines.append("  ".join([name.ljust(name_width), *cells]))
    return "\n".join(lines)


# ---------------------------------------------------------------- command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Retrieval quality of the product's search (Library.search on a temporary\n"
        "SQLite library) against plain rank-bm25: XQuAD questions among Reuters stories\n"
        "(answer in the shown passages and excerpts; articles ranked), Cranfield and NPL.",
        epilog="examples:\n"
        "  .venv/bin/python bench/quality.py --smoke\n"
        "  .venv/bin/python bench/quality.py --shared /work/shared --json\n"
        "data: DIR/evaldata/{qa-xquad-en,news-reuters21578,ir-cranfield,ir-npl-vaswani}",
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
        help=f"small deterministic subset ({SMOKE['qa_articles']} XQuAD articles, "
        f"{SMOKE['stories']} stories, {SMOKE['ir_queries']} queries of each IR set)",
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the baseline (it does not change)"
    )
    parser.add_argument("--label", default="product", help="the product row's name")
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
    names = ("qa-xquad-en", "news-reuters21578", "ir-cranfield", "ir-npl-vaswani")
    missing = [str(evaldata / d) for d in names if not (evaldata / d).is_dir()]
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
    sizes = SMOKE if args.smoke else FULL
    xquad = load_xquad(evaldata / "qa-xquad-en", sizes["qa_articles"])
    every_story = corpus.load_stories(evaldata / "news-reuters21578")
    stories = every_story[: sizes["stories"]]
    magazine = make_magazine(every_story, int(sizes["magazine_articles"] or 400))
    ir_sets = [
        limit_ir(load_cranfield(evaldata / "ir-cranfield"), sizes["ir_queries"], sizes["ir_docs"]),
        limit_ir(load_npl(evaldata / "ir-npl-vaswani"), sizes["ir_queries"], sizes["ir_docs"]),
    ]
    rows: dict[str, Row] = {}
    with tempfile.TemporaryDirectory(prefix="articlebot-quality-") as tmp:
        bench = Bench(xquad, stories, magazine, ir_sets, sizes, Path(tmp), log)
        try:
            if not args.no_baseline:
                rows["baseline"] = bench.baseline()
            log("product:")
            step = time.perf_counter()
            rows[args.label] = bench.product()
            log(f"  {args.label}: {time.perf_counter() - step:.0f} s")
        finally:
            bench.close()
    elapsed = time.perf_counter() - started

    if args.json:
        print(json.dumps([{"system": name, **row} for name, row in rows.items()], indent=2))
        log(f"elapsed {elapsed:.1f} s")
        return 0
    mode = "smoke" if args.smoke else "full"
    print(f"articlebot retrieval quality ({mode}), measured through Library.search")
    print(
        f"xquad: {len(xquad.questions)} questions, {len(xquad.articles)} articles, "
        f"{len(xquad.paragraphs())} paragraphs; distractors: {len(stories)} Reuters stories "
        f"({bench.facts.get('news passages', 0)} passages); set i library "
        f"{bench.facts.get('set i passages', 0)} passages, set ii "
        f"{bench.facts.get('set ii passages', 0)}; articles ranked from the top "
        f"{sizes['article_k']} passages"
    )
    print(
        f"magazine: {len(magazine.articles)} features of {MAGAZINE_STORIES} stories "
        f"({MAGAZINE_ON_TOPIC} on topic), {len(magazine.queries)} topic queries, "
        f"top {sizes['ir_k']} passages"
    )
    for ir in ir_sets:
        print(f"{ir.name}: {len(ir.docs)} docs, {len(ir.queries)} queries, top {sizes['ir_k']}")
    print()
    print(format_table(rows))
    print(f"\nelapsed {elapsed:.1f} s on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
