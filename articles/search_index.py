"""The BM25 index over stored passages: derived from the database, saved to disk, kept in step.

The database is the truth. On start the index is loaded from its last save (memory-mapped)
and reconciled with the stored passages, or rebuilt when the save is missing or damaged.
While it runs it catches up from the change log (articles.changes), so what another process
(a CLI ingest, a feed poll) commits is seen at the next search, in whatever order it commits.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout
from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, sessionmaker

from articles.catalog import ArticleFacts, Catalog, passage_tag
from articles.changes import changes_since, current_version
from articles.language import detect_language
from articles.models import Article, LibraryMeta, Passage
from index import (
    BM25Index,
    DocMask,
    IndexCorruptError,
    IndexMissingError,
    Query,
    analyze,
    idf_lucene,
    load_index,
    save_index,
)

log = logging.getLogger(__name__)

# Articles whose language is neither declared nor detectable are analyzed as English.
DEFAULT_LANGUAGE = "en"
# The product's ranking, chosen on bench/quality.py's numbers (bench/README.md): lucene's idf
# stays positive in a one-article library, where okapi's turns the order upside down.
VARIANT, K1, B = "lucene", 1.2, 0.6
# Article evidence for topic queries (bench/README.md, "Article evidence"): a query of at
# most TOPIC_TERMS distinct terms names a subject ("crude oil") rather than asking for a
# fact, and a passage of an article about that subject should outrank a passing mention.
# Such queries add ARTICLE_WEIGHT times the article's own BM25 (its passages taken as one
# document, ARTICLE_B: no length penalty, term counts still saturate) to each passage's
# score. Measured: news-magazine MAP 0.579 -> 0.681; the question sets within one question.
ARTICLE_WEIGHT = 4.4
TOPIC_TERMS = 2
ARTICLE_B = 0.0
_BATCH = 2000
_LOCK_TIMEOUT_S = 60


def new_index() -> BM25Index:
    return BM25Index(variant=VARIANT, k1=K1, b=B)


def passage_terms(text: str, title: str, language: str) -> list[str]:
    """What a passage is indexed under: its own terms, then its article's title terms.

    Every passage of an article then matches the words of its title, so a question naming
    the article's subject finds its passages even where the text says "it".
    """
    return [*analyze(text, language), *analyze(title, language)]


@dataclass(frozen=True)
class IndexedPassage:
    """A passage as the index takes it: its terms and what the filters need to know."""

    passage_id: int
    position: int  # in its article
    terms: list[str]
    language: str
    facts: ArticleFacts


# What the filters need of an article (ArticleFacts, in its field order).
_FACTS = (
    Article.id,
    Article.site,
    Article.url,
    Article.published_on,
    Article.ingested_at,
    Article.content_hash,
    Article.language,
)
_ROW = (Passage.id, Passage.position, Passage.text, Article.title, Article.language, *_FACTS)


def _indexed(row: Row[*tuple[Any, ...]]) -> IndexedPassage:
    pid, position, text, title, language, *facts = row
    lang = language or DEFAULT_LANGUAGE
    article = ArticleFacts(*facts)
    return IndexedPassage(pid, position, passage_terms(text, title, lang), lang, article)


class PassageIndex:
    """Thread-safe search over the passages; `directory` (optional) holds its saved copy."""

    def __init__(self, sessions: sessionmaker[Session], directory: Path | None = None) -> None:
        self._sessions = sessions
        self._base_directory = directory
        self._lock = threading.RLock()  # guards the index, catalog and counts
        self._catching_up = threading.Lock()  # one catch-up at a time
        self._index = new_index()
        self._catalog = Catalog()
        # Passages per analyzer language: a question is analyzed like the passages it targets.
        self._languages: Counter[str] = Counter()
        self._version = 0  # every change up to this change-log version is in the index
        self._dirty = False

    # -- lifecycle -------------------------------------------------------------------------

    def load(self) -> None:
        """The saved index reconciled with the database, or a rebuild if there is none."""
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
        except (OSError, Timeout) as exc:
            self._keep_in_memory(directory, exc)
            self.rebuild()
            return
        saved_ids = loaded.extras.get("doc_ids")
        saved_tags = loaded.extras.get("tags")
        if saved_ids is None or saved_tags is None or len(saved_ids) != len(saved_tags):
            log.info("the saved index in %s does not say what it holds: rebuilding", directory)
            self.rebuild()
            return
        with self._lock:
            self._index = loaded.index
        self.reconcile(dict(zip(saved_ids.tolist(), saved_tags.tolist(), strict=True)))

    def rebuild(self) -> None:
        """Index every stored passage from scratch (also `articlebot reindex`)."""
        with self._catching_up:
            with self._sessions() as session:
                version = current_version(session)  # first: what commits later is replayed
            index, catalog, languages = new_index(), Catalog(), Counter[str]()
            with self._sessions() as session:
                rows = session.execute(
                    select(*_ROW)
                    .join(Article)
                    .order_by(Passage.id)
                    .execution_options(yield_per=_BATCH)
                )
                for chunk in rows.partitions():
                    items = [_indexed(row) for row in chunk]
                    index.add_many((item.passage_id, item.terms) for item in items)
                    catalog.add((item.passage_id, item.position, item.facts) for item in items)
                    languages.update(item.language for item in items)
            index.merge()
            with self._lock:
                self._index, self._catalog, self._languages = index, catalog, languages
                self._version = version
                self._dirty = True
        log.info("index built: %d passages", len(index))

    def reconcile(self, saved_tags: dict[int, int] | None = None) -> None:
        """Add the passages the index lacks, drop those the database no longer has, and
        note every passage's article for the filters (after loading a save).

        `saved_tags` (passage id → tag of its article's text when it was indexed) catches a
        save made by a copy of this database that has since gone its own way: a passage id
        whose article's text differs here is re-indexed from this database."""
        with self._catching_up:
            with self._sessions() as session:
                version = current_version(session)
                # One statement: an article deleted meanwhile takes its passages with it.
                placed = [
                    (row[0], row[1], ArticleFacts(*row[2:]))
                    for row in session.execute(
                        select(Passage.id, Passage.position, *_FACTS).join(Article)
                    )
                ]
            stored = {pid for pid, _, _ in placed}
            with self._lock:
                known = set(self._index.doc_ids())
            changed = set()
            if saved_tags is not None:
                changed = {
                    pid
                    for pid, position, facts in placed
                    if pid in known
                    and saved_tags.get(pid) != passage_tag(facts.content_hash, position)
                }
                if changed:
                    log.warning(
                        "%d saved passages are not this database's (a copied database?): "
                        "re-indexing them",
                        len(changed),
                    )
            missing, gone = sorted((stored - known) | changed), (known - stored) | changed
            self._remove(gone)
            catalog = Catalog()
            catalog.add(placed)
            with self._lock:
                self._catalog = catalog
            self._fetch_and_add(missing, only_missing=False)
            with self._lock:
                self._version = version
            self._recount()
            if missing or gone:
                log.info("index reconciled: %d passages added, %d removed", len(missing), len(gone))

    def save(self) -> None:
        """Write the index beside the data if it changed since it was loaded or saved.

        It catches up first, so a save holds every change up to its version and another
        process saving at the same time cannot leave only its own view behind."""
        directory = self._directory()
        if directory is None:
            return
        self.refresh()
        with self._lock:
            if not self._dirty:
                return
            try:
                ids = np.array(self._index.doc_ids(), np.int64)
                extras = {"doc_ids": ids, "tags": self._catalog.tags(ids)}
                with _locked(directory):
                    save_index(self._index, directory, watermark=self._version, extras=extras)
            except (OSError, Timeout) as exc:
                self._keep_in_memory(directory, exc)
                return
            self._dirty = False

    def _keep_in_memory(self, directory: Path, problem: Exception) -> None:
        """A save location that cannot be used costs start-up time, never an answer."""
        reason = getattr(problem, "strerror", None) or str(problem) or type(problem).__name__
        log.warning(
            "the search index cannot be saved in %s (%s): it is kept in memory and rebuilt "
            "at each start; make that folder writable or set ARTICLEBOT_DATA_DIR",
            directory,
            reason,
        )
        self._base_directory = None

    # -- keeping in step ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Catch up with the changes committed since the index last looked (by anyone)."""
        with self._sessions() as session:
            newest = current_version(session)
        if newest == self._version:
            return
        with self._catching_up:
            with self._sessions() as session:
                changes = changes_since(session, self._version)
            self._remove(changes.removed)
            self._fetch_and_add(sorted(changes.added))
            with self._lock:
                self._version = max(self._version, changes.version)
                if changes.added or changes.removed:
                    self._dirty = True

    def apply(
        self, removed: Collection[int], added: Sequence[IndexedPassage], version: int | None
    ) -> None:
        """What this process just committed as change-log `version`, at once. Skipped when a
        catch-up has already replayed that version: later versions (another process deleting
        these passages, say) may have been replayed with it, and must not be undone."""
        with self._catching_up:
            if version is None or self._version >= version:
                # Replayed already (or not logged): add only what the database still holds.
                self._fetch_and_add([item.passage_id for item in added])
                return
            self._remove(removed)
            self._add(added)

    def _fetch_and_add(self, ids: Sequence[int], *, only_missing: bool = True) -> None:
        if only_missing:
            with self._lock:
                ids = [pid for pid in ids if pid not in self._index]
        for start in range(0, len(ids), _BATCH):
            with self._sessions() as session:
                rows = session.execute(
                    select(*_ROW).join(Article).where(Passage.id.in_(ids[start : start + _BATCH]))
                ).all()
            # A passage logged as added may be gone again: its removal is logged too.
            self._add([_indexed(row) for row in rows])

    def _add(self, items: Sequence[IndexedPassage]) -> None:
        with self._lock:
            fresh = [item for item in items if item.passage_id not in self._index]
            if not fresh:
                return
            self._index.add_many((item.passage_id, item.terms) for item in fresh)
            self._catalog.add((item.passage_id, item.position, item.facts) for item in fresh)
            self._languages.update(item.language for item in fresh)
            self._dirty = True

    def _remove(self, ids: Iterable[int]) -> None:
        with self._lock:
            gone = [pid for pid in ids if pid in self._index]
            if gone:
                self._index.remove_many(gone)
                for language, count in self._catalog.languages(gone).items():
                    self._languages[language or DEFAULT_LANGUAGE] -= count
                self._dirty = True

    def _recount(self) -> None:
        """Passages per language, from the database (after a reconcile)."""
        with self._sessions() as session:
            counts = session.execute(
                select(Article.language, func.count(Passage.id))
                .join(Passage)
                .group_by(Article.language)
            ).all()
        languages: Counter[str] = Counter()
        for language, count in counts:
            languages[language or DEFAULT_LANGUAGE] += count
        with self._lock:
            self._languages = languages

    # -- reading -------------------------------------------------------------------------------

    def search(
        self, terms: Sequence[str], k: int, allowed: DocMask | None = None
    ) -> list[tuple[int, float]]:
        """The best k passages by BM25; for a topic query (see ARTICLE_WEIGHT) plus its
        article's BM25, so that passages of articles about the topic come first. Within an
        article the passages keep their order."""
        with self._lock:
            if len(set(terms)) > TOPIC_TERMS:
                return self._index.search(terms, k=k, allowed=allowed)
            article_of = self._catalog.article_of()
            articles = self._index.group_scores(terms, article_of, b=ARTICLE_B)
            bonus = ARTICLE_WEIGHT * articles[np.maximum(article_of, 0)]
            return self._index.search(terms, k=k, allowed=allowed, bonus=bonus)

    def filter_mask(self, query: Query) -> DocMask | None:
        """allowed[passage_id] for the query's site:, since:, before: and -word filters."""
        mask = self._catalog.mask(query)
        if not query.excluded_terms:
            return mask
        with self._lock:
            excluded = [self._index.docs_with(term) for term in query.excluded_terms]
            if mask is None:
                size = max((int(ids.max()) + 1 for ids in excluded if len(ids)), default=0)
                mask = np.ones(max(size, self._catalog.size), np.bool_)
            for ids in excluded:
                mask[ids[ids < len(mask)]] = False
        return mask

    def holds(self, term: str) -> bool:
        """Whether some passage holds the term."""
        with self._lock:
            return self._index.doc_frequency(term) > 0

    def suggestion(self, term: str) -> str | None:
        """An indexed term spelled like `term` (which the index does not hold), or None."""
        with self._lock:
            if self._index.doc_frequency(term):
                return None
            close = self._index.close_terms(term)
            return close[0] if close else None

    def example_passage(self, term: str) -> int | None:
        """A passage holding `term` (to show how the term is written there)."""
        with self._lock:
            ids = self._index.docs_with(term)
        return int(ids[0]) if len(ids) else None

    def article_mask(self, article_ids: Collection[int]) -> DocMask:
        """allowed[passage_id] for the passages of these articles."""
        with self._lock:
            article_of = self._catalog.article_of()
        return np.isin(article_of, np.fromiter(article_ids, np.int64, len(article_ids)))

    def required_mask(self, groups: Sequence[Sequence[Sequence[str]]]) -> DocMask | None:
        """allowed[passage_id] for passages holding, for every group, all the terms of one of
        its alternatives (the terms of quoted phrases: necessary, not yet sufficient)."""
        if not groups:
            return None
        with self._lock:
            size = self._catalog.size
            mask = np.ones(size, np.bool_)
            for group in groups:
                any_of = np.zeros(size, np.bool_)
                for terms in group:
                    all_of = np.ones(size, np.bool_)
                    for term in terms:
                        holding = np.zeros(size, np.bool_)
                        ids = self._index.docs_with(term)
                        holding[ids[ids < size]] = True
                        all_of &= holding
                    any_of |= all_of
                mask &= any_of
        return mask

    def __len__(self) -> int:
        with self._lock:
            return len(self._index)

    def idf(self, term: str) -> float:
        """The term's idf over the passages, as ranking weighs it (topics weigh words by it)."""
        with self._lock:
            # VARIANT's idf (lucene: never negative, so a common word still counts a little).
            return idf_lucene(len(self._index), self._index.doc_frequency(term))

    def doc_ids(self) -> list[int]:
        with self._lock:
            return self._index.doc_ids()

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


def combine(*masks: DocMask | None) -> DocMask | None:
    """The passages every mask allows (a shorter mask allows nothing past its end)."""
    present = [mask for mask in masks if mask is not None]
    if not present:
        return None
    size = min(len(mask) for mask in present)
    combined = present[0][:size].copy()
    for mask in present[1:]:
        combined &= mask[:size]
    return combined


def _locked(directory: Path) -> FileLock:
    """One process at a time reads or writes a saved index (the bot and a CLI ingest)."""
    directory.mkdir(parents=True, exist_ok=True)
    return FileLock(directory / ".lock", timeout=_LOCK_TIMEOUT_S)
