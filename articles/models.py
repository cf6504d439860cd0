"""The stored truth: articles and their passages (the search index is derived from these)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The page's URL, or the file:// URL of an ingested file; unique so a source is stored once.
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    # sha256 of the normalised body: the same article under two URLs is stored once.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(16))
    source_kind: Mapped[str] = mapped_column(String(16))  # "file" or "url"
    published: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

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
