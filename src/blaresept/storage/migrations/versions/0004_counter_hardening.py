"""Hardening (issue 14): the audit log records the person masked in text and the outcome (allowed, or the
refusal); a guardianship has a period (a link can end).

Revision ID: 0004_counter_hardening
Revises: 0003_counter_prescriptions
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_counter_hardening"
down_revision = "0003_counter_prescriptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("person_masked", sa.String(length=11), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=60), nullable=False, server_default="tillatt"))
    with op.batch_alter_table("guardianship") as batch:
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("valid_to", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guardianship") as batch:
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("outcome")
        batch.drop_column("person_masked")
