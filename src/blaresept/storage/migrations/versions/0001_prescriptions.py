"""The prescription register: doctors' blue prescriptions (and paper or telephone prescriptions registered by a
pharmacy), cancelled but never edited.

Revision ID: 0001_prescriptions
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_prescriptions"
down_revision = None
branch_labels = ("prescriptions",)
depends_on = "0001_counter"  # the person table


def upgrade() -> None:
    op.create_table(
        "prescription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("prescriber_hpr", sa.String(length=9), nullable=False),
        sa.Column("prescriber_name", sa.String(length=200), nullable=False),
        sa.Column("prescriber_specialties", sa.JSON(), nullable=True),
        sa.Column("prescriber_hospital", sa.Boolean(), nullable=True),
        sa.Column("registered_by", sa.String(length=200), nullable=False),
        sa.Column("written", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("varenummer", sa.String(length=20), nullable=False),
        sa.Column("item_name", sa.String(length=300), nullable=False),
        sa.Column("atc", sa.String(length=10), nullable=True),
        sa.Column("prescription_group", sa.String(length=5), nullable=True),
        sa.Column("pack", sa.String(length=60), nullable=True),
        sa.Column("units_per_pack", sa.Numeric(12, 3), nullable=False),
        sa.Column("packs", sa.Integer(), nullable=False),
        sa.Column("daily_dose", sa.Numeric(12, 3), nullable=False),
        sa.Column("dosage_text", sa.String(length=300), nullable=False),
        sa.Column("reit", sa.Integer(), nullable=False),
        sa.Column("hjemmel", sa.String(length=4), nullable=False),
        sa.Column("refund_code", sa.String(length=20), nullable=True),
        sa.Column("conditions_confirmed", sa.JSON(), nullable=False),
        sa.Column("prescriber_reservation", sa.Boolean(), nullable=False),
        sa.Column("instituted_by", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_prescription_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescription")),
        sa.UniqueConstraint("reference", name=op.f("uq_prescription_reference")),
    )
    op.create_index(op.f("ix_prescription_person_id"), "prescription", ["person_id"], unique=False)
    op.create_index(op.f("ix_prescription_prescriber_hpr"), "prescription", ["prescriber_hpr"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_prescription_prescriber_hpr"), table_name="prescription")
    op.drop_index(op.f("ix_prescription_person_id"), table_name="prescription")
    op.drop_table("prescription")
