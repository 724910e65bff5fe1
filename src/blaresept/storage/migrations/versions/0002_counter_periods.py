"""The counter's egenandelsperioder (issue 12): each person's periods per prescription group, and what each
dispensing or return did to them.

Revision ID: 0002_counter_periods
Revises: 0001_counter
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_counter_periods"
down_revision = "0001_counter"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "copay_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.Column("dispensings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "group_key", "start"),
    )
    op.create_index(op.f("ix_copay_period_person_id"), "copay_period", ["person_id"], unique=False)
    op.create_index(op.f("ix_copay_period_end"), "copay_period", ["end"], unique=False)
    op.create_table(
        "copay_period_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispensing_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("maximum", sa.BigInteger(), nullable=False),
        sa.Column("paid_before", sa.BigInteger(), nullable=False),
        sa.Column("copay", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["dispensing_id"], ["dispensing.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_copay_period_use_dispensing_id"), "copay_period_use", ["dispensing_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_copay_period_use_dispensing_id"), table_name="copay_period_use")
    op.drop_table("copay_period_use")
    op.drop_index(op.f("ix_copay_period_end"), table_name="copay_period")
    op.drop_index(op.f("ix_copay_period_person_id"), table_name="copay_period")
    op.drop_table("copay_period")
