"""Topic subscriptions, chat settings, the articles waiting to be matched, digest listings
and the outbox of alerts and digests.

Existing articles are not queued for matching: they were stored before any subscription.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pending_articles",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("queued_at", _MOMENT, nullable=False),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("query", sa.String(512), nullable=False),
        sa.Column("sensitivity", sa.String(8), nullable=False),
        sa.Column("delivery", sa.String(8), nullable=False),
        sa.Column("paused", sa.String(8), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.UniqueConstraint("chat_id", "query"),
    )
    op.create_index("ix_subscriptions_chat_id", "subscriptions", ["chat_id"])
    op.create_table(
        "chat_settings",
        sa.Column("chat_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("digest_schedule", sa.String(128), nullable=True),
        sa.Column("next_digest_at", _MOMENT, nullable=True),
        sa.Column("last_digest_at", _MOMENT, nullable=True),
        sa.Column("quiet_hours", sa.String(16), nullable=True),
        sa.Column("quiet_zone", sa.String(64), nullable=True),
        sa.Column("time_zone", sa.String(64), nullable=True),
        sa.Column("blocked_at", _MOMENT, nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
    )
    op.create_index("ix_chat_settings_next_digest_at", "chat_settings", ["next_digest_at"])
    op.create_table(
        "digest_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("listed_at", _MOMENT, nullable=False),
        sa.UniqueConstraint("chat_id", "article_id"),
    )
    op.create_index("ix_digest_items_article_id", "digest_items", ["article_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(255), nullable=False, unique=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column(
            "subscription_id",
            sa.Integer(),
            sa.ForeignKey("subscriptions.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("due_at", _MOMENT, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("parts_sent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_until", _MOMENT, nullable=True),
        sa.Column("sent_at", _MOMENT, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_chat_id", "outbox", ["chat_id"])
    op.create_index("ix_outbox_due_at", "outbox", ["due_at"])
    op.create_index("ix_outbox_status", "outbox", ["status"])


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("digest_items")
    op.drop_table("chat_settings")
    op.drop_table("subscriptions")
    op.drop_table("pending_articles")
