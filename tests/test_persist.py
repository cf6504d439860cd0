"""save_index / load_index: bitwise-equal scores after a round trip, and named failures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rank_bm25
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import BM25Error, BM25Index
from index.persist import (
    MANIFEST,
    IndexCorruptError,
    IndexMissingError,
    load_index,
    save_index,
)

VOCAB = ["apple", "berry", "cherry", "date", "elder", "fig", "grape"]
QUERIES = [["apple"], ["berry", "cherry", "berry"], VOCAB, ["fig", "unknown"], []]


def corpus(n: int, seed: int = 1) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    return [[str(w) for w in rng.choice(VOCAB, size=int(rng.integers(0, 12)))] for _ in range(n)]


def snapshot(index: BM25Index) -> list[object]:
    """Everything a caller can observe, floats compared bit for bit (repr)."""
    out: list[object] = [len(index)]
    for query in QUERIES:
        out.append(repr(index.get_scores(query)))
        out.append(repr(index.search(query, k=5)))
        out.append(repr(index.search(query, k=1000)))
    return out


def built(variant: str = "okapi", n: int = 60, batches: int = 3) -> BM25Index:
    docs = corpus(n)
    index = BM25Index(variant)
    step = max(1, n // batches)
    for start in range(0, n, step):
        index.add_many((i, docs[i]) for i in range(start, min(n, start + step)))
    return index


@pytest.mark.parametrize("variant", ["okapi", "l", "plus", "lucene"])
def test_round_trip_scores_bitwise(tmp_path: Path, variant: str) -> None:
    index = built(variant)
    index.remove_many([3, 10, 59])
    save_index(index, tmp_path, watermark=1234)
    result = load_index(tmp_path, variant=variant)
    loaded = result.index
    assert result.watermark == 1234
    assert snapshot(loaded) == snapshot(index)
    assert 3 not in loaded and 10 not in loaded and 4 in loaded
    assert loaded.variant == variant and loaded.params == index.params


def test_loaded_arrays_are_memory_mapped_and_never_written(tmp_path: Path) -> None:
    index = built()
    save_index(index, tmp_path)
    loaded = load_index(tmp_path).index
    main = loaded.export_state().segments.main
    assert isinstance(main.rows.base, np.memmap) or isinstance(main.rows.base.base, np.memmap)
    assert not main.rows.flags.writeable
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    docs = corpus(200, seed=2)
    loaded.add_many((1000 + i, d) for i, d in enumerate(docs))  # merges into a new main
    loaded.remove_many([0, 1, 1005])
    loaded.merge()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    variant=st.sampled_from(["okapi", "l", "plus", "lucene"]),
    gone=st.sets(st.integers(0, 39), max_size=10),
    more=st.integers(0, 30),
    gone_after=st.sets(st.integers(0, 39), max_size=5),
)
def test_adds_and_removes_after_a_load_equal_the_same_on_the_original(
    tmp_path: Path, variant: str, gone: set[int], more: int, gone_after: set[int]
) -> None:
    index = built(variant, n=40, batches=4)
    if gone:
        index.remove_many(sorted(gone))
    directory = tmp_path / f"{variant}-{len(gone)}-{more}-{len(gone_after)}"
    save_index(index, directory)
    loaded = load_index(directory).index
    extra = corpus(more, seed=more + 3)
    for target in (index, loaded):
        target.add_many((100 + i, d) for i, d in enumerate(extra))
        target.remove_many(sorted(gone_after - gone))
    assert snapshot(loaded) == snapshot(index)
    save_index(loaded, directory, watermark=7)  # saving over the directory it maps
    again = load_index(directory)
    assert again.watermark == 7
    assert snapshot(again.index) == snapshot(index)


def test_loaded_okapi_scores_equal_rank_bm25(tmp_path: Path) -> None:
    docs = corpus(80, seed=5)
    index = BM25Index()
    index.add_many(enumerate(docs))
    index.remove_many(range(0, 80, 4))
    save_index(index, tmp_path)
    loaded = load_index(tmp_path).index
    rest = [i for i in range(80) if i % 4]
    reference = rank_bm25.BM25Okapi([docs[i] for i in rest])
    for query in QUERIES[:4]:
        got = loaded.get_scores(query)
        assert [got[i] for i in rest] == [float(s) for s in reference.get_scores(query)]


def test_empty_index_and_terms_with_newlines(tmp_path: Path) -> None:
    save_index(BM25Index("plus"), tmp_path / "empty")
    empty = load_index(tmp_path / "empty").index
    assert len(empty) == 0 and empty.search(["apple"]) == []
    empty.add(1, ["apple"])
    assert [doc for doc, _ in empty.search(["apple"])] == [1]

    odd = BM25Index()
    odd.add_many([(1, ["line\nbreak", "é"]), (2, ["", "é", "x"])])
    save_index(odd, tmp_path / "odd")
    assert snapshot(load_index(tmp_path / "odd").index) == snapshot(odd)
    assert load_index(tmp_path / "odd").index.search(["line\nbreak"]) == odd.search(["line\nbreak"])


def test_a_second_save_replaces_the_first_and_leaves_no_stray_files(tmp_path: Path) -> None:
    index = built()
    save_index(index, tmp_path, watermark=1)
    (tmp_path / "notes.txt").write_text("not ours")
    index.add(500, ["apple", "fig"])
    save_index(index, tmp_path, watermark=2)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    listed = {info["name"] for info in manifest["files"].values()}
    assert {p.name for p in tmp_path.iterdir()} == listed | {MANIFEST, "notes.txt"}
    assert manifest["generation"] == 2
    assert load_index(tmp_path).watermark == 2
    assert snapshot(load_index(tmp_path).index) == snapshot(index)


def test_merge_and_needs_merge() -> None:
    index = BM25Index(auto_merge=False)
    docs = corpus(100, seed=9)
    index.add_many(enumerate(docs[:50]))
    for i in range(50, 100):
        index.add(i, docs[i])
    assert index.needs_merge()
    index.remove(7)
    before = snapshot(index)
    index.merge()
    assert not index.needs_merge()
    assert snapshot(index) == before
    state = index.export_state().segments
    assert state.deltas == () and not state.holds_dead


# -- failures: each one a named error, naming the file, promising a rebuild -----------------


def saved(tmp_path: Path) -> Path:
    save_index(built(), tmp_path, watermark=5)
    return tmp_path


def manifest_of(directory: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((directory / MANIFEST).read_text())
    return data


def file_of(directory: Path, key: str) -> Path:
    files = manifest_of(directory)["files"]
    assert isinstance(files, dict)
    return directory / str(files[key]["name"])


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="rebuilt from the database"):
        load_index(tmp_path / "nowhere")
    assert issubclass(IndexMissingError, IndexCorruptError)
    assert issubclass(IndexCorruptError, BM25Error)


@pytest.mark.parametrize("key", ["seg0-rows", "doc_ids", "live", "vocab", "seg0-offsets"])
def test_truncated_file(tmp_path: Path, key: str) -> None:
    path = file_of(saved(tmp_path), key)
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(IndexCorruptError, match=rf"{path.name}.*rebuilt from the database"):
        load_index(tmp_path)


@pytest.mark.parametrize("key", ["seg0-tfs", "fwd_terms", "vocab"])
def test_flipped_byte_is_caught_by_the_checksum(tmp_path: Path, key: str) -> None:
    path = file_of(saved(tmp_path), key)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match=rf"{path.name}.*checksum"):
        load_index(tmp_path)
    load_index(tmp_path, verify=False)  # sizes and structure alone cannot see it


def test_missing_segment_file(tmp_path: Path) -> None:
    path = file_of(saved(tmp_path), "seg0-rows")
    path.unlink()
    with pytest.raises(IndexCorruptError, match=rf"{path.name}.*missing"):
        load_index(tmp_path)


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m.update(version=99),
        lambda m: m.update(format="other"),
        lambda m: m.pop("files"),
        lambda m: m.update(n_rows=3),
        lambda m: m.update(variant="bm99"),
        lambda m: m["params"].update(b=7.0),
    ],
)
def test_bad_manifest(tmp_path: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    directory = saved(tmp_path)
    manifest = manifest_of(directory)
    edit(manifest)
    (directory / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match=r"g1-|manifest\.json") as caught:
        load_index(directory)
    assert str(caught.value).endswith("the index will be rebuilt from the database")


def test_manifest_not_json(tmp_path: Path) -> None:
    directory = saved(tmp_path)
    (directory / MANIFEST).write_text('{"format": "articlebot-bm25", "vers')
    with pytest.raises(IndexCorruptError, match=r"manifest\.json.*JSON"):
        load_index(directory)


def test_other_variant_or_parameters_than_expected(tmp_path: Path) -> None:
    directory = saved(tmp_path)
    loaded = load_index(directory, variant="okapi", k1=1.5, b=0.75)
    assert loaded.watermark == 5 and snapshot(loaded.index) == snapshot(built())
    with pytest.raises(IndexCorruptError, match="variant 'okapi', expected 'plus'"):
        load_index(directory, variant="plus")
    with pytest.raises(IndexCorruptError, match=r"k1=1\.5, expected k1=1\.2"):
        load_index(directory, k1=1.2)
