"""The register of European health insurance cards and provisional replacement certificates.

Revision ID: 0001_ehic
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_ehic"
down_revision = None
branch_labels = ("ehic",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ehic_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_number", sa.String(length=20), nullable=True),
        sa.Column("fnr", sa.String(length=11), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=300), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("card_number"),
    )
    op.create_index(op.f("ix_ehic_card_fnr"), "ehic_card", ["fnr"], unique=False)
    op.create_index(op.f("ix_ehic_card_case_id"), "ehic_card", ["case_id"], unique=False)
    op.create_index("uq_ehic_card_one_active", "ehic_card", ["fnr"], unique=True,
                    sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
    op.create_table(
        "ehic_certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("fnr", sa.String(length=11), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["ehic_card.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_ehic_certificate_card_id"), "ehic_certificate", ["card_id"], unique=False)
    op.create_index(op.f("ix_ehic_certificate_fnr"), "ehic_certificate", ["fnr"], unique=False)


def downgrade() -> None:
    op.drop_table("ehic_certificate")
    op.drop_table("ehic_card")
