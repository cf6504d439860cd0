"""Retrieval core: the analyzer, the BM25 index, the query language and snippets (pure:
stdlib, numpy, PyStemmer, dateutil). `articles` uses only what this module exports."""

from index.analyze import (
    ENGLISH_STOP_WORDS,
    SUPPORTED_LANGUAGES,
    Span,
    analyze,
    analyze_marked,
    analyze_spans,
)
from index.bm25 import (
    BM25Error,
    BM25Index,
    DocMask,
    DuplicateDocumentError,
    InvalidParameterError,
    UnknownDocumentError,
    UnknownVariantError,
)
from index.fragments import link_to_excerpt, text_fragment
from index.percolator import Percolator
from index.persist import (
    IndexCorruptError,
    IndexMissingError,
    LoadedIndex,
    load_index,
    save_index,
)
from index.query import (
    QUOTES,
    Phrase,
    Query,
    analyze_words,
    date_matches,
    excluded,
    find_phrase,
    make_phrase,
    matches_phrases,
    normalise_site,
    parse_query,
    phrase_matches,
    site_key,
    site_key_matches,
    site_matches,
)
from index.scoring import idf_lucene
from index.sentences import sentence_spans, trimmed
from index.snippets import Snippet, best_snippet

__all__ = [
    "ENGLISH_STOP_WORDS",
    "QUOTES",
    "SUPPORTED_LANGUAGES",
    "BM25Error",
    "BM25Index",
    "DocMask",
    "DuplicateDocumentError",
    "IndexCorruptError",
    "IndexMissingError",
    "InvalidParameterError",
    "LoadedIndex",
    "Percolator",
    "Phrase",
    "Query",
    "Snippet",
    "Span",
    "UnknownDocumentError",
    "UnknownVariantError",
    "analyze",
    "analyze_marked",
    "analyze_spans",
    "analyze_words",
    "best_snippet",
    "date_matches",
    "excluded",
    "find_phrase",
    "idf_lucene",
    "link_to_excerpt",
    "load_index",
    "make_phrase",
    "matches_phrases",
    "normalise_site",
    "parse_query",
    "phrase_matches",
    "save_index",
    "sentence_spans",
    "site_key",
    "site_key_matches",
    "site_matches",
    "text_fragment",
    "trimmed",
]
