"""BM25Index against rank-bm25 itself (and Lucene's formula written out plainly)."""

from __future__ import annotations

import itertools
import json
import math
import pickle
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import rank_bm25
from hypothesis import given, settings
from hypothesis import strategies as st

from index import (
    BM25Index,
    DuplicateDocumentError,
    InvalidParameterError,
    UnknownDocumentError,
    UnknownVariantError,
    analyze,
)

RTOL = 1e-9
REFERENCES = {"okapi": rank_bm25.BM25Okapi, "l": rank_bm25.BM25L, "plus": rank_bm25.BM25Plus}
Corpus = list[list[str]]


@cache
def _xquad(path: Path) -> tuple[Corpus, Corpus]:
    data = json.loads(path.read_text(encoding="utf-8"))
    paragraphs = [p for article in data["data"] for p in article["paragraphs"]]
    corpus = [analyze(p["context"]) for p in paragraphs]
    questions = [analyze(q["question"]) for p in paragraphs for q in p["qas"]]
    return corpus, questions


def xquad(shared: Path) -> tuple[Corpus, Corpus]:
    """XQuAD-en paragraphs and questions, analyzed (CC BY-SA 4.0, see its FORMAT.md)."""
    return _xquad(shared / "evaldata" / "qa-xquad-en" / "xquad.en.json")


def reference(variant: str, corpus: Corpus, **params: float) -> Callable[[list[str]], list[float]]:
    """rank-bm25 itself, or for "lucene" the formula written out."""
    if variant == "lucene":
        return lucene(corpus, **params)
    model = REFERENCES[variant](corpus, **params)
    return lambda query: [float(s) for s in model.get_scores(query)]


def reference_scores(
    variant: str, corpus: Corpus, query: list[str], **params: float
) -> list[float]:
    return reference(variant, corpus, **params)(query)


def lucene(corpus: Corpus, k1: float = 1.5, b: float = 0.75) -> Callable[[list[str]], list[float]]:
    """Lucene's BM25Similarity (no length quantisation), one document at a time."""
    n = len(corpus)
    avgdl = sum(len(d) for d in corpus) / n
    df = Counter(term for doc in corpus for term in set(doc))

    def scores(query: list[str]) -> list[float]:
        result = []
        for doc in corpus:
            score = 0.0
            for term in query:
                if df[term] == 0:
                    continue
                idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                tf = doc.count(term)
                score += idf * tf / (tf + k1 * (1 - b + b * len(doc) / avgdl))
            result.append(score)
        return result

    return scores


def ours(index: BM25Index, ids: Sequence[int], query: Sequence[str]) -> list[float]:
    scores = index.get_scores(query)
    assert list(scores) == list(ids)  # every live document, in the order added
    return [scores[i] for i in ids]


def build(variant: str, corpus: Corpus, batches: int = 1, **params: float) -> BM25Index:
    index = BM25Index(variant, **params)
    bounds = np.linspace(0, len(corpus), batches + 1).astype(int)
    for start, end in itertools.pairwise(bounds.tolist()):
        index.add_many((i, corpus[i]) for i in range(start, end))
    return index


# -- generated corpora: always available ---------------------------------------------------

VOCAB = ["apple", "berry", "cherry", "date", "elder", "fig"]
documents = st.lists(st.sampled_from(VOCAB), max_size=8)
queries = st.lists(st.sampled_from([*VOCAB, "half", "unknown"]), max_size=6)


