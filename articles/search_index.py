"""The BM25 index over stored passages: derived from the database, saved to disk, kept in step.

The database is the truth. The index is loaded from its last save (memory-mapped), then
caught up with the passages added or removed since; a missing or corrupt save is rebuilt.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from articles.language import detect_language
from articles.models import Article, LibraryMeta, Passage
from articles.rerank import with_title
from index import (
    BM25Index,
    IndexCorruptError,
    IndexMissingError,
    analyze,
    load_index,
    save_index,
)

log = logging.getLogger(__name__)

# Articles whose language is neither declared nor detectable are analyzed as English.
DEFAULT_LANGUAGE = "en"
# The product's ranking, chosen on bench/quality.py's numbers (bench/README.md): lucene's idf
# stays positive in a one-article library, where okapi's turns the order upside down.
VARIANT, K1, B = "lucene", 1.2, 0.6
_BATCH = 2000


def new_index() -> BM25Index:
    return BM25Index(variant=VARIANT, k1=K1, b=B)


def passage_terms(text: str, title: str, language: str) -> list[str]:
    """What a passage is indexed under: its own terms and its article's title terms."""
    return with_title(analyze(text, language), analyze(title, language))


class PassageIndex:
    """Thread-safe search over the passages; `directory` (optional) holds its saved copy."""

    def __init__(self, sessions: sessionmaker[Session], directory: Path | None = None) -> None:
        self._sessions = sessions
        self._base_directory = directory
        self._lock = threading.RLock()
        self._index = new_index()
        # Passages per analyzer language: a question is analyzed like the passages it targets.
        self._languages: Counter[str] = Counter()
        self._seen_max_id = 0  # the newest passage id the index has caught up with
        self._dirty = False

    # -- lifecycle -------------------------------------------------------------------------

    def load(self) -> None:
        """The saved index caught up with the database, or a rebuild if there is none."""
        directory = self._directory()
        if directory is None:
            self.rebuild()
            return
        try:
            with _locked(directory):
                loaded = load_index(directory, variant=VARIANT, k1=K1, b=B)
        except IndexMissingError:
            log.info("no saved index in %s yet: building it from the database", directory)
            self.rebuild()
            return
        except IndexCorruptError as exc:
            log.warning("%s", exc)
            self.rebuild()
            return
        with self._lock:
            self._index = loaded.index
            self._seen_max_id = loaded.watermark
        self.catch_up()

    def rebuild(self) -> None:
        """Index every stored passage from scratch (also `articlebot reindex`)."""
        index = new_index()
        with self._sessions() as session:
            rows = session.execute(
                select(Passage.id, Passage.text, Article.title, Article.language)
                .join(Article)
                .order_by(Passage.id)
                .execution_options(yield_per=_BATCH)
            )
            for chunk in rows.partitions():
                index.add_many(
                    (pid, passage_terms(text, title, lang or DEFAULT_LANGUAGE))
                    for pid, text, title, lang in chunk
                )
        index.merge()
        with self._lock:
            self._index = index
            self._dirty = True
        self._recount()
        log.info("index built: %d passages", len(index))

    def save(self) -> None:
        """Write the index beside the data if it changed since it was loaded or saved."""
        directory = self._directory()
        with self._lock:
            if directory is None or not self._dirty:
                return
            with _locked(directory):
                save_index(self._index, directory, watermark=self._seen_max_id)
            self._dirty = False

    # -- keeping in step ---------------------------------------------------------------------

    def catch_up(self) -> None:
        """Add the passages the index lacks and drop those the database no longer has."""
        with self._sessions() as session:
            stored = set(session.scalars(select(Passage.id)))
        with self._lock:
            known = set(self._index.doc_ids())
        missing, gone = sorted(stored - known), known - stored
        for start in range(0, len(missing), _BATCH):
            self._add_rows(missing[start : start + _BATCH])
        if gone or missing:
            with self._lock:
                self._index.remove_many(gone)
                self._dirty = True
            log.info("index caught up: %d passages added, %d removed", len(missing), len(gone))
        self._recount()

    def refresh_if_changed(self) -> None:
        """Catch up when another process (a CLI ingest) stored passages since we looked."""
        with self._sessions() as session:
            newest = session.scalar(select(func.max(Passage.id))) or 0
        if newest != self._seen_max_id:
            self.catch_up()

    def replace(
        self,
        stale: Sequence[int],
        fresh: Sequence[tuple[int, list[str]]],
        language: str,
        stale_language: str | None = None,
    ) -> None:
        """Swap an article's old passages for its new ones (either list may be empty)."""
        with self._lock:
            gone = [pid for pid in stale if pid in self._index]
            self._index.remove_many(gone)
            self._index.add_many([item for item in fresh if item[0] not in self._index])
            # Counted here, not re-queried: an ingest of many articles stays linear.
            self._languages[stale_language or language] -= len(gone)
            self._languages[language] += len(fresh)
            self._seen_max_id = max([self._seen_max_id, *(pid for pid, _ in fresh)])
            self._dirty = True

    def _add_rows(self, ids: Sequence[int]) -> None:
        with self._sessions() as session:
            rows = session.execute(
                select(Passage.id, Passage.text, Article.title, Article.language)
                .join(Article)
                .where(Passage.id.in_(ids))
            ).all()
        items = [
            (pid, passage_terms(text, title, lang or DEFAULT_LANGUAGE))
            for pid, text, title, lang in rows
        ]
        with self._lock:
            self._index.add_many([item for item in items if item[0] not in self._index])

    def _recount(self) -> None:
        with self._sessions() as session:
            counts = session.execute(
                select(Article.language, func.count(Passage.id))
                .join(Passage)
                .group_by(Article.language)
            ).all()
            newest = session.scalar(select(func.max(Passage.id))) or 0
        languages: Counter[str] = Counter()
        for language, count in counts:
            languages[language or DEFAULT_LANGUAGE] += count
        with self._lock:
            self._languages = languages
            self._seen_max_id = max(self._seen_max_id, newest)

    # -- reading -------------------------------------------------------------------------------

    def search(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        with self._lock:
            return self._index.search(terms, k=k)

    def __len__(self) -> int:
        with self._lock:
            return len(self._index)

    def query_language(self, question: str) -> str:
        """The library's language, or, in a multilingual library, the question's if it is clear."""
        with self._lock:
            present = [lang for lang, count in self._languages.most_common() if count > 0]
        if len(present) <= 1:
            return present[0] if present else DEFAULT_LANGUAGE
        detected = detect_language(question, min_confidence=0.5)
        return detected if detected in present else present[0]

    def _directory(self) -> Path | None:
        """<base>/<library id>: a saved index belongs to one database, never another's."""
        if self._base_directory is None:
            return None
        with self._sessions() as session:
            library_id = session.scalar(
                select(LibraryMeta.value).where(LibraryMeta.key == "library_id")
            )
        return self._base_directory / (library_id or "unknown")


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One process at a time reads or writes a saved index (the bot and a CLI ingest)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
