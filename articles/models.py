"""The stored truth: articles and their passages (the search index is derived from these)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"
    # Fetch ingested_at (a server default) on insert: the index's date filter needs it.
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012 (SQLAlchemy reads it as is)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The page's URL, or the file:// URL of an ingested file; unique so a source is stored once.
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    # articles.urls.url_key(url): the same page under another address is the same article.
    url_key: Mapped[str | None] = mapped_column(String(2048), index=True, unique=True)
    # sha256 of the normalised body: the same article under two URLs is stored once.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(String(255))
    author: Mapped[str | None] = mapped_column(String(512))
    language: Mapped[str | None] = mapped_column(String(16))
    source_kind: Mapped[str] = mapped_column(String(16))  # "file" or "url"
    # When the article says it was published (a date: since:/before: compare it as one).
    published_on: Mapped[date | None] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Stored as a feed's back catalogue when the feed was added: searchable, never announced
    # (topic alerts must not flood a reader with old news).
    backlog: Mapped[bool] = mapped_column(Boolean, server_default=false())

    passages: Mapped[list[Passage]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Passage.position",
    )


class Passage(Base):
    __tablename__ = "passages"
    # Ids are never reused (SQLite AUTOINCREMENT): the saved index refers to passages by id.
    __table_args__ = (UniqueConstraint("article_id", "position"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    # Character offsets of the passage in Article.body: text == body[start:end].
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="passages")


class LibraryMeta(Base):
    """Facts about this library; `library_id` keys the saved search index to this database."""

    __tablename__ = "library_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LibraryVersion(Base):
    """One row counting the write transactions that changed passages.

    Each such transaction increments it just before it commits; the row lock makes their
    commits follow the counter's order, so a reader that sees version V has every change of
    versions <= V (the change log below holds no gaps a reader could step over).
    """

    __tablename__ = "library_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class PassageChange(Base):
    """The change log the search index catches up from: a passage added or removed."""

    __tablename__ = "passage_changes"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, index=True)
    passage_id: Mapped[int] = mapped_column(Integer)
    added: Mapped[bool] = mapped_column(Boolean)


class Feed(Base):
    """An RSS, Atom or JSON feed polled for new articles, with what its polling needs."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    site_url: Mapped[str | None] = mapped_column(String(2048))
    # Seconds between polls: the default, or what the feed asks (ttl, Cache-Control) within
    # bounds; errors stretch it (exponential backoff) until a poll succeeds.
    interval_s: Mapped[int] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(1024))
    last_modified: Mapped[str | None] = mapped_column(String(256))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, server_default="0")  # in a row
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FeedEntry(Base):
    """An entry of a feed already handled: never fetched or stored again."""

    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "entry_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    # The entry's id (guid), else its link's URL key, else a hash of its title and date.
    entry_key: Mapped[str] = mapped_column(String(2048))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PendingArticle(Base):
    """A newly stored article waiting to be matched against the topic subscriptions.

    Written in the transaction that stores the article (so whoever ingests it, a CLI in
    another process included, the bot's matcher finds it) and deleted in the transaction that
    writes its alerts: an article is matched once, and never lost between the two."""

    __tablename__ = "pending_articles"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Subscription(Base):
    """A chat's saved topic: a query in the question language, matched against new articles."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("chat_id", "query"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    query: Mapped[str] = mapped_column(String(512))
    # "best": best matches only (the default); "all": everything that matches.
    sensitivity: Mapped[str] = mapped_column(String(8))
    # "instant": an alert per article; "digest": collected into the chat's digest.
    delivery: Mapped[str] = mapped_column(String(8))
    # None: active; "user": paused by the chat; "blocked": the chat blocked the bot (resumed
    # when it writes again).
    paused: Mapped[str | None] = mapped_column(String(8))
    # Articles stored before this moment never trigger the subscription.
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChatSettings(Base):
    """A chat's digest schedule, quiet hours and delivery state."""

    __tablename__ = "chat_settings"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # articles.schedule.DigestSchedule as written: "08:00 Europe/Berlin weekdays".
    digest_schedule: Mapped[str | None] = mapped_column(String(128))
    next_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # The end of the last digest's window (the next one starts there).
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    quiet_hours: Mapped[str | None] = mapped_column(String(16))  # "22:00-07:00"
    # The IANA zone the quiet hours were given in (the digest's when none was named).
    quiet_zone: Mapped[str | None] = mapped_column(String(64))
    # The IANA zone of the digest schedule.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    blocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The language of the chat's last user (Telegram's code): alerts and digests speak it.
    language: Mapped[str | None] = mapped_column(String(16))


class DigestItem(Base):
    """An article a chat's digest listed: the next digest does not list it again."""

    __tablename__ = "digest_items"
    __table_args__ = (UniqueConstraint("chat_id", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    listed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OutboxMessage(Base):
    """An alert or digest decided and waiting for Telegram (or sent).

    Written in the transaction that decides it; `key` is unique per (subscription, article)
    or per digest, so a second decision cannot make a second message. The sender claims rows
    with a lease and marks them sent only after Telegram accepted them."""

    __tablename__ = "outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "alert" or "digest"
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="SET NULL")
    )
    # What to say, as JSON (the bot renders it into one or more messages at send time).
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Not before this moment: quiet hours, a retry's backoff.
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # "pending", "sent", or "failed" (given up: the chat is gone or the message is refused).
    status: Mapped[str] = mapped_column(String(8), index=True)
    parts_sent: Mapped[int] = mapped_column(Integer, server_default="0")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)


class Answer(Base):
    """A question the bot answered in chat: what "More results", "Newest first" and the
    feedback buttons act on (their callback data carries only this id)."""

    __tablename__ = "answers"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    query: Mapped[str] = mapped_column(Text)
    # Articles the question was asked inside of (a reply to an alert, an answer, a digest).
    within: Mapped[str | None] = mapped_column(Text)  # JSON list of article ids
    offset: Mapped[int] = mapped_column(Integer, server_default="0")
    newest_first: Mapped[bool] = mapped_column(Boolean, server_default=false())
    found: Mapped[int] = mapped_column(Integer, server_default="0")  # hits shown at first
    feedback: Mapped[int | None] = mapped_column(Integer)  # +1 or -1
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MessageArticles(Base):
    """The articles a message of the bot is about (an answer's hits, an alert's article, a
    digest's): a question asked in reply to it is answered from those articles only."""

    __tablename__ = "message_articles"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(Integer)
    article_ids: Mapped[str] = mapped_column(Text)  # JSON list
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
