"""My Number card: 個人番号 of persons, card links, challenges, card confirmations, terminal
devices

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
    with op.batch_alter_table("persons") as batch_op:
        batch_op.add_column(sa.Column("individual_number", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("eligibility_document_due", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_persons_individual_number", ["individual_number"],
                              unique=True)
    op.create_table(
        "card_links",
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("deregistered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"]),
        sa.PrimaryKeyConstraint("serial"),
    )
    op.create_index("ix_card_links_person_id", "card_links", ["person_id"])
    op.create_table(
        "card_challenges",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("nonce"),
    )
    op.create_table(
        "card_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_card_confirmations_facility_code", "card_confirmations",
                    ["facility_code"])
    op.create_table(
        "terminal_devices",
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("public_key", sa.String(length=2000), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )
    op.create_index("ix_terminal_devices_facility_code", "terminal_devices", ["facility_code"])


def downgrade() -> None:
    op.drop_table("terminal_devices")
    op.drop_table("card_confirmations")
    op.drop_table("card_challenges")
    op.drop_index("ix_card_links_person_id", table_name="card_links")
    op.drop_table("card_links")
    with op.batch_alter_table("persons") as batch_op:
        batch_op.drop_index("ix_persons_individual_number")
        batch_op.drop_column("eligibility_document_due")
        batch_op.drop_column("individual_number")
