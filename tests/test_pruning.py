"""The pruned top k (index/topk.py, index/blockmax.py) against every document's score.

Small blocks and windows (monkeypatched) make small corpora cross many of each, so every
branch of the kernel runs: windows skipped whole, terms looked up instead of added, block
maxima scaled after the average length grows, removed rows, several segments, ties."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index import BM25Index, blockmax, topk

WORDS = [f"w{i}" for i in range(14)]
ZIPF = 1 / np.arange(1, len(WORDS) + 1)


@pytest.fixture(params=[(2, 4), (4, 16), (128, 4096)], ids=["b2w4", "b4w16", "default"])
def small_blocks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    block, window = request.param
    monkeypatch.setattr(blockmax, "BLOCK", block)
    monkeypatch.setattr(topk, "WINDOW", window)
    monkeypatch.setattr(topk, "MIN_ROWS", 0)  # small corpora take the pruned path too
    yield


def expected_top(
    index: BM25Index, corpus: dict[int, list[str]], query: list[str], k: int
) -> list[tuple[int, float]]:
    scores = index.get_scores(query)  # rank-bm25's sums, in query order
    matching = [i for i in scores if set(query) & set(corpus[i])]
    best = sorted(matching, key=lambda i: (-scores[i], i))[: max(k, 0)]
    return [(i, scores[i]) for i in best]


def pruning_runs(index: BM25Index, query: list[str], k: int) -> bool:
    """Whether search takes the pruned path for this query (not the exhaustive fallback)."""
    terms = index._query(query)
    return index._search_pruned(terms, k, None) is not None if terms and k > 0 else False


corpus_sizes = st.integers(1, 120)


@st.composite
def library(draw: st.DrawFn) -> tuple[dict[int, list[str]], list[list[int]], list[int]]:
    """Documents under shuffled ids (so row order is not id order), added in batches, and
    some ids to remove."""
    n = draw(corpus_sizes)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    ids = rng.permutation(n * 3)[:n].tolist()
    corpus = {
        doc_id: [
            str(w) for w in rng.choice(WORDS, size=int(rng.integers(1, 12)), p=ZIPF / ZIPF.sum())
        ]
        for doc_id in ids
    }
    cuts = sorted(set(draw(st.lists(st.integers(1, max(n - 1, 1)), max_size=3))))
    batches = [ids[a:b] for a, b in zip([0, *cuts], [*cuts, n], strict=True) if ids[a:b]]
    removed = draw(st.lists(st.sampled_from(ids), max_size=n // 3, unique=True))
    return corpus, batches, removed


query_words = st.lists(st.sampled_from([*WORDS, "absent"]), min_size=1, max_size=7)


@pytest.mark.usefixtures("small_blocks")
@settings(max_examples=150, deadline=None)
@given(
    lib=library(),
    query=query_words,
    k=st.sampled_from([1, 2, 3, 10, 500]),
    variant=st.sampled_from(["okapi", "lucene"]),
    b=st.sampled_from([0.0, 0.75, 1.0]),
)
def test_pruned_top_k_is_the_top_of_every_score(
    lib: tuple[dict[int, list[str]], list[list[int]], list[int]],
    query: list[str],
    k: int,
    variant: str,
    b: float,
) -> None:
    corpus, batches, removed = lib
    index = BM25Index(variant, b=b, auto_merge=False)
    for batch in batches:
        index.add_many((doc_id, corpus[doc_id]) for doc_id in batch)
        index.search(query, k)  # block maxima of the segments so far, kept for later
    if removed and len(removed) < len(corpus):
        index.remove_many(removed)
    assert index.search(query, k) == expected_top(index, corpus, query, k)
    # A filter by doc id (shorter than the largest id: ids past its end are not allowed).
    allowed = np.zeros(max(corpus) // 2 + 1, np.bool_)
    allowed[::3] = True
    kept = {i: words for i, words in corpus.items() if i < len(allowed) and allowed[i]}
    expected = [(i, s) for i, s in expected_top(index, corpus, query, len(corpus)) if i in kept]
    assert index.search(query, k, allowed=allowed) == expected[:k]


@pytest.mark.usefixtures("small_blocks")
def test_maxima_stay_bounds_when_the_average_length_grows() -> None:
    # Maxima are computed at the first search; much longer documents added afterwards raise
    # the average length, which raises every old document's score: the scale must cover it.
    rng = np.random.default_rng(3)
    corpus = {i: [str(w) for w in rng.choice(WORDS[:6], size=3)] for i in range(400)}
    index = BM25Index(auto_merge=False)
    index.add_many(corpus.items())
    query = ["w0", "w1", "w5"]
    assert index.search(query, 5) == expected_top(index, corpus, query, 5)
    longer = {400 + i: ["w9"] * 200 for i in range(400)}
    corpus.update(longer)
    index.add_many(longer.items())
    assert pruning_runs(index, query, 5)
    for k in (1, 5, 50):
        assert index.search(query, k) == expected_top(index, corpus, query, k)


@pytest.mark.usefixtures("small_blocks")
def test_each_term_keeps_the_average_length_its_maxima_were_computed_with() -> None:
    # "w1"'s maxima are computed while long documents raise the average length, "w2"'s after
    # they are removed (a lower average: higher weights); when long documents come back, each
    # term's bound must be scaled from its own average, not from the first one.
    rng = np.random.default_rng(8)
    short = {i: [str(w) for w in rng.choice(WORDS[:12], size=3)] for i in range(300)}
    long = {1000 + i: ["w13"] * 300 for i in range(300)}
    index = BM25Index(auto_merge=False)
    index.add_many(short.items())
    index.add_many(long.items())
    index.merge()  # one segment: every term's maxima live in the same BlockMax
    corpus = {**short, **long}
    assert index.search(["w1"], 3) == expected_top(index, corpus, ["w1"], 3)
    index.remove_many(list(long))
    corpus = dict(short)
    assert index.search(["w2"], 3) == expected_top(index, corpus, ["w2"], 3)
    again = {2000 + i: ["w13"] * 300 for i in range(300)}
    index.add_many(again.items())
    corpus.update(again)
    for query in (["w2"], ["w1", "w2"], ["w2", "w3", "w4"]):
        assert pruning_runs(index, query, 5)
        assert index.search(query, 5) == expected_top(index, corpus, query, 5)


@pytest.mark.usefixtures("small_blocks")
def test_ties_across_windows_go_to_the_smaller_id() -> None:
    # The same text 300 times under descending ids: every score ties, the smallest ids win,
    # whichever window or segment their rows sit in.
    corpus = {1000 - i: ["w1", "w2", "w2"] for i in range(300)}
    index = BM25Index(auto_merge=False)
    items = list(corpus.items())
    index.add_many(items[:150])
    index.add_many(items[150:])
    for k in (1, 7, 299, 400, 10**12):
        assert index.search(["w2", "w1"], k) == expected_top(index, corpus, ["w2", "w1"], k)


def test_a_small_index_scores_every_match(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = {i: ["w1", "w2"] if i % 2 else ["w2"] for i in range(100)}
    index = BM25Index()
    index.add_many(corpus.items())
    monkeypatch.setattr(topk, "MIN_ROWS", 101)
    assert not pruning_runs(index, ["w1"], 3)
    monkeypatch.setattr(topk, "MIN_ROWS", 100)
    assert pruning_runs(index, ["w1"], 3)
    assert index.search(["w1", "w2"], 3) == expected_top(index, corpus, ["w1", "w2"], 3)


@pytest.mark.usefixtures("small_blocks")
def test_a_negative_idf_takes_the_exhaustive_path() -> None:
    # okapi floors a negative idf at epsilon times the average idf: with a negative epsilon
    # the floor stays negative, and bounds that assume weights >= 0 would drop documents.
    corpus = {i: ["common", f"own{i}"] for i in range(30)}
    index = BM25Index(epsilon=-1.0)
    index.add_many(corpus.items())
    query = ["common", "own4"]
    assert float(index._idf[index._vocab["common"]]) < 0
    assert not pruning_runs(index, query, 3)
    assert index.search(query, 3) == expected_top(index, corpus, query, 3)


@pytest.mark.usefixtures("small_blocks")
def test_a_merge_replaces_the_kept_maxima() -> None:
    rng = np.random.default_rng(5)
    corpus = {
        i: [str(w) for w in rng.choice(WORDS, size=6, p=ZIPF / ZIPF.sum())] for i in range(900)
    }
    index = BM25Index(auto_merge=False)
    items = list(corpus.items())
    for start in range(0, 900, 300):
        index.add_many(items[start : start + 300])
        index.search(["w0", "w3"], 10)
    assert len(index._block_max._kept) == 3
    index.merge()
    assert index.search(["w0", "w3"], 10) == expected_top(index, corpus, ["w0", "w3"], 10)
    assert len(index._block_max._kept) == 1  # the three old segments' maxima are dropped


def test_numba_is_imported_on_the_first_search_not_with_the_index() -> None:
    # Importing numba costs every start of the CLI ~0.2 s; only a search needs it.
    code = (
        "import sys\n"
        "from index import BM25Index\n"
        "assert 'numba' not in sys.modules, 'numba imported with the index'\n"
        "index = BM25Index()\n"
        "index.add_many([(1, ['w1'])])\n"
        "index.search(['w1'])\n"
        "assert 'numba' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.usefixtures("small_blocks")
def test_subnormal_idfs_take_the_exhaustive_path() -> None:
    # okapi with a tiny epsilon floors idfs into subnormal floats, where rounding is no longer
    # relative and no relative slack keeps a bound above a score (found by a second reader:
    # the pruned path answered 8 where every score ranks 7 first).
    docs = {
        8: ["t", "r0"],
        7: ["t", "t", "r1", "r1", "r1", "r1"],
        3: ["t", "r2", "r2", "r2"],
        4: ["t", "r3", "r3", "r3", "r3"],
    }
    index = BM25Index("okapi", epsilon=5e-323)
    index.add_many(docs.items())
    query = ["t", "t"]
    assert index.search(query, 1) == expected_top(index, docs, query, 1) == [(7, 3e-323)]
    assert not pruning_runs(index, query, 1)


@pytest.mark.usefixtures("small_blocks")
def test_an_absurd_k1_takes_the_exhaustive_path() -> None:
    # With k1 near the float maximum, weights become subnormal or overflow (a second reader's
    # finding): no relative slack bounds them, so such an index scores every match.
    corpus = {i: ["a", "b"] if i % 2 else ["a"] for i in range(40)}
    for k1, pruned in ((1e300, False), (1.2, True)):
        index = BM25Index("lucene", k1=k1)
        index.add_many(corpus.items())
        assert pruning_runs(index, ["a", "b"], 5) is pruned
        assert index.search(["a", "b"], 5) == expected_top(index, corpus, ["a", "b"], 5)


def test_concurrent_searches_share_the_block_maxima_safely(monkeypatch: pytest.MonkeyPatch) -> None:
    # Searches in threads while no add runs (the caller's lock keeps adds out): one search
    # listing the kept maxima while another stored a new segment's raised "dictionary
    # changed size during iteration" (found by a second reader).
    monkeypatch.setattr(topk, "MIN_ROWS", 0)
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so the interleaving happens
    try:
        rng = np.random.default_rng(0)
        index = BM25Index(auto_merge=False)  # every add leaves a segment of its own
        errors: list[BaseException] = []

        def searcher(seed: int) -> None:
            local = np.random.default_rng(seed)
            for _ in range(3):
                try:
                    index.search([str(w) for w in local.choice(WORDS, 3)], 5)
                except BaseException as error:  # the test reports whatever a search raised
                    errors.append(error)

        next_id = 0
        for phase in range(120):
            index.add_many((next_id + i, [str(w) for w in rng.choice(WORDS, 8)]) for i in range(5))
            next_id += 5
            threads = [threading.Thread(target=searcher, args=(phase * 4 + t,)) for t in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert not errors, errors[0]
    finally:
        sys.setswitchinterval(old_interval)


@pytest.mark.parametrize("prune_from", [0, 10**12], ids=["pruned", "every match"])
def test_negative_ids_are_outside_every_mask(
    monkeypatch: pytest.MonkeyPatch, prune_from: int
) -> None:
    # A negative doc id indexed a filter from its end (or, in the compiled kernel, outside
    # it: a crash). Found by a second reader. Ids below 0 are outside a mask, as those past
    # its end are: not allowed, no bonus, no group.
    monkeypatch.setattr(topk, "MIN_ROWS", prune_from)
    index = BM25Index("lucene")
    index.add_many([(-(10**12), ["a"]), (-1, ["a", "a"]), (1, ["a", "b"])])
    allowed = np.ones(4, np.bool_)
    assert [doc_id for doc_id, _ in index.search(["a"], 5, allowed=allowed)] == [1]
    bonus = np.full(4, 100.0)
    plain = dict(index.search(["a"], 5))
    boosted = dict(index.search(["a"], 5, bonus=bonus))
    assert boosted[-1] == plain[-1] and boosted[1] == plain[1] + 100.0
    group_of = np.array([-1, 0], np.int64)  # doc 1 alone is group 0
    alone = BM25Index("lucene")
    alone.add_many([(1, ["a", "b"])])
    expected = alone.group_scores(["a"], group_of)
    assert index.group_scores(["a"], group_of).tolist() == expected.tolist()
    assert expected[0] > 0
