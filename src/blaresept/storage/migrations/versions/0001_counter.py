"""Persons, exemption statuses, guardianship, the audit log, and the counter: dispensings, lines, the yearly
copay ledger, idempotency records and claims.

Revision ID: 0001_counter
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_counter"
down_revision = None
branch_labels = ("counter",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pharmacy_org", sa.String(length=9), nullable=False),
        sa.Column("claim_ref", sa.String(length=100), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("total_helfo", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint("pharmacy_org", "claim_ref", name=op.f("uq_claim_pharmacy_org")),
    )
    op.create_index(op.f("ix_claim_pharmacy_org"), "claim", ["pharmacy_org"], unique=False)
    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("caller", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_record")),
        sa.UniqueConstraint("caller", "key", name=op.f("uq_idempotency_record_caller")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fnr", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("fnr", name=op.f("uq_person_fnr")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_audit_entry_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_at"), "audit_entry", ["at"], unique=False)
    op.create_index(op.f("ix_audit_entry_person_id"), "audit_entry", ["person_id"], unique=False)
    op.create_table(
        "dispensing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("pharmacy_org", sa.String(length=9), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("copay", sa.BigInteger(), nullable=False),
        sa.Column("patient_extra", sa.BigInteger(), nullable=False),
        sa.Column("helfo", sa.BigInteger(), nullable=False),
        sa.Column("frikort", sa.Boolean(), nullable=False),
        sa.Column("reached_tak", sa.Boolean(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name=op.f("fk_dispensing_claim_id_claim")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_dispensing_person_id_person")),
        sa.ForeignKeyConstraint(["reverses_id"], ["dispensing.id"], name=op.f("fk_dispensing_reverses_id_dispensing")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispensing")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_dispensing_reverses_id")),
    )
    op.create_index(op.f("ix_dispensing_claim_id"), "dispensing", ["claim_id"], unique=False)
    op.create_index(op.f("ix_dispensing_date"), "dispensing", ["date"], unique=False)
    op.create_index(op.f("ix_dispensing_person_id"), "dispensing", ["person_id"], unique=False)
    op.create_index(op.f("ix_dispensing_pharmacy_org"), "dispensing", ["pharmacy_org"], unique=False)
    op.create_table(
        "exemption_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_exemption_status_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exemption_status")),
    )
    op.create_index(op.f("ix_exemption_status_person_id"), "exemption_status", ["person_id"], unique=False)
    op.create_table(
        "guardianship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guardian_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["person.id"], name=op.f("fk_guardianship_child_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["guardian_id"], ["person.id"], name=op.f("fk_guardianship_guardian_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardianship")),
        sa.UniqueConstraint("guardian_id", "child_id", name=op.f("uq_guardianship_guardian_id")),
    )
    op.create_index(op.f("ix_guardianship_child_id"), "guardianship", ["child_id"], unique=False)
    op.create_index(op.f("ix_guardianship_guardian_id"), "guardianship", ["guardian_id"], unique=False)
    op.create_table(
        "dispensing_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispensing_id", sa.Integer(), nullable=False),
        sa.Column("prescription_no", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("prescriber", sa.String(length=100), nullable=False),
        sa.Column("written", sa.Date(), nullable=False),
        sa.Column("hjemmel", sa.String(length=4), nullable=False),
        sa.Column("refund_code", sa.String(length=20), nullable=True),
        sa.Column("varenummer", sa.String(length=20), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=True),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("basis", sa.BigInteger(), nullable=False),
        sa.Column("mellomlegg", sa.BigInteger(), nullable=False),
        sa.Column("above_max_refund", sa.BigInteger(), nullable=False),
        sa.Column("copay", sa.BigInteger(), nullable=False),
        sa.Column("helfo", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dispensing_id"],
            ["dispensing.id"],
            name=op.f("fk_dispensing_line_dispensing_id_dispensing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispensing_line")),
    )
    op.create_index(op.f("ix_dispensing_line_dispensing_id"), "dispensing_line", ["dispensing_id"], unique=False)
    op.create_table(
        "ledger_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("counted", sa.BigInteger(), nullable=False),
        sa.Column("frikort_from", sa.Date(), nullable=True),
        sa.Column("frikort_dispensing_id", sa.Integer(), nullable=True),
        sa.Column("dispensings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["frikort_dispensing_id"], ["dispensing.id"], name=op.f("fk_ledger_year_frikort_dispensing_id_dispensing")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_ledger_year_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_year")),
        sa.UniqueConstraint("person_id", "year", name=op.f("uq_ledger_year_person_id")),
    )
    op.create_index(op.f("ix_ledger_year_person_id"), "ledger_year", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ledger_year_person_id"), table_name="ledger_year")
    op.drop_table("ledger_year")
    op.drop_index(op.f("ix_dispensing_line_dispensing_id"), table_name="dispensing_line")
    op.drop_table("dispensing_line")
    op.drop_index(op.f("ix_guardianship_guardian_id"), table_name="guardianship")
    op.drop_index(op.f("ix_guardianship_child_id"), table_name="guardianship")
    op.drop_table("guardianship")
    op.drop_index(op.f("ix_exemption_status_person_id"), table_name="exemption_status")
    op.drop_table("exemption_status")
    op.drop_index(op.f("ix_dispensing_pharmacy_org"), table_name="dispensing")
    op.drop_index(op.f("ix_dispensing_person_id"), table_name="dispensing")
    op.drop_index(op.f("ix_dispensing_date"), table_name="dispensing")
    op.drop_index(op.f("ix_dispensing_claim_id"), table_name="dispensing")
    op.drop_table("dispensing")
    op.drop_index(op.f("ix_audit_entry_person_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_at"), table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_table("person")
    op.drop_table("idempotency_record")
    op.drop_index(op.f("ix_claim_pharmacy_org"), table_name="claim")
    op.drop_table("claim")
