"""Digests: what is new for a chat, grouped by its topics (or by site), into the outbox.

A plain digest (`/digest`, or the schedule) covers what was stored since the chat's last
digest (the first: the last 24 hours) and notes every article it lists, so the next one
does not repeat it; its window reaches a little before the last one ended, so an article
whose transaction committed late is not skipped either. A digest narrowed by a period
(`/digest 7d`) or a query (`/digest coffee`: the last 24 hours) is a view: it lists what
matches, listed before or not, and moves nothing. Each digest is one outbox row, written
with the listing in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from articles.alerts import article_text
from articles.db import dialect_insert
from articles.errors import QueryError
from articles.models import Article, ChatSettings, DigestItem, Subscription
from articles.outbox import enqueue, now_utc, unique_key, utc
from articles.schedule import next_run, parse_schedule
from articles.search_index import PassageIndex
from articles.topics import TopicMatcher
from index import sentence_spans

log = logging.getLogger(__name__)

FIRST_WINDOW = timedelta(hours=24)
# An article stored by a transaction that began before the last digest but committed after
# it carries an earlier time: the window starts this much before the last one ended.
OVERLAP = timedelta(minutes=10)
MAX_ARTICLES = 60
MAX_CONSIDERED = 2000  # new articles matched per digest; the rest wait for the next one
MAX_PERIOD = timedelta(days=90)
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class DigestReport:
    """What a digest decided: `articles` listed (0: the "nothing new" message)."""

    key: str
    articles: int
    since: datetime
    until: datetime


def summary(text: str, title: str) -> str:
    """The article's first one or two sentences (its lead), skipping a repeated title."""
    chosen: list[str] = []
    for start, end in sentence_spans(text[:4000]):
        sentence = " ".join(text[start:end].split())
        if not sentence or sentence.casefold() == title.strip().casefold():
            continue
        if chosen and len(chosen[0]) + len(sentence) + 1 > SUMMARY_CHARS:
            break
        chosen.append(sentence)
        if len(chosen) == 2:
            break
    result = " ".join(chosen)
    if len(result) > SUMMARY_CHARS:
        result = result[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return result


def _entry(article: Article) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "title": article.title,
        "url": article.url,
        "site": article.site,
        "published": article.published_on.isoformat() if article.published_on else None,
        "summary": summary(article.body, article.title),
    }


