"""Helfo case handling for individual stønad: cases, application versions, decisions, appeals, the timeline
and letters (with their PDFs).

Revision ID: 0001_cases
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_cases"
down_revision = None
branch_labels = ("cases",)
depends_on = None


def upgrade() -> None:
    op.create_table("individual_case",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("reference", sa.String(length=20), nullable=True),
    sa.Column("kind", sa.String(length=12), nullable=False),
    sa.Column("patient_fnr", sa.String(length=11), nullable=False),
    sa.Column("patient_birth_date", sa.Date(), nullable=False),
    sa.Column("applicant_subject", sa.String(length=100), nullable=False),
    sa.Column("applicant_hpr", sa.String(length=20), nullable=False),
    sa.Column("applicant_name", sa.String(length=200), nullable=False),
    sa.Column("received_on", sa.Date(), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("prioritised", sa.Boolean(), nullable=False),
    sa.Column("priority_reasons", sa.JSON(), nullable=False),
    sa.Column("processing_weeks", sa.Integer(), nullable=False),
    sa.Column("deadline", sa.Date(), nullable=False),
    sa.Column("status", sa.String(length=30), nullable=False),
    sa.Column("step", sa.String(length=40), nullable=False),
    sa.Column("outcome", sa.String(length=20), nullable=True),
    sa.Column("missing", sa.JSON(), nullable=False),
    sa.Column("open_points", sa.JSON(), nullable=False),
    sa.Column("resolutions", sa.JSON(), nullable=False),
    sa.Column("overrides_allowed", sa.Boolean(), nullable=False),
    sa.Column("steps", sa.JSON(), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_case")),
    sa.UniqueConstraint("reference", name=op.f("uq_individual_case_reference"))
    )
    op.create_index(op.f("ix_individual_case_applicant_hpr"), "individual_case", ["applicant_hpr"], unique=False)
    op.create_index(op.f("ix_individual_case_applicant_subject"), "individual_case", ["applicant_subject"], unique=False)
    op.create_index(op.f("ix_individual_case_deadline"), "individual_case", ["deadline"], unique=False)
    op.create_index(op.f("ix_individual_case_patient_fnr"), "individual_case", ["patient_fnr"], unique=False)
    op.create_index(op.f("ix_individual_case_received_on"), "individual_case", ["received_on"], unique=False)
    op.create_index(op.f("ix_individual_case_status"), "individual_case", ["status"], unique=False)
    op.create_table("individual_case_application",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("case_id", sa.Integer(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("submitted_by", sa.String(length=100), nullable=False),
    sa.Column("content", sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(["case_id"], ["individual_case.id"], name=op.f("fk_individual_case_application_case_id_individual_case"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_case_application")),
    sa.UniqueConstraint("case_id", "version", name=op.f("uq_individual_case_application_case_id"))
    )
    op.create_index(op.f("ix_individual_case_application_case_id"), "individual_case_application", ["case_id"], unique=False)
    op.create_table("individual_case_decision",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("case_id", sa.Integer(), nullable=False),
    sa.Column("instance", sa.String(length=20), nullable=False),
    sa.Column("outcome", sa.String(length=20), nullable=False),
    sa.Column("automatic", sa.Boolean(), nullable=False),
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.Column("decided_on", sa.Date(), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("decided_by", sa.String(length=100), nullable=False),
    sa.Column("decided_by_name", sa.String(length=200), nullable=False),
    sa.Column("hjemmel", sa.String(length=20), nullable=False),
    sa.Column("hjemmel_code", sa.String(length=4), nullable=False),
    sa.Column("refund_code", sa.String(length=30), nullable=True),
    sa.Column("granted", sa.JSON(), nullable=False),
    sa.Column("refused", sa.JSON(), nullable=False),
    sa.Column("legal_basis", sa.JSON(), nullable=False),
    sa.Column("reasons", sa.JSON(), nullable=False),
    sa.Column("bidrag_note", sa.Text(), nullable=True),
    sa.Column("note", sa.Text(), nullable=True),
    sa.Column("steps", sa.JSON(), nullable=False),
    sa.Column("letter_sent_on", sa.Date(), nullable=True),
    sa.Column("appeal_deadline", sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(["case_id"], ["individual_case.id"], name=op.f("fk_individual_case_decision_case_id_individual_case"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_case_decision"))
    )
    op.create_index(op.f("ix_individual_case_decision_active"), "individual_case_decision", ["active"], unique=False)
    op.create_index(op.f("ix_individual_case_decision_case_id"), "individual_case_decision", ["case_id"], unique=False)
    op.create_table("individual_case_appeal",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("case_id", sa.Integer(), nullable=False),
    sa.Column("decision_id", sa.Integer(), nullable=False),
    sa.Column("status", sa.String(length=30), nullable=False),
    sa.Column("step", sa.String(length=40), nullable=False),
    sa.Column("appellant_subject", sa.String(length=100), nullable=False),
    sa.Column("appellant_role", sa.String(length=20), nullable=False),
    sa.Column("appellant_name", sa.String(length=200), nullable=False),
    sa.Column("on_behalf_of", sa.String(length=200), nullable=True),
    sa.Column("grounds", sa.Text(), nullable=False),
    sa.Column("received_on", sa.Date(), nullable=False),
    sa.Column("decision_received_on", sa.Date(), nullable=False),
    sa.Column("deadline", sa.Date(), nullable=False),
    sa.Column("formal", sa.JSON(), nullable=False),
    sa.Column("reconsideration", sa.JSON(), nullable=False),
    sa.Column("summary", sa.Text(), nullable=True),
    sa.Column("forwarded_on", sa.Date(), nullable=True),
    sa.Column("helseklage", sa.JSON(), nullable=False),
    sa.Column("further_appeal", sa.JSON(), nullable=False),
    sa.Column("trygderetten", sa.JSON(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["case_id"], ["individual_case.id"], name=op.f("fk_individual_case_appeal_case_id_individual_case"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["decision_id"], ["individual_case_decision.id"], name=op.f("fk_individual_case_appeal_decision_id_individual_case_decision")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_case_appeal"))
    )
    op.create_index(op.f("ix_individual_case_appeal_case_id"), "individual_case_appeal", ["case_id"], unique=False)
    op.create_index(op.f("ix_individual_case_appeal_status"), "individual_case_appeal", ["status"], unique=False)
    op.create_table("individual_case_event",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("case_id", sa.Integer(), nullable=False),
    sa.Column("appeal_id", sa.Integer(), nullable=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_subject", sa.String(length=100), nullable=False),
    sa.Column("actor_role", sa.String(length=20), nullable=False),
    sa.Column("actor_name", sa.String(length=200), nullable=False),
    sa.Column("step", sa.String(length=40), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("data", sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(["appeal_id"], ["individual_case_appeal.id"], name=op.f("fk_individual_case_event_appeal_id_individual_case_appeal"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["case_id"], ["individual_case.id"], name=op.f("fk_individual_case_event_case_id_individual_case"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_case_event"))
    )
    op.create_index(op.f("ix_individual_case_event_case_id"), "individual_case_event", ["case_id"], unique=False)
    op.create_table("individual_case_letter",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("case_id", sa.Integer(), nullable=False),
    sa.Column("decision_id", sa.Integer(), nullable=True),
    sa.Column("appeal_id", sa.Integer(), nullable=True),
    sa.Column("kind", sa.String(length=30), nullable=False),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("sent_on", sa.Date(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("appeal_deadline", sa.Date(), nullable=True),
    sa.Column("filename", sa.String(length=100), nullable=False),
    sa.Column("pdf", sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(["appeal_id"], ["individual_case_appeal.id"], name=op.f("fk_individual_case_letter_appeal_id_individual_case_appeal"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["case_id"], ["individual_case.id"], name=op.f("fk_individual_case_letter_case_id_individual_case"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["decision_id"], ["individual_case_decision.id"], name=op.f("fk_individual_case_letter_decision_id_individual_case_decision")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_individual_case_letter"))
    )
    op.create_index(op.f("ix_individual_case_letter_case_id"), "individual_case_letter", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_individual_case_letter_case_id"), table_name="individual_case_letter")
    op.drop_table("individual_case_letter")
    op.drop_index(op.f("ix_individual_case_event_case_id"), table_name="individual_case_event")
    op.drop_table("individual_case_event")
    op.drop_index(op.f("ix_individual_case_appeal_status"), table_name="individual_case_appeal")
    op.drop_index(op.f("ix_individual_case_appeal_case_id"), table_name="individual_case_appeal")
    op.drop_table("individual_case_appeal")
    op.drop_index(op.f("ix_individual_case_decision_case_id"), table_name="individual_case_decision")
    op.drop_index(op.f("ix_individual_case_decision_active"), table_name="individual_case_decision")
    op.drop_table("individual_case_decision")
    op.drop_index(op.f("ix_individual_case_application_case_id"), table_name="individual_case_application")
    op.drop_table("individual_case_application")
    op.drop_index(op.f("ix_individual_case_status"), table_name="individual_case")
    op.drop_index(op.f("ix_individual_case_received_on"), table_name="individual_case")
    op.drop_index(op.f("ix_individual_case_patient_fnr"), table_name="individual_case")
    op.drop_index(op.f("ix_individual_case_deadline"), table_name="individual_case")
    op.drop_index(op.f("ix_individual_case_applicant_subject"), table_name="individual_case")
    op.drop_index(op.f("ix_individual_case_applicant_hpr"), table_name="individual_case")
    op.drop_table("individual_case")
