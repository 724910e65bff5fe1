"""The counter dispenses against prescriptions: each line links to its prescription with the packs and the days
of supply, whether it was checked and priced from the catalogue; a dispensing knows the day it was registered
(late registration with a reason); Helfo's settlement of a claim.

Revision ID: 0003_counter_prescriptions
Revises: 0002_counter_periods
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_counter_prescriptions"
down_revision = "0002_counter_periods"
branch_labels = None
depends_on = "0001_prescriptions"


def upgrade() -> None:
    with op.batch_alter_table("dispensing") as batch:
        batch.add_column(sa.Column("registered_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("late_reason", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("claimable", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index(batch.f("ix_dispensing_registered_on"), ["registered_on"], unique=False)
    op.execute("UPDATE dispensing SET registered_on = date")
    with op.batch_alter_table("dispensing_line") as batch:
        batch.add_column(sa.Column("prescription_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("packs", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("supply_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reserved_by", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("catalog_priced", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("checked", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index(batch.f("ix_dispensing_line_prescription_id"), ["prescription_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_dispensing_line_prescription_id_prescription"), "prescription",
                                 ["prescription_id"], ["id"])
    op.create_table(
        "claim_settlement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("settled_by", sa.String(length=200), nullable=False),
        sa.Column("claimed", sa.BigInteger(), nullable=False),
        sa.Column("approved", sa.BigInteger(), nullable=False),
        sa.Column("rejected_lines", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name=op.f("fk_claim_settlement_claim_id_claim")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_settlement")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_claim_settlement_claim_id")),
    )


def downgrade() -> None:
    op.drop_table("claim_settlement")
    with op.batch_alter_table("dispensing_line") as batch:
        batch.drop_constraint(batch.f("fk_dispensing_line_prescription_id_prescription"), type_="foreignkey")
        batch.drop_index(batch.f("ix_dispensing_line_prescription_id"))
        for column in ("checked", "catalog_priced", "reserved_by", "supply_days", "packs", "prescription_id"):
            batch.drop_column(column)
    with op.batch_alter_table("dispensing") as batch:
        batch.drop_index(batch.f("ix_dispensing_registered_on"))
        for column in ("claimable", "late_reason", "registered_on"):
            batch.drop_column(column)
