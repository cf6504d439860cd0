"""What an alert shows, read when it is claimed rather than when it is decided.

Matching may decide 20,000 alerts for 1,000 new passages (bench/alerts.py); each outbox row
then holds only ids (`alerts.alert_payload`). The topic's words, the article's title, link,
site, date and language and the matched passage's text are read here, for the few rows a
sender claims at a time, so an alert also shows the article as it is when sent. Rows
decided by earlier releases carry all of it already and are left as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from articles.errors import QueryError
from articles.models import Article, Passage, Subscription
from articles.search_index import DEFAULT_LANGUAGE
from articles.topics import parse_topic
from index import analyze

GONE = "cancelled: the article was removed"
UNREADABLE = "cancelled: its outbox row cannot be read"
_IDS = ("subscription_id", "article_id", "passage_id")


def complete_alerts(session: Session, payloads: Sequence[Any]) -> list[str | None]:
    """Fill in each alert's payload. Per payload: None when it can be sent, else why not (the
    caller cancels it): its article is gone, or the row is not one this release can read
    (one such row must not stop every claim)."""
    reasons: list[str | None] = [None if _readable(p) else UNREADABLE for p in payloads]
    readable = [p for p, reason in zip(payloads, reasons, strict=True) if reason is None]
    _read_topics(session, [p for p in readable if "topic" not in p])
    gone = _read_articles(session, [p for p in readable if "title" not in p])
    _read_passages(session, [p for p in readable if "passage" not in p and "passage_id" in p])
    return [GONE if reason is None and id(p) in gone else reason
            for p, reason in zip(payloads, reasons, strict=True)]  # fmt: skip


def _readable(payload: Any) -> bool:
    if not isinstance(payload, dict):
        return False
    ids = [payload.get(key) for key in _IDS]
    if not all(i is None or (isinstance(i, int) and not isinstance(i, bool)) for i in ids):
        return False
    # A row of this release names its article by id; one of an earlier release holds it.
    return "title" in payload or payload.get("article_id") is not None


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
        article = articles.get(payload.get("article_id") or 0)
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
    replaced since (the article was updated) gives way to the article's passage that holds
    the topic's words best now: one passage, never the whole article (a long article copied
    into every alert made each excerpt cost seconds)."""
    if not payloads:
        return
    ids = {p["passage_id"] for p in payloads} - {None}
    query = select(Passage.id, Passage.text).where(Passage.id.in_(ids))
    texts: dict[int, str] = {key: text for key, text in session.execute(query)}
    gone = {p.get("article_id") for p in payloads if p["passage_id"] not in texts} - {None}
    current: dict[int, list[str]] = {}
    if gone:
        rows = session.execute(
            select(Passage.article_id, Passage.text)
            .where(Passage.article_id.in_(gone))
            .order_by(Passage.article_id, Passage.position)
        )
        for article_id, text in rows:
            current.setdefault(article_id, []).append(text)
    counted: dict[int, list[Counter[str]]] = {}  # each article's passages analysed once
    for payload in payloads:
        found = texts.get(payload["passage_id"])
        if found is None:
            found = _best_passage(payload, current.get(payload.get("article_id") or 0, []),
                                  counted)  # fmt: skip
        payload["passage"] = found


def _best_passage(
    payload: dict[str, Any], passages: list[str], counted: dict[int, list[Counter[str]]]
) -> str:
    """The passage with the most of the topic's words, then the most mentions, then first."""
    if not passages:
        return ""
    language = payload.get("language") or DEFAULT_LANGUAGE
    try:
        words = set(parse_topic(payload.get("topic") or "", language).terms)
    except QueryError:
        return passages[0]
    article_id = payload.get("article_id") or 0
    if article_id not in counted:
        counted[article_id] = [Counter(analyze(text, language)) for text in passages]
    counts = counted[article_id]

    def weight(i: int) -> tuple[int, int, int]:
        held = words & counts[i].keys()
        return len(held), sum(counts[i][t] for t in held), -i

    return passages[max(range(len(passages)), key=weight)]
