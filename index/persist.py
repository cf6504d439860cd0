"""Saving a BM25Index to a directory and loading it back, memory-mapped.

Layout of the directory:
    manifest.json        format version, variant, parameters, counts, the watermark, and
                         for every file its name, size and CRC-32 (written last, atomically)
    gN-vocab.txt         the terms in id order, UTF-8, one per line (JSON list if a term
                         holds a newline: see the manifest's "vocab_encoding")
    gN-<column>.npy      per-document and per-term arrays (doc ids, lengths, live flags, ...)
    gN-seg<i>-<part>.npy postings of segment i (0 = main): offsets, rows, tfs

N is the generation, one more at every save, so a save never overwrites a file the current
manifest points at: new files are written (each to a temporary name, then renamed), then
the manifest is replaced in one os.replace, then the previous generation's files are
deleted. A crash at any point leaves either the old index or the new one.

Arrays are loaded with np.load(mmap_mode="r"): the OS pages postings in on demand and the
index never writes into them (adds go to new delta segments, merges build new arrays).
Whatever is wrong with a directory (missing, truncated, bad JSON, another format version,
other parameters than expected, checksum mismatch) raises IndexCorruptError naming the file;
the caller then rebuilds the index from its database.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from index.bm25 import (
    APPEND_ONLY_COLUMNS,
    IN_PLACE_COLUMNS,
    BM25Error,
    BM25Index,
    IndexState,
)
from index.scoring import Params
from index.segments import Segment, SegmentSet

FORMAT = "articlebot-bm25"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_OURS = re.compile(r"g\d+-[a-z0-9_-]+\.(npy|txt|json)(\.tmp)?|manifest\.json\.tmp")
_SEGMENT_PARTS = ("offsets", "rows", "tfs")
_DTYPES = {  # the dtype every array must have (tfs: uint16 or uint32)
    "doc_ids": ("int64",),
    "doc_len": ("int64",),
    "fwd_offsets": ("int64",),
    "fwd_terms": ("int32",),
    "df": ("int64",),
    "first_pos": ("int64",),
    "live": ("bool",),
    "offsets": ("int64",),
    "rows": ("int32",),
    "tfs": ("uint16", "uint32"),
    "extra": ("int64",),
}


class IndexCorruptError(BM25Error):
    """A saved index cannot be used as it is; the caller rebuilds it from the database."""


class IndexMissingError(IndexCorruptError):
    """No saved index in the directory (e.g. the first run): also a reason to rebuild."""


@dataclass(frozen=True)
class LoadedIndex:
    index: BM25Index
    watermark: int  # what the caller passed to save_index, e.g. the last passage id indexed
    # The caller's own int64 arrays saved with the index (e.g. what each document was made of).
    extras: dict[str, NDArray[np.int64]] = field(default_factory=dict)


@dataclass(frozen=True)
class _FileInfo:
    name: str
    size: int
    crc32: int


def save_index(
    index: BM25Index,
    directory: Path,
    *,
    watermark: int = 0,
    extras: Mapping[str, NDArray[np.int64]] | None = None,
) -> None:
    """Write `index` to `directory` (created if needed), replacing what was saved there.

    Atomic: until the new manifest is in place a load sees the previous save, after it the
    new one. `watermark` and `extras` (int64 arrays, names of [a-z0-9_]) are stored as they
    are and handed back by load_index.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    old = _previous_files(directory)
    generation = _previous_generation(directory) + 1
    state = index.export_state()
    prefix = f"g{generation}-"
    files: dict[str, _FileInfo] = {}

    if any("\n" in term for term in state.terms):
        vocab_encoding, vocab = "json", json.dumps(state.terms, ensure_ascii=False)
    else:
        vocab_encoding, vocab = "lines", "\n".join(state.terms)
    files["vocab"] = _write_bytes(directory, prefix + "vocab.txt", vocab.encode("utf-8"))
    for name in (*APPEND_ONLY_COLUMNS, *IN_PLACE_COLUMNS):
        files[name] = _write_array(directory, f"{prefix}{name}.npy", state.columns[name])
    for i, segment in enumerate(state.segments.all()):
        for part in _SEGMENT_PARTS:
            array = getattr(segment, part)
            files[f"seg{i}-{part}"] = _write_array(directory, f"{prefix}seg{i}-{part}.npy", array)

    for name, values in (extras or {}).items():
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise ValueError(f"extra array name {name!r}: use lower-case letters, digits and _")
        data = np.ascontiguousarray(values, dtype=np.int64)
        files[f"extra-{name}"] = _write_array(directory, f"{prefix}extra-{name}.npy", data)

    p = state.params
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "generation": generation,
        "watermark": int(watermark),
        "variant": state.variant,
        "params": {"k1": p.k1, "b": p.b, "epsilon": p.epsilon, "delta": p.delta},
        "n_docs": len(index),
        "n_rows": len(state.columns["doc_ids"]),
        "n_terms": len(state.terms),
        "n_segments": len(state.segments.all()),
        "holds_dead": state.segments.holds_dead,
        "vocab_encoding": vocab_encoding,
        "extras": sorted(extras or {}),
        "files": {key: vars(info) for key, info in files.items()},
    }
    _write_bytes(directory, MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    _fsync_dir(directory)
    keep = {info.name for info in files.values()} | {MANIFEST}
    for name in old - keep:  # the previous generation, and temporaries of a crashed save
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()


def load_index(
    directory: Path,
    *,
    variant: str | None = None,
    k1: float | None = None,
    b: float | None = None,
    epsilon: float | None = None,
    delta: float | None = None,
    verify: bool = True,
) -> LoadedIndex:
    """The index saved in `directory`, its arrays memory-mapped, and its watermark.

    Variant and parameters given here must equal the saved ones (None: accept the saved
    one). verify=True checks every file's CRC-32 (reads every byte once); False checks
    sizes and structure only and leaves paging-in to the first queries.
    Raises IndexMissingError or IndexCorruptError (both BM25Error).
    """
    directory = Path(directory)
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise IndexMissingError(
            f"no saved index in {directory} ({MANIFEST} not found); "
            "the index will be rebuilt from the database"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _corrupt(manifest_path, f"unreadable JSON ({error})") from error
    try:
        return _load(directory, manifest, variant, (k1, b, epsilon, delta), verify)
    except IndexCorruptError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        reason = f"malformed manifest ({type(error).__name__}: {error})"
        raise _corrupt(manifest_path, reason) from error


def _load(
    directory: Path,
    manifest: dict[str, Any],
    variant: str | None,
    wanted: tuple[float | None, ...],
    verify: bool,
) -> LoadedIndex:
    manifest_path = directory / MANIFEST
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        found = f"{manifest.get('format')!r} version {manifest.get('version')!r}"
        raise _corrupt(
            manifest_path, f"format {found}, this program reads {FORMAT!r} {FORMAT_VERSION}"
        )
    saved = manifest["params"]
    params = Params(
        float(saved["k1"]), float(saved["b"]), float(saved["epsilon"]), float(saved["delta"])
    )
    if variant is not None and variant != manifest["variant"]:
        raise _corrupt(
            manifest_path, f"saved with variant {manifest['variant']!r}, expected {variant!r}"
        )
    for name, want in zip(("k1", "b", "epsilon", "delta"), wanted, strict=True):
        if want is not None and float(want) != getattr(params, name):
            raise _corrupt(
                manifest_path,
                f"saved with {name}={getattr(params, name)}, expected {name}={want}",
            )
    files = {key: _FileInfo(**info) for key, info in manifest["files"].items()}

    vocab_path = _checked_file(directory, files["vocab"])
    raw = vocab_path.read_bytes()
    if verify and zlib.crc32(raw) != files["vocab"].crc32:
        raise _corrupt(vocab_path, "checksum mismatch")
    try:
        text = raw.decode("utf-8")
        if manifest["vocab_encoding"] == "json":
            terms = json.loads(text)
        else:
            terms = text.split("\n") if text else []
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _corrupt(vocab_path, f"undecodable ({error})") from error

    def array(key: str, kind: str) -> NDArray[Any]:
        return _load_array(directory, files[key], kind, verify)

    columns = {name: array(name, name) for name in (*APPEND_ONLY_COLUMNS, *IN_PLACE_COLUMNS)}
    segments = []
    for i in range(int(manifest["n_segments"])):
        offsets, rows, tfs = (array(f"seg{i}-{part}", part) for part in _SEGMENT_PARTS)
        _check(directory / files[f"seg{i}-rows"].name, len(rows) == len(tfs), "rows ≠ tfs")
        ends_right = len(offsets) >= 1 and offsets[0] == 0 and offsets[-1] == len(rows)
        _check(directory / files[f"seg{i}-offsets"].name, bool(ends_right), "offsets")
        segments.append(Segment(offsets, rows, tfs))
    _check(manifest_path, len(segments) >= 1, "no segments")

    n_rows, n_terms = int(manifest["n_rows"]), int(manifest["n_terms"])
    sizes = {
        "vocab": (len(terms), n_terms),
        "doc_ids": (len(columns["doc_ids"]), n_rows),
        "doc_len": (len(columns["doc_len"]), n_rows),
        "live": (len(columns["live"]), n_rows),
        "fwd_offsets": (len(columns["fwd_offsets"]), n_rows + 1),
        "fwd_terms": (len(columns["fwd_terms"]), int(columns["fwd_offsets"][-1])),
        "df": (len(columns["df"]), n_terms),
        "first_pos": (len(columns["first_pos"]), n_terms),
    }
    for key, (got, expected) in sizes.items():
        _check(directory / files[key].name, got == expected, f"{got} entries, not {expected}")
    n_live = int(np.count_nonzero(columns["live"]))
    _check(directory / files["live"].name, n_live == manifest["n_docs"], "live count")

    state = IndexState(
        manifest["variant"],
        params,
        terms,
        columns,
        SegmentSet(segments[0], tuple(segments[1:]), bool(manifest["holds_dead"])),
    )
    try:
        index = BM25Index.from_state(state)
    except BM25Error as error:  # e.g. an unknown variant or parameters out of range
        raise _corrupt(manifest_path, str(error)) from error
    extras = {name: array(f"extra-{name}", "extra") for name in manifest.get("extras", [])}
    return LoadedIndex(index, int(manifest["watermark"]), extras)


def _load_array(directory: Path, info: _FileInfo, kind: str, verify: bool) -> NDArray[Any]:
    path = _checked_file(directory, info)
    try:
        array: NDArray[Any] = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError, EOFError) as error:
        raise _corrupt(path, f"not a readable .npy array ({error})") from error
    _check(path, array.ndim == 1 and str(array.dtype) in _DTYPES[kind], "wrong shape or dtype")
    if verify and zlib.crc32(_data_bytes(array)) != info.crc32:
        raise _corrupt(path, "checksum mismatch")
    plain: NDArray[Any] = array.view(np.ndarray)  # same mapped pages, without np.memmap's
    return plain  # per-slice Python overhead


def _checked_file(directory: Path, info: _FileInfo) -> Path:
    path = directory / info.name
    if "/" in info.name or "\\" in info.name or info.name.startswith("."):
        raise _corrupt(directory / MANIFEST, f"bad file name {info.name!r}")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _corrupt(path, "missing") from error
    _check(path, size == info.size, f"{size} bytes, the manifest says {info.size}")
    return path


def _check(path: Path, ok: bool, what: str) -> None:
    if not ok:
        raise _corrupt(path, f"inconsistent ({what})")


def _corrupt(path: Path, reason: str) -> IndexCorruptError:
    return IndexCorruptError(
        f"saved index file {path} is unusable: {reason}; "
        "the index will be rebuilt from the database"
    )


def _data_bytes(array: NDArray[Any]) -> memoryview:
    contiguous: Any = np.ascontiguousarray(array)
    return memoryview(contiguous).cast("B")


def _write_array(directory: Path, name: str, array: NDArray[Any]) -> _FileInfo:
    array = np.ascontiguousarray(array)
    tmp = directory / (name + ".tmp")
    with tmp.open("wb") as f:
        np.save(f, array, allow_pickle=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, directory / name)
    crc = zlib.crc32(_data_bytes(array)) if array.size else 0
    return _FileInfo(name, (directory / name).stat().st_size, crc)


def _write_bytes(directory: Path, name: str, data: bytes) -> _FileInfo:
    tmp = directory / (name + ".tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, directory / name)
    return _FileInfo(name, len(data), zlib.crc32(data))


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _previous_files(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir() if _OURS.fullmatch(p.name)}


def _previous_generation(directory: Path) -> int:
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        return int(manifest["generation"])
    except (OSError, ValueError, KeyError, TypeError):
        generations = [
            int(m.group(1)) for p in directory.iterdir() if (m := re.match(r"g(\d+)-", p.name))
        ]
        return max(generations, default=0)