@st.composite
def corpora(draw: st.DrawFn, min_size: int = 1) -> Corpus:
    """Small corpora; with an even size, "half" is in exactly half the documents (idf 0)."""
    corpus = draw(st.lists(documents, min_size=min_size, max_size=12))
    if len(corpus) % 2 == 0 and draw(st.booleans()):
        for doc in corpus[: len(corpus) // 2]:
            doc.append("half")
    if not any(corpus):
        corpus[0].append("apple")  # rank-bm25 divides by zero on a corpus without terms
    return corpus


params = st.fixed_dictionaries(
    {"k1": st.sampled_from([0.5, 1.2, 1.5, 2.0]), "b": st.sampled_from([0.0, 0.3, 0.75, 0.9])}
)


@settings(max_examples=300, deadline=None)
@given(
    variant=st.sampled_from([*REFERENCES, "lucene"]),
    corpus=corpora(),
    query=queries,
    batches=st.integers(1, 4),
    p=params,
)
def test_generated_corpora_score_as_the_reference(
    variant: str, corpus: Corpus, query: list[str], batches: int, p: dict[str, float]
) -> None:
    index = build(variant, corpus, min(batches, len(corpus)), **p)
    expected = reference_scores(variant, corpus, query, **p)
    got = ours(index, range(len(corpus)), query)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=0)
    if variant in REFERENCES:
        assert got == expected  # the same arithmetic, so the same bits


@settings(max_examples=300, deadline=None)
@given(
    variant=st.sampled_from([*REFERENCES, "lucene"]),
    corpus=corpora(min_size=2),
    query=queries,
    data=st.data(),
)
def test_after_remove_scores_as_a_rebuild_on_the_rest(
    variant: str, corpus: Corpus, query: list[str], data: st.DataObject
) -> None:
    gone = data.draw(st.sets(st.integers(0, len(corpus) - 1), max_size=len(corpus) - 1))
    rest = [i for i in range(len(corpus)) if i not in gone]
    if not any(corpus[i] for i in rest):
        return  # rank-bm25 cannot build a corpus without terms
    index = build(variant, corpus, batches=2)
    for doc_id in sorted(gone):  # one at a time: statistics must stay exact after each
        index.remove(doc_id)
    expected = reference_scores(variant, [corpus[i] for i in rest], query)
    got = ours(index, rest, query)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=0)
    if variant in REFERENCES:
        assert got == expected


def test_okapi_epsilon_floor_follows_first_appearance_after_a_remove() -> None:
    # Most terms in more than half of the documents: negative idfs floored to eps * mean.
    corpus = [["x", "y", "z"], ["z", "y", "x", "w"], ["y", "x", "z"], ["x", "z"], ["v"]]
    index = build("okapi", corpus, batches=3)
    index.remove(0)  # the first appearance order becomes z, y, x, w, v
    rest = corpus[1:]
    for query in (["x"], ["y", "y", "w"], ["v", "z"]):
        assert ours(index, range(1, 5), query) == reference_scores("okapi", rest, query)


