"""The URL key (one article under many addresses is stored once) and the article's author.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from articles.urls import url_key

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added, filled, then indexed; no batch table copy (its drop of `articles` would cascade
    # to `passages` on SQLite, see 0002).
    op.add_column("articles", sa.Column("url_key", sa.String(2048), nullable=True))
    op.add_column("articles", sa.Column("author", sa.String(512), nullable=True))
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer()),
        sa.column("url", sa.String()),
        sa.column("url_key", sa.String()),
    )
    connection = op.get_bind()
    taken: set[str] = set()
    rows = connection.execute(sa.select(articles.c.id, articles.c.url).order_by(articles.c.id))
    for article_id, url in rows.all():
        key = url_key(url)
        # Two rows an earlier release kept apart (http and https of one page) keep apart:
        # the later one gets a key of its own (its URL, made unique by its id if need be).
        if key in taken:
            key = url if url not in taken else f"{url}#article-{article_id}"
        taken.add(key)
        connection.execute(articles.update().where(articles.c.id == article_id).values(url_key=key))
    op.create_index("ix_articles_url_key", "articles", ["url_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_articles_url_key", table_name="articles")
    op.execute("ALTER TABLE articles DROP COLUMN author")
    op.execute("ALTER TABLE articles DROP COLUMN url_key")
