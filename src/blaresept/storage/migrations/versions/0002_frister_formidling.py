"""Pasientformidling: the formidling state of a breach case (contact, search, offer, reply), beside the engine's
case row.

Revision ID: 0002_frister_formidling
Revises: 0001_frister
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_frister_formidling"
down_revision = "0001_frister"
branch_labels = None
depends_on = "0001_cases"


def upgrade() -> None:
    op.create_table(
        "formidling_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("breach_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column("search_from", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("offered_on", sa.Date(), nullable=True),
        sa.Column("reply_deadline", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["individual_case.id"],
                                name=op.f("fk_formidling_case_case_id_individual_case"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["breach_id"], ["frist_breach.id"], name=op.f("fk_formidling_case_breach_id_frist_breach")),
        sa.ForeignKeyConstraint(["referral_id"], ["frist_referral.id"],
                                name=op.f("fk_formidling_case_referral_id_frist_referral")),
        sa.ForeignKeyConstraint(["provider_id"], ["frist_provider.id"],
                                name=op.f("fk_formidling_case_provider_id_frist_provider")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_formidling_case")),
        sa.UniqueConstraint("case_id", name=op.f("uq_formidling_case_case_id")),
        sa.UniqueConstraint("breach_id", name=op.f("uq_formidling_case_breach_id")),
    )
    op.create_index(op.f("ix_formidling_case_referral_id"), "formidling_case", ["referral_id"])
    op.create_index(op.f("ix_formidling_case_deadline"), "formidling_case", ["deadline"])
    op.create_index(op.f("ix_formidling_case_status"), "formidling_case", ["status"])
    op.create_index(op.f("ix_formidling_case_provider_id"), "formidling_case", ["provider_id"])


def downgrade() -> None:
    op.drop_table("formidling_case")
