"""Answers given in chat and what each bot message is about.

An answer row keeps the question on the server, so a button's callback data carries only
the answer's id ("More results", "Newest first", 👍/👎). A message row maps a bot message
(an answer, an alert, a digest) to its articles, so a question asked in reply to it is
answered from those articles only.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from articles.db import dialect_insert
from articles.errors import ArticlebotError
from articles.models import Answer, MessageArticles
from articles.outbox import now_utc


class AnswerGone(ArticlebotError):
    """A button of an answer that is not there (deleted, too old, another chat's)."""


@dataclass(frozen=True)
class AnswerInfo:
    id: int
    chat_id: int
    user_id: int | None
    query: str
    within: tuple[int, ...] | None
    offset: int
    newest_first: bool
    feedback: int | None


@dataclass(frozen=True)
class AnswerStats:
    answers: int
    helpful: int
    unhelpful: int


def _info(row: Answer) -> AnswerInfo:
    within = tuple(json.loads(row.within)) if row.within else None
    return AnswerInfo(
        row.id, row.chat_id, row.user_id, row.query, within, row.offset, row.newest_first,
        row.feedback,
    )  # fmt: skip


class AnswerService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        chat_id: int,
        user_id: int | None,
        query: str,
        *,
        within: Collection[int] | None = None,
        found: int = 0,
        now: datetime | None = None,
    ) -> AnswerInfo:
        with self._sessions.begin() as session:
            row = Answer(
                chat_id=chat_id, user_id=user_id, query=query[:4000], found=found,
                within=json.dumps(sorted(within)) if within is not None else None,
                offset=0, newest_first=False, created_at=now or now_utc(),
            )  # fmt: skip
            session.add(row)
            session.flush()
            return _info(row)

    def get(self, chat_id: int, answer_id: int) -> AnswerInfo:
        """The chat's answer, or AnswerGone (another chat's is as good as none)."""
        with self._sessions() as session:
            return _info(self._owned(session, chat_id, answer_id))

    def update(
        self,
        chat_id: int,
        answer_id: int,
        *,
        offset: int | None = None,
        newest_first: bool | None = None,
        feedback: int | None = None,
    ) -> AnswerInfo:
        with self._sessions.begin() as session:
            row = self._owned(session, chat_id, answer_id)
            if offset is not None:
                row.offset = offset
            if newest_first is not None:
                row.newest_first = newest_first
            if feedback is not None:
                row.feedback = feedback
            session.flush()
            return _info(row)

    def stats(self) -> AnswerStats:
        with self._sessions() as session:
            answers = session.scalar(select(func.count()).select_from(Answer)) or 0
            helpful = session.scalar(select(func.count()).where(Answer.feedback == 1)) or 0
            unhelpful = session.scalar(select(func.count()).where(Answer.feedback == -1)) or 0
        return AnswerStats(answers, helpful, unhelpful)

    # -- what bot messages are about ---------------------------------------------------------

    def note_message(self, chat_id: int, message_id: int, article_ids: Collection[int]) -> None:
        if not article_ids:
            return
        with self._sessions.begin() as session:
            insert = dialect_insert(session)
            session.execute(
                insert(MessageArticles)
                .values(
                    chat_id=chat_id,
                    message_id=message_id,
                    article_ids=json.dumps(sorted(set(article_ids))),
                    created_at=now_utc(),
                )
                .on_conflict_do_nothing()
            )

    def message_articles(self, chat_id: int, message_id: int) -> tuple[int, ...] | None:
        """The articles a bot message is about, or None if it is about none we know."""
        with self._sessions() as session:
            found = session.scalar(
                select(MessageArticles.article_ids).where(
                    MessageArticles.chat_id == chat_id, MessageArticles.message_id == message_id
                )
            )
        return tuple(json.loads(found)) if found else None

    @staticmethod
    def _owned(session: Session, chat_id: int, answer_id: int) -> Answer:
        row = session.get(Answer, answer_id) if 0 < answer_id < 2**31 else None
        if row is None or row.chat_id != chat_id:
            raise AnswerGone("That answer is gone; ask again.")
        return row
