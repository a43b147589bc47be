"""initial hub schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facilities",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("prefecture", sa.String(length=2), nullable=False),
        sa.Column("score_table", sa.String(length=1), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "insurers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("prefecture", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("name_kana", sa.String(length=60), nullable=False),
        sa.Column("name_of_other", sa.String(length=60), nullable=True),
        sa.Column("name_of_other_kana", sa.String(length=60), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birthdate", sa.Date(), nullable=False),
        sa.Column("post_number", sa.String(length=8), nullable=True),
        sa.Column("address", sa.String(length=160), nullable=True),
        sa.Column("household", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_household"), ["household"], unique=False)

    op.create_table(
        "rejected_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("error_code", sa.String(length=10), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=80), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "qualifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("insurer_id", sa.Integer(), nullable=False),
        sa.Column("insurer_number", sa.String(length=8), nullable=False),
        sa.Column("symbol", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("branch", sa.String(length=2), nullable=True),
        sa.Column("birthdate", sa.Date(), nullable=False),
        sa.Column("card_classification", sa.String(length=2), nullable=False),
        sa.Column("personal_family", sa.String(length=1), nullable=True),
        sa.Column("insured_name", sa.String(length=60), nullable=True),
        sa.Column("acquired", sa.Date(), nullable=False),
        sa.Column("lost", sa.Date(), nullable=True),
        sa.Column("reason_of_loss", sa.String(length=2), nullable=True),
        sa.Column("card_issued", sa.Date(), nullable=True),
        sa.Column("card_valid_from", sa.Date(), nullable=True),
        sa.Column("card_valid_until", sa.Date(), nullable=True),
        sa.Column("income", sa.String(length=10), nullable=False),
        sa.Column("elderly_issued", sa.Date(), nullable=True),
        sa.Column("elderly_valid_from", sa.Date(), nullable=True),
        sa.Column("elderly_valid_until", sa.Date(), nullable=True),
        sa.Column("elderly_ratio", sa.SmallInteger(), nullable=True),
        sa.Column("limit_kind", sa.String(length=2), nullable=True),
        sa.Column("limit_category", sa.String(length=3), nullable=True),
        sa.Column("limit_issued", sa.Date(), nullable=True),
        sa.Column("limit_valid_from", sa.Date(), nullable=True),
        sa.Column("limit_valid_until", sa.Date(), nullable=True),
        sa.Column("limit_long_term", sa.Date(), nullable=True),
        sa.Column("has_specific_disease", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["insurer_id"],
            ["insurers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("qualifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_qualifications_card", ["insurer_number", "number", "birthdate"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_qualifications_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "specific_disease_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("qualification_id", sa.Integer(), nullable=False),
        sa.Column("disease", sa.String(length=1), nullable=False),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("self_pay_yen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["qualification_id"],
            ["qualifications.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("specific_disease_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_specific_disease_certificates_qualification_id"),
            ["qualification_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("specific_disease_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_specific_disease_certificates_qualification_id"))

    op.drop_table("specific_disease_certificates")
    with op.batch_alter_table("qualifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qualifications_person_id"))
        batch_op.drop_index("ix_qualifications_card")

    op.drop_table("qualifications")
    op.drop_table("rejected_requests")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_household"))

    op.drop_table("persons")
    op.drop_table("insurers")
    op.drop_table("facilities")
