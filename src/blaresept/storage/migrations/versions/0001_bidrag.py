"""Bidrag (folketrygdloven § 5-22): the payment of a decided claim.

Revision ID: 0001_bidrag
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_bidrag"
down_revision = None
branch_labels = ("bidrag",)
depends_on = "0001_cases"


def upgrade() -> None:
    op.create_table(
        "bidrag_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("account_masked", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("pay_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["individual_case.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decision_id"], ["individual_case_decision.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("decision_id"),
    )
    op.create_index("ix_bidrag_payment_case_id", "bidrag_payment", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_bidrag_payment_case_id", table_name="bidrag_payment")
    op.drop_table("bidrag_payment")
