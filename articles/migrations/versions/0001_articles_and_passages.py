"""Articles and their passages.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One row names this library: a saved search index belongs to exactly one database.
    meta = op.create_table(
        "library_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.bulk_insert(meta, [{"key": "library_id", "value": uuid.uuid4().hex}])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("site", sa.String(255), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("published", sa.String(32), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "ingested_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
    )
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("article_id", "position"),
        # Never reuse a deleted passage's id: a saved index maps ids to passages.
        sqlite_autoincrement=True,
    )
    op.create_index("ix_passages_article_id", "passages", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_passages_article_id", table_name="passages")
    op.drop_table("passages")
    op.drop_table("articles")
    op.drop_table("library_meta")
