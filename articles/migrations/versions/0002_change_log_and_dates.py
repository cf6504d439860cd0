"""A change log for the search index, and publication dates stored as dates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Passages a running index must add or drop, tagged with the version of the transaction
    # that made the change (see articles.models.LibraryVersion).
    version = op.create_table(
        "library_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])
    op.create_table(
        "passage_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("added", sa.Boolean(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_passage_changes_version", "passage_changes", ["version"])

    # published (text, as extraction found it) becomes published_on (a date). Not through a
    # batch table copy: on SQLite that drops and recreates `articles`, and the foreign key's
    # ON DELETE CASCADE would empty `passages` on the way.
    op.add_column("articles", sa.Column("published_on", sa.Date(), nullable=True))
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer()),
        sa.column("published", sa.String()),
        sa.column("published_on", sa.Date()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(articles.c.id, articles.c.published).where(articles.c.published.is_not(None))
    ).all()
    for article_id, published in rows:
        day = _as_date(published)
        if day is not None:
            connection.execute(
                articles.update().where(articles.c.id == article_id).values(published_on=day)
            )
    op.execute("ALTER TABLE articles DROP COLUMN published")


def _as_date(value: str) -> date | None:
    """The releases before this one stored ISO dates ("2024-03-15", maybe with a time)."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def downgrade() -> None:
    op.add_column("articles", sa.Column("published", sa.String(32), nullable=True))
    op.execute("UPDATE articles SET published = CAST(published_on AS VARCHAR(32))")
    op.execute("ALTER TABLE articles DROP COLUMN published_on")
    op.drop_index("ix_passage_changes_version", table_name="passage_changes")
    op.drop_table("passage_changes")
    op.drop_table("library_version")