def test_many_small_adds_and_removes_stay_equal_to_a_rebuild() -> None:
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(40)]
    corpus = [list(rng.choice(words, size=int(rng.integers(1, 30)))) for _ in range(300)]
    index = BM25Index()
    live: list[int] = []
    for i, doc in enumerate(corpus):  # one add per call: deltas pile up, then merge
        index.add(i, doc)
        live.append(i)
        if i % 7 == 3:
            index.remove(live.pop(len(live) // 2))
    for query in (["w1"], ["w2", "w3", "w2"], words[:10]):
        expected = reference_scores("okapi", [corpus[i] for i in live], query)
        assert ours(index, live, query) == expected


# -- the real corpus: XQuAD-en paragraphs, questions as queries ----------------------------


@pytest.mark.shared
@pytest.mark.parametrize("variant", [*REFERENCES, "lucene"])
def test_xquad_scores_as_the_reference(variant: str, shared: Path) -> None:
    corpus, questions = xquad(shared)
    index = build(variant, corpus, batches=7)
    expected = reference(variant, corpus)
    for query in questions:
        got = ours(index, range(len(corpus)), query)
        np.testing.assert_allclose(got, expected(query), rtol=RTOL, atol=0)
        if variant in REFERENCES:
            assert got == expected(query)


@pytest.mark.shared
@pytest.mark.parametrize("variant", list(REFERENCES))
def test_xquad_after_removing_a_third(variant: str, shared: Path) -> None:
    corpus, questions = xquad(shared)
    index = build(variant, corpus, batches=3)
    index.remove_many(range(0, len(corpus), 3))
    rest = [i for i in range(len(corpus)) if i % 3]
    reference = REFERENCES[variant]([corpus[i] for i in rest])
    for query in questions[::5]:
        got = ours(index, rest, query)
        assert got == [float(s) for s in reference.get_scores(query)]


@pytest.mark.shared
def test_xquad_search_is_the_top_of_the_reference_ranking(shared: Path) -> None:
    corpus, questions = xquad(shared)
    index = build("okapi", corpus, batches=4)
    reference = rank_bm25.BM25Okapi(corpus)
    for query in questions[:200]:
        scores = reference.get_scores(query)
        matching = [i for i, doc in enumerate(corpus) if set(query) & set(doc)]
        expected = sorted(matching, key=lambda i: (-scores[i], i))[:10]
        assert [doc_id for doc_id, _ in index.search(query, k=10)] == expected


# -- edge cases ---------------------------------------------------------------------------


@pytest.mark.parametrize("variant", [*REFERENCES, "lucene"])
def test_an_empty_index_answers_nothing(variant: str) -> None:
    index = BM25Index(variant)
    assert len(index) == 0
    assert index.search(["apple"]) == []
    assert index.get_scores(["apple"]) == {}


@pytest.mark.parametrize("variant", [*REFERENCES, "lucene"])
def test_empty_query_unknown_terms_and_k(variant: str) -> None:
    index = build(variant, [["apple", "berry"], ["berry"], [], ["cherry"]])
    assert index.search([]) == []
    assert index.search(["durian", "elder"]) == []
    assert index.search(["berry"], k=0) == []
    assert index.search(["berry"], k=-3) == []
    hits = index.search(["berry", "apple"], k=100)  # k beyond the corpus: only the matches
    assert [doc_id for doc_id, _ in hits] == [0, 1]
    assert index.search(["berry", "apple"], k=1) == hits[:1]


def test_an_empty_corpus_of_empty_documents_divides_by_nothing() -> None:
    index = build("okapi", [[], []])
    assert index.get_scores(["apple"]) == {0: 0.0, 1: 0.0}
    assert index.search(["apple"]) == []


def test_ties_go_to_the_smaller_id_whatever_the_insertion_order() -> None:
    index = BM25Index()
    for doc_id in (9, 3, 7, 1, 5):
        index.add(doc_id, ["same", "words"])
    index.add(4, ["other"])
    assert [doc_id for doc_id, _ in index.search(["same"], k=3)] == [1, 3, 5]
    assert [doc_id for doc_id, _ in index.search(["same"], k=10)] == [1, 3, 5, 7, 9]


def test_plus_search_returns_only_matching_documents() -> None:
    index = build("plus", [["apple"], ["berry"], ["cherry"]])
    scores = index.get_scores(["apple", "berry"])
    assert scores[2] > 0  # BM25+ scores every document...
    assert [doc_id for doc_id, _ in index.search(["apple", "berry"])] == [0, 1]  # ...not a hit


@settings(max_examples=100, deadline=None)
@given(corpus=corpora(), query=queries, k=st.integers(-1, 15))
def test_search_is_the_top_of_get_scores_and_mutates_nothing(
    corpus: Corpus, query: list[str], k: int
) -> None:
    index = build("okapi", corpus, batches=2)
    index.remove(0)
    before = pickle.dumps(vars(index))
    hits = index.search(query, k)
    scores = index.get_scores(query)
    assert pickle.dumps(vars(index)) == before
    matching = [i for i in scores if set(query) & set(corpus[i])]
    expected = sorted(matching, key=lambda i: (-scores[i], i))[: max(k, 0)]
    assert hits == [(i, scores[i]) for i in expected]
    assert index.search(query, k) == hits


@pytest.mark.parametrize("variant", ["okapi", "lucene"])
def test_a_term_frequency_past_uint16_scores_as_get_scores(variant: str) -> None:
    # tf 70,000 does not fit the uint16 postings (or the compiled kernel's numerator table):
    # that segment takes the numpy path; the scores must not tell the difference.
    corpus = [["spam"] * 70_000 + ["eggs"], ["spam", "ham"], ["eggs", "ham"], ["toast"]]
    index = build(variant, corpus, batches=2)
    for query in (["spam"], ["spam", "ham", "spam"], ["eggs", "spam"]):
        scores = index.get_scores(query)
        matching = [i for i in scores if set(query) & set(corpus[i])]
        expected = sorted(matching, key=lambda i: (-scores[i], i))
        assert index.search(query, k=10) == [(i, scores[i]) for i in expected]


def test_adding_an_existing_id_fails_and_changes_nothing() -> None:
    index = build("okapi", [["apple"], ["berry"]])
    before = pickle.dumps(vars(index))
    with pytest.raises(DuplicateDocumentError, match="document 1 is already in the index"):
        index.add_many([(2, ["cherry"]), (1, ["apple"])])
    with pytest.raises(DuplicateDocumentError):
        index.add_many([(5, ["cherry"]), (5, ["apple"])])
    assert pickle.dumps(vars(index)) == before


def test_remove_then_add_again() -> None:
    index = build("okapi", [["apple"], ["berry"], ["apple", "cherry"]])
    index.remove(0)
    assert 0 not in index
    assert len(index) == 2
    assert [doc_id for doc_id, _ in index.search(["apple"])] == [2]
    with pytest.raises(UnknownDocumentError, match="document 0 is not in the index"):
        index.remove(0)
    with pytest.raises(UnknownDocumentError):
        index.remove_many([1, 1])
    index.add(0, ["apple", "apple"])
    assert 0 in index
    assert [doc_id for doc_id, _ in index.search(["apple"])] == [0, 2]


def test_bad_arguments_are_named() -> None:
    with pytest.raises(UnknownVariantError, match="unknown BM25 variant 'bm99'; use one of okapi"):
        BM25Index("bm99")
    with pytest.raises(InvalidParameterError, match=r"b=1\.5 is out of range"):
        BM25Index(b=1.5)
    with pytest.raises(InvalidParameterError, match="k1=-1"):
        BM25Index(k1=-1)
    with pytest.raises(TypeError, match="not a str"):
        BM25Index().add(1, "apple pie")


def test_variant_defaults_follow_rank_bm25() -> None:
    assert BM25Index("l").params.delta == 0.5
    assert BM25Index("plus").params.delta == 1.0
    assert BM25Index("plus", delta=0.25).params.delta == 0.25


@pytest.mark.parametrize("variant", ["okapi", "lucene", "l", "plus"])
def test_search_on_a_larger_corpus_is_the_top_of_get_scores(variant: str) -> None:
    # Zipf-like words: some lists cover most documents (the dense paths of search), some
    # only a few; removes leave dead postings in the segments, repeats count twice.
    rng = np.random.default_rng(11)
    words = [f"w{i}" for i in range(60)]
    weights = 1 / np.arange(1, 61)
    corpus = [
        [
            str(w)
            for w in rng.choice(words, size=int(rng.integers(1, 40)), p=weights / weights.sum())
        ]
        for _ in range(3000)
    ]
    index = build(variant, corpus, batches=5)
    index.remove_many(range(0, 3000, 7))
    for query in (["w0"], ["w59", "w1"], ["w3", "w3", "w40", "w0"], words[::6], ["w58"]):
        scores = index.get_scores(query)
        matching = [i for i in scores if set(query) & set(corpus[i])]
        for k in (1, 10, 50, 5000):
            expected = sorted(matching, key=lambda i: (-scores[i], i))[:k]
            assert index.search(query, k) == [(i, scores[i]) for i in expected]


@settings(max_examples=150, deadline=None)
@given(
    variant=st.sampled_from([*REFERENCES, "lucene"]),
    corpus=corpora(),
    query=queries,
    k=st.integers(1, 15),
    allowed=st.lists(st.booleans(), max_size=14),
)
def test_an_allowed_mask_keeps_the_scores_and_drops_only_what_it_masks(
    variant: str, corpus: Corpus, query: list[str], k: int, allowed: list[bool]
) -> None:
    """search(allowed=mask) is search over everything, filtered, then cut at k (ids past the
    mask's end are not allowed), in every variant and after a remove (dead rows)."""
    index = build(variant, corpus, batches=2)
    index.remove(0)
    mask = np.array(allowed, np.bool_)
    everything = index.search(query, len(corpus))
    expected = [(i, s) for i, s in everything if i < len(mask) and mask[i]][:k]
    assert index.search(query, k, allowed=mask) == expected


@settings(max_examples=150, deadline=None)
@given(
    variant=st.sampled_from([*REFERENCES, "lucene"]),
    corpus=corpora(),
    query=queries,
    k=st.integers(1, 15),
    bonus=st.lists(st.floats(0, 5), max_size=14),
    allowed=st.none() | st.lists(st.booleans(), max_size=14),
)
def test_a_bonus_is_added_to_matching_documents_before_the_top_k(
    variant: str,
    corpus: Corpus,
    query: list[str],
    k: int,
    bonus: list[float],
    allowed: list[bool] | None,
) -> None:
    """search(bonus=b) ranks the matching documents by score + b[id] (0 past b's end), ties by
    id, in every variant, after a remove, with or without a mask."""
    index = build(variant, corpus, batches=2)
    index.remove(0)
    extra = np.array(bonus, np.float64)
    mask = None if allowed is None else np.array(allowed, np.bool_)
    scores = dict(index.search(query, len(corpus)))  # every matching live document
    fused = {
        i: s + (bonus[i] if i < len(bonus) else 0.0)
        for i, s in scores.items()
        if mask is None or (i < len(mask) and mask[i])
    }
    found = index.search(query, k, allowed=mask, bonus=extra)
    expected = sorted(fused, key=lambda i: (-fused[i], i))[:k]
    assert [i for i, _ in found] == expected or _ties_only(found, expected, fused)
    for i, score in found:
        assert score == pytest.approx(fused[i], rel=RTOL)


def _ties_only(
    found: list[tuple[int, float]], expected: list[int], fused: dict[int, float]
) -> bool:
    """The two orders differ only among scores equal up to float rounding."""
    return len(found) == len(expected) and all(
        math.isclose(fused[a], fused[b], rel_tol=RTOL)
        for (a, _), b in zip(found, expected, strict=True)
    )


@settings(max_examples=150, deadline=None)
@given(
    variant=st.sampled_from(["lucene", "l"]),
    corpus=corpora(min_size=2),
    query=queries,
    groups=st.lists(st.integers(0, 4), min_size=12, max_size=12),
)
def test_group_scores_are_bm25_of_the_groups_taken_as_documents(
    variant: str, corpus: Corpus, query: list[str], groups: list[int]
) -> None:
    """group_scores over passages grouped into articles equals the same variant's scores
    of the articles as whole documents (their passages joined), for the groups that match;
    removed passages leave their group."""
    index = build(variant, corpus, batches=2)
    index.remove(0)
    group_of = np.array(groups, np.int64)
    joined: dict[int, list[str]] = {}
    for i in range(1, len(corpus)):
        joined.setdefault(groups[i], []).extend(corpus[i])
    whole = build(variant, [joined[g] for g in sorted(joined)])
    expected = dict(zip(sorted(joined), whole.get_scores(query).values(), strict=True))
    got = index.group_scores(query, group_of)
    for group, words in joined.items():
        if set(query) & set(words):
            assert got[group] == pytest.approx(expected[group], rel=RTOL, abs=1e-12)
        elif group < len(got):
            assert got[group] == 0.0


def test_group_scores_follow_adds_and_removes() -> None:
    index = build("lucene", [["apple"], ["apple", "berry"], ["cherry"]])
    group_of = np.array([0, 0, 1, 1], np.int64)
    before = index.group_scores(["apple"], group_of)
    index.add(3, ["apple", "apple"])
    after = index.group_scores(["apple"], group_of)
    assert after[1] > 0 == before[1]
    index.remove_many([0, 1])
    assert index.group_scores(["apple"], group_of)[0] == 0.0


def test_docs_with_lists_the_live_documents_holding_a_term() -> None:
    index = build("lucene", [["apple"], ["berry", "apple"], ["cherry"], ["apple"]])
    index.remove(3)
    assert sorted(index.docs_with("apple").tolist()) == [0, 1]
    assert index.docs_with("unknown").tolist() == []