class DigestService:
    def __init__(self, sessions: sessionmaker[Session], index: PassageIndex) -> None:
        self._sessions = sessions
        self._index = index

    def prepare(
        self,
        chat_id: int,
        *,
        now: datetime | None = None,
        period: timedelta | None = None,
        query: str | None = None,
        scheduled_for: datetime | None = None,
    ) -> DigestReport | None:
        """Decide the chat's digest and write it to the outbox (see the module docstring);
        None when the scheduled digest was already decided (by another bot process)."""
        now = (now or now_utc()).replace(microsecond=0)
        if period is not None and not timedelta(0) < period <= MAX_PERIOD:
            raise QueryError("A digest covers up to 90 days; for example /digest 7d")
        view = period is not None or bool(query and query.strip())
        if view and period is None:
            period = FIRST_WINDOW
        self._index.refresh()
        with self._sessions.begin() as session:
            self._lock_chat(session, chat_id)
            if scheduled_for is not None and not self._take_turn(
                session, chat_id, scheduled_for, now
            ):
                return None  # another bot process decided this digest
            settings = session.get(ChatSettings, chat_id)
            last = utc(settings.last_digest_at) if settings and settings.last_digest_at else None
            since = now - period if period else (last or now - FIRST_WINDOW)
            articles = self._new_articles(session, chat_id, since, now, repeat=view)
            topics = self._topics(session, chat_id, query)
            groups, left_out = self._grouped(articles, topics)
            more = len(left_out)
            listed = sum(len(g["entries"]) for g in groups)
            key = (
                f"digest:{chat_id}:at:{scheduled_for.isoformat()}"
                if scheduled_for
                else unique_key(f"digest:{chat_id}")
            )
            payload = {
                "since": since.isoformat(),
                "until": now.isoformat(),
                "groups": groups,
                "more": more,
                "query": query,
                "scheduled": scheduled_for is not None,
                "zone": settings.time_zone if settings else None,
                "language": settings.language if settings else None,
            }
            if listed or scheduled_for is None:  # a scheduled digest of nothing stays quiet
                enqueue(session, key=key, chat_id=chat_id, kind="digest", payload=payload, now=now)
            if not view:
                self._note_listed(session, chat_id, groups, now)
                settings = settings or ChatSettings(chat_id=chat_id)
                # What did not fit (and what the article cap did not reach) comes next time.
                unseen = [utc(a.ingested_at) for a in left_out]
                if len(articles) == MAX_CONSIDERED:
                    unseen.append(utc(articles[-1].ingested_at))
                settings.last_digest_at = min([now, *unseen])
                session.add(settings)
        return DigestReport(key, listed, since, now)

    @staticmethod
    def _lock_chat(session: Session, chat_id: int) -> None:
        """Hold the chat's settings row until commit: two digests of one chat decided at
        once (a double tap, a schedule firing meanwhile, two bot processes) go one after the
        other, and the second sees what the first listed. On SQLite the insert takes the
        database's write lock, which does the same."""
        insert = dialect_insert(session)
        session.execute(insert(ChatSettings).values(chat_id=chat_id).on_conflict_do_nothing())
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                select(ChatSettings.chat_id)
                .where(ChatSettings.chat_id == chat_id)
                .with_for_update()
            )

    @staticmethod
    def _take_turn(session: Session, chat_id: int, scheduled_for: datetime, now: datetime) -> bool:
        """Move the chat's schedule to its next run if it still says `scheduled_for`: one
        statement, so of two processes (or threads) only one takes the turn."""
        settings = session.get(ChatSettings, chat_id)
        if settings is None or not settings.digest_schedule:
            return False
        upcoming = next_run(parse_schedule(settings.digest_schedule), now)
        session.expunge(settings)  # the statement below is the truth, not this copy
        result = session.execute(
            update(ChatSettings)
            .where(ChatSettings.chat_id == chat_id, ChatSettings.next_digest_at == scheduled_for)
            .values(next_digest_at=upcoming)
        )
        return bool(getattr(result, "rowcount", 0))

    def due(self, now: datetime | None = None) -> list[tuple[int, datetime]]:
        """Chats whose scheduled digest is due: (chat, the moment it was due). A digest
        missed while the bot was down is due once, however many days it missed."""
        now = now or now_utc()
        with self._sessions() as session:
            rows = session.execute(
                select(ChatSettings.chat_id, ChatSettings.next_digest_at).where(
                    ChatSettings.next_digest_at.is_not(None),
                    ChatSettings.next_digest_at <= now,
                    ChatSettings.blocked_at.is_(None),
                )
            ).all()
        return [(chat_id, utc(moment)) for chat_id, moment in rows if moment is not None]

    def run_due(self, now: datetime | None = None) -> list[DigestReport]:
        """Prepare every due scheduled digest; one chat's failure does not stop the others."""
        now = now or now_utc()
        reports = []
        for chat_id, moment in self.due(now):
            try:
                report = self.prepare(chat_id, now=now, scheduled_for=moment)
            except Exception:  # one chat's failure must not hold back the others' digests
                log.exception("the scheduled digest of chat %s failed", chat_id)
                continue
            if report is not None:
                reports.append(report)
        return reports

    @staticmethod
    def _new_articles(
        session: Session, chat_id: int, since: datetime, until: datetime, *, repeat: bool
    ) -> Sequence[Article]:
        query = (
            select(Article)
            .where(
                Article.ingested_at >= since - (timedelta(0) if repeat else OVERLAP),
                Article.ingested_at < until,
                Article.backlog.is_(False),
            )
            .options(selectinload(Article.passages))
            .order_by(Article.ingested_at.desc(), Article.id.desc())
        )
        if not repeat:
            listed = select(DigestItem.article_id).where(DigestItem.chat_id == chat_id)
            query = query.where(Article.id.not_in(listed))
        return session.scalars(query.limit(MAX_CONSIDERED)).all()

    @staticmethod
    def _topics(session: Session, chat_id: int, query: str | None) -> dict[int, tuple[str, bool]]:
        """key -> (topic, best matches only): the query asked for, else the chat's topics."""
        if query and query.strip():
            return {0: (query.strip(), False)}
        rows = session.execute(
            select(Subscription.id, Subscription.query, Subscription.sensitivity)
            .where(Subscription.chat_id == chat_id, Subscription.paused.is_(None))
            .order_by(Subscription.id)
        )
        return {key: (text, sensitivity == "best") for key, text, sensitivity in rows}

    def _grouped(
        self, articles: Sequence[Article], topics: dict[int, tuple[str, bool]]
    ) -> tuple[list[dict[str, Any]], list[Article]]:
        """(groups of entries, the articles that matched but did not fit)."""
        grouped: dict[str, list[Article]] = {}
        if topics:
            # The chat's topics decide what is news to it, each with its own sensitivity.
            matcher = TopicMatcher(topics)
            for article in articles:
                found = matcher.matches(article_text(article), self._index.idf)
                if found:
                    grouped.setdefault(topics[min(m.key for m in found)][0], []).append(article)
        else:
            for article in articles:
                grouped.setdefault(article.site or "other sites", []).append(article)
        groups: list[dict[str, Any]] = []
        left_out: list[Article] = []
        shown = 0
        for heading, members in grouped.items():
            room = max(0, MAX_ARTICLES - shown)
            if room:
                groups.append({"heading": heading, "entries": [_entry(a) for a in members[:room]]})
                shown += min(room, len(members))
            left_out += members[room:]
        return groups, left_out

    @staticmethod
    def _note_listed(
        session: Session, chat_id: int, groups: list[dict[str, Any]], now: datetime
    ) -> None:
        rows = [
            {"chat_id": chat_id, "article_id": entry["article_id"], "listed_at": now}
            for group in groups
            for entry in group["entries"]
        ]
        if rows:  # a digest decided at the same moment may have listed some: no error
            insert = dialect_insert(session)
            session.execute(insert(DigestItem).values(rows).on_conflict_do_nothing())
