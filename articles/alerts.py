"""Topic alerts: new articles matched against the chats' subscriptions, alerts to the outbox.

`match_pending` takes the articles stored since it last ran (articles.models.PendingArticle,
written by whoever stored them, in any process), matches them against every active instant
subscription through the percolator, writes one outbox row per (subscription, article) and
deletes the pending rows, all in one transaction: a crash before the commit leaves the
articles pending, after it leaves the alerts decided, never both or neither.
"""

from __future__ import annotations

import functools
import gc
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from articles.errors import QueryError
from articles.models import Article, PendingArticle, Subscription
from articles.outbox import Message, enqueue_many, now_utc, utc
from articles.search_index import DEFAULT_LANGUAGE, PassageIndex
from articles.topics import ArticleText, Idf, TopicMatch, TopicMatcher, parse_topic
from index import best_snippet

log = logging.getLogger(__name__)

BATCH = 200  # articles per transaction
EXCERPT_CHARS = 400


_gc_lock = threading.Lock()
_gc_pauses = 0  # how many callers are inside cyclic_gc_paused (threads may overlap)
_gc_was_enabled = True


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: matching makes hundreds of thousands of short-lived
    objects beside a large long-lived matcher (60,000 objects at 10,000 topics), and the
    collector's full passes over the latter took 10-20% of a run (bench/alerts.py).
    Reference counting frees nearly all of it; the collector catches up afterwards. The first
    caller in turns it off and the last one out restores it, whatever the threads' order."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


class Watching(NamedTuple):
    """An active instant subscription, as matching needs it (plain rows: 10,000 ORM objects
    cost 0.2 s to load on every call)."""

    id: int
    chat_id: int
    query: str
    best_only: bool
    created_at: datetime  # UTC


@dataclass(frozen=True)
class MatchReport:
    articles: int
    alerts: int


def article_text(article: Article) -> ArticleText:
    return ArticleText(
        article.id, article.title, article.site, article.url, article.published_on,
        article.language or DEFAULT_LANGUAGE, tuple(p.text for p in article.passages),
    )  # fmt: skip


def alert_payload(subscription: Watching, article: Article, found: TopicMatch) -> dict[str, Any]:
    """What the alert is about, by id: thousands of alerts may be decided at once (a
    passage's text in each made 18,000 alerts 13 MB of writes), and they go out at
    Telegram's pace anyway. What it shows is read when it is claimed (alert_content), and
    its excerpt is cut when it is sent (`alert_excerpt`)."""
    passage = article.passages[found.passage] if article.passages else None
    return {
        "subscription_id": subscription.id,
        "article_id": article.id,
        "passage_id": passage.id if passage is not None else None,
        "best": found.best,
    }


def alert_excerpt(payload: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """The matched passage's best window for the alert's topic, with the topic's words."""
    if "excerpt" in payload:  # decided by an earlier release, cut then
        return payload["excerpt"], [tuple(span) for span in payload.get("highlights", [])]
    language = payload.get("language") or DEFAULT_LANGUAGE
    try:
        query = parse_topic(payload["topic"], language)
    except QueryError:
        return render_cut(payload.get("passage", "")), []
    snippet = best_snippet(payload.get("passage", ""), query.terms, language, EXCERPT_CHARS,
                           query.phrases)  # fmt: skip
    return snippet.text, list(snippet.highlights)


def render_cut(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


class AlertService:
    def __init__(self, sessions: sessionmaker[Session], index: PassageIndex) -> None:
        self._sessions = sessions
        self._index = index
        self._matcher: tuple[frozenset[tuple[int, str, bool]], TopicMatcher] | None = None

    def match_pending(self, now: datetime | None = None, batch: int = BATCH) -> MatchReport:
        """Match the articles waiting since the last run (see the module docstring)."""
        now = now or now_utc()
        self._index.refresh()  # the new articles' words count in the idf
        articles = alerts = 0
        with cyclic_gc_paused():
            with self._sessions() as session:  # once per call, not per batch
                topics = self._subscriptions(session)
            # Once per call too: the signature alone is 10,000 tuples.
            matcher = self._matcher_for(topics) if topics else None
            # The idf of each word once per call (it takes the index's lock), not per topic.
            idf = functools.cache(self._index.idf)
            while True:
                done, written = self._match_batch(now, batch, topics, matcher, idf)
                articles, alerts = articles + done, alerts + written
                if done < batch:
                    return MatchReport(articles, alerts)

    def _match_batch(
        self,
        now: datetime,
        batch: int,
        subscriptions: Sequence[Watching],
        matcher: TopicMatcher | None,
        idf: Idf,
    ) -> tuple[int, int]:
        with self._sessions.begin() as session:
            query = select(PendingArticle).order_by(PendingArticle.article_id).limit(batch)
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            pending = session.scalars(query).all()
            if not pending:
                return 0, 0
            queued = {row.article_id: utc(row.queued_at) for row in pending}
            written = 0
            rows: list[Message] = []
            if matcher is not None:
                by_id = {s.id: s for s in subscriptions}
                for article in self._articles(session, list(queued)):
                    try:
                        found_all = matcher.matches(article_text(article), idf)
                    except Exception:  # one article the rule chokes on must not stall the rest
                        log.exception("matching article %s against the topics failed", article.id)
                        continue
                    for found in found_all:
                        subscription = by_id[found.key]
                        # Stored before the subscription was made: not news to it.
                        if queued[article.id] < subscription.created_at:
                            continue
                        rows.append(Message(
                            key=f"alert:{subscription.id}:{article.id}",
                            chat_id=subscription.chat_id, kind="alert",
                            payload=alert_payload(subscription, article, found),
                            subscription_id=subscription.id,
                        ))  # fmt: skip
                written = enqueue_many(session, rows, now)
            session.execute(delete(PendingArticle).where(PendingArticle.article_id.in_(queued)))
        if written:
            log.info("%d new articles matched: %d alerts", len(queued), written)
        return len(queued), written

    @staticmethod
    def _subscriptions(session: Session) -> list[Watching]:
        rows = session.execute(
            select(Subscription.id, Subscription.chat_id, Subscription.query,
                   Subscription.sensitivity, Subscription.created_at)
            .where(Subscription.paused.is_(None), Subscription.delivery == "instant")
        )  # fmt: skip
        return [
            Watching(key, chat_id, query, sensitivity == "best", utc(created))
            for key, chat_id, query, sensitivity, created in rows
        ]

    @staticmethod
    def _articles(session: Session, ids: list[int]) -> Sequence[Article]:
        return session.scalars(
            select(Article)
            .where(Article.id.in_(ids))
            .options(selectinload(Article.passages))
            .order_by(Article.id)
        ).all()

    def _matcher_for(
        self, subscriptions: Sequence[Watching], today: date | None = None
    ) -> TopicMatcher:
        """The percolator over these subscriptions: kept while they do not change, brought
        up to date when they do, and made anew each day (relative dates such as since:7d
        count from the day a topic is compiled; 0.45 s at 10,000 topics)."""
        today = today or date.today()
        signature = frozenset((s.id, s.query, s.best_only) for s in subscriptions)
        topics = {key: (text, best) for key, text, best in signature}
        if self._matcher is not None and self._matcher[1].today == today:
            kept, matcher = self._matcher
            if kept != signature:
                matcher.update(topics)
        else:
            matcher = TopicMatcher(topics, today=today)
        self._matcher = (signature, matcher)
        return matcher
