"""What an alert shows, read when it is claimed rather than when it is decided.

Matching may decide 20,000 alerts for 1,000 new passages (bench/alerts.py); each outbox row
then holds only ids (`alerts.alert_payload`). The topic's words, the article's title, link,
site, date and language and the matched passage's text are read here, for the few rows a
sender claims at a time, so an alert also shows the article as it is when sent. Rows
decided by earlier releases carry all of it already and are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from articles.models import Article, Passage, Subscription
from articles.search_index import DEFAULT_LANGUAGE


def complete_alerts(session: Session, payloads: Sequence[dict[str, Any]]) -> list[bool]:
    """Fill in each alert's payload; False for an alert whose article is gone (nothing to
    show: the caller cancels it)."""
    _read_topics(session, [p for p in payloads if "topic" not in p])
    gone = _read_articles(session, [p for p in payloads if "title" not in p])
    _read_passages(session, [p for p in payloads if "passage" not in p and "passage_id" in p])
    return [id(p) not in gone for p in payloads]


def _read_topics(session: Session, payloads: list[dict[str, Any]]) -> None:
    ids = {p.get("subscription_id") for p in payloads} - {None}
    if not ids:
        return
    rows = session.execute(
        select(Subscription.id, Subscription.query).where(Subscription.id.in_(ids))
    )
    queries: dict[int, str] = {key: query for key, query in rows}
    for payload in payloads:
        payload["topic"] = queries.get(payload.get("subscription_id") or 0, "")


def _read_articles(session: Session, payloads: list[dict[str, Any]]) -> set[int]:
    """The payloads (by id()) whose article is gone."""
    ids = {p.get("article_id") for p in payloads} - {None}
    columns = (Article.title, Article.url, Article.site, Article.published_on, Article.language)
    query = select(Article.id, *columns).where(Article.id.in_(ids))
    articles = {row.id: row for row in session.execute(query)}
    gone: set[int] = set()
    for payload in payloads:
        article = articles.get(payload.get("article_id"))
        if article is None:
            gone.add(id(payload))
            continue
        payload.update(
            title=article.title, url=article.url, site=article.site,
            published=article.published_on.isoformat() if article.published_on else None,
            language=article.language or DEFAULT_LANGUAGE,
        )  # fmt: skip
    return gone


def _read_passages(session: Session, payloads: list[dict[str, Any]]) -> None:
    """The text of the passage each alert names (`passage_id`) as `passage`. A passage
    replaced since (the article was updated) gives way to the article's passages as they
    are now, so the excerpt still shows the topic's words."""
    if not payloads:
        return
    ids = {p["passage_id"] for p in payloads} - {None}
    query = select(Passage.id, Passage.text).where(Passage.id.in_(ids))
    texts: dict[int, str] = {key: text for key, text in session.execute(query)}
    gone = {p.get("article_id") for p in payloads if p["passage_id"] not in texts} - {None}
    whole: dict[int, list[str]] = {}
    if gone:
        rows = session.execute(
            select(Passage.article_id, Passage.text)
            .where(Passage.article_id.in_(gone))
            .order_by(Passage.article_id, Passage.position)
        )
        for article_id, text in rows:
            whole.setdefault(article_id, []).append(text)
    for payload in payloads:
        found = texts.get(payload["passage_id"])
        payload["passage"] = found if found is not None else "\n\n".join(
            whole.get(payload.get("article_id") or 0, [])
        )  # fmt: skip
