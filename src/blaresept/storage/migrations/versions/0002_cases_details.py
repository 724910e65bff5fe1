"""The case engine serves every stønad: a decision's stønad-specific content (`details`, JSON), e.g. a bidrag
claim's amounts and computation.

Revision ID: 0002_cases_details
Revises: 0001_cases
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_cases_details"
down_revision = "0001_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("individual_case_decision", sa.Column("details", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("individual_case_decision", "details")
