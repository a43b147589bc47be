"""reader attempts for the card reader's metrics

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reader_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device", sa.String(length=40), nullable=False),
        sa.Column("maker", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reader_attempts_device", "reader_attempts", ["device"])


def downgrade() -> None:
    op.drop_index("ix_reader_attempts_device", table_name="reader_attempts")
    op.drop_table("reader_attempts")
