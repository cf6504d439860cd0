"""Retrieval core: the analyzer and the BM25 index (pure: stdlib, numpy, PyStemmer)."""

from index.analyze import ENGLISH_STOP_WORDS, Span, analyze, analyze_spans
from index.bm25 import (
    BM25Error,
    BM25Index,
    DuplicateDocumentError,
    InvalidParameterError,
    UnknownDocumentError,
    UnknownVariantError,
)
from index.persist import (
    IndexCorruptError,
    IndexMissingError,
    LoadedIndex,
    load_index,
    save_index,
)

__all__ = [
    "ENGLISH_STOP_WORDS",
    "BM25Error",
    "BM25Index",
    "DuplicateDocumentError",
    "IndexCorruptError",
    "IndexMissingError",
    "InvalidParameterError",
    "LoadedIndex",
    "Span",
    "UnknownDocumentError",
    "UnknownVariantError",
    "analyze",
    "analyze_spans",
    "load_index",
    "save_index",
]
