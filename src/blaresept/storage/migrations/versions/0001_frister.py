"""Referrals and fristbrudd: referrals with their deadlines, breaches found, daily runs, providers and capacity.

Revision ID: 0001_frister
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_frister"
down_revision = None
branch_labels = ("frister",)
depends_on = None

OPEN = "help_started_on IS NULL AND breach_found_on IS NULL"


def upgrade() -> None:
    op.create_table(
        "frist_referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("patient_fnr", sa.String(length=11), nullable=False),
        sa.Column("hospital_org", sa.String(length=9), nullable=False),
        sa.Column("hospital_name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("serious_suspected", sa.Boolean(), nullable=False),
        sa.Column("assessment_deadline", sa.Date(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("has_right", sa.Boolean(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("help_started_on", sa.Date(), nullable=True),
        sa.Column("breach_found_on", sa.Date(), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frist_referral")),
        sa.UniqueConstraint("reference", name=op.f("uq_frist_referral_reference")),
    )
    op.create_index(op.f("ix_frist_referral_patient_fnr"), "frist_referral", ["patient_fnr"])
    op.create_index(op.f("ix_frist_referral_hospital_org"), "frist_referral", ["hospital_org"])
    op.create_index("ix_frist_referral_open_deadline", "frist_referral", ["deadline"],
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_table(
        "frist_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_date", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frist_run")),
    )
    op.create_index(op.f("ix_frist_run_run_date"), "frist_run", ["run_date"])
    op.create_table(
        "frist_breach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["frist_referral.id"],
                                name=op.f("fk_frist_breach_referral_id_frist_referral"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["frist_run.id"], name=op.f("fk_frist_breach_run_id_frist_run")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frist_breach")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_frist_breach_referral_id")),
    )
    op.create_index(op.f("ix_frist_breach_found_on"), "frist_breach", ["found_on"])
    op.create_index(op.f("ix_frist_breach_run_id"), "frist_breach", ["run_id"])
    op.create_index(op.f("ix_frist_breach_status"), "frist_breach", ["status"])
    op.create_table(
        "frist_provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("org_number", sa.String(length=9), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("agreement", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frist_provider")),
        sa.UniqueConstraint("code", name=op.f("uq_frist_provider_code")),
    )
    op.create_index(op.f("ix_frist_provider_org_number"), "frist_provider", ["org_number"])
    op.create_table(
        "frist_capacity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["provider_id"], ["frist_provider.id"],
                                name=op.f("fk_frist_capacity_provider_id_frist_provider"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frist_capacity")),
        sa.UniqueConstraint("provider_id", "area", name=op.f("uq_frist_capacity_provider_id")),
    )
    op.create_index(op.f("ix_frist_capacity_provider_id"), "frist_capacity", ["provider_id"])
    op.create_index(op.f("ix_frist_capacity_area"), "frist_capacity", ["area"])


def downgrade() -> None:
    op.drop_table("frist_capacity")
    op.drop_table("frist_provider")
    op.drop_table("frist_breach")
    op.drop_table("frist_run")
    op.drop_table("frist_referral")
