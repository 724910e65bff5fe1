"""The fastlege register: kommuner, practices, fastleger and their lists, residences (registered moves),
memberships over time, change requests, free changes, waiting lists, letters and the monthly run"s marks.

Revision ID: 0001_fastlege
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_fastlege"
down_revision = None
branch_labels = ("fastlege",)
depends_on = ("0001_counter",)  # the person table


def upgrade() -> None:
    op.create_table("fastlege_gp",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("hpr", sa.String(length=9), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_gp")),
    sa.UniqueConstraint("hpr", name=op.f("uq_fastlege_gp_hpr"))
    )
    op.create_table("fastlege_kommune",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("number", sa.String(length=4), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_kommune")),
    sa.UniqueConstraint("number", name=op.f("uq_fastlege_kommune_number"))
    )
    op.create_table("fastlege_run",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("run_date", sa.Date(), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("summary", sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_run")),
    sa.UniqueConstraint("run_date", name=op.f("uq_fastlege_run_run_date"))
    )
    op.create_table("fastlege_practice",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("kommune_id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=False),
    sa.Column("address", sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(["kommune_id"], ["fastlege_kommune.id"], name=op.f("fk_fastlege_practice_kommune_id_fastlege_kommune")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_practice"))
    )
    with op.batch_alter_table("fastlege_practice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_practice_kommune_id"), ["kommune_id"], unique=False)

    op.create_table("fastlege_residence",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("kommune", sa.String(length=4), nullable=False),
    sa.Column("valid_from", sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fastlege_residence_person_id_person"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_residence")),
    sa.UniqueConstraint("person_id", "valid_from", name=op.f("uq_fastlege_residence_person_id"))
    )
    with op.batch_alter_table("fastlege_residence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_residence_person_id"), ["person_id"], unique=False)

    op.create_table("fastlege_run_step",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("run_id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=60), nullable=False),
    sa.Column("result", sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(["run_id"], ["fastlege_run.id"], name=op.f("fk_fastlege_run_step_run_id_fastlege_run")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_run_step")),
    sa.UniqueConstraint("run_id", "name", name=op.f("uq_fastlege_run_step_run_id"))
    )
    with op.batch_alter_table("fastlege_run_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_run_step_run_id"), ["run_id"], unique=False)

    op.create_table("fastlege_list",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("practice_id", sa.Integer(), nullable=False),
    sa.Column("gp_id", sa.Integer(), nullable=True),
    sa.Column("capacity", sa.Integer(), nullable=False),
    sa.Column("open", sa.Boolean(), nullable=False),
    sa.Column("ended_on", sa.Date(), nullable=True),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["gp_id"], ["fastlege_gp.id"], name=op.f("fk_fastlege_list_gp_id_fastlege_gp")),
    sa.ForeignKeyConstraint(["practice_id"], ["fastlege_practice.id"], name=op.f("fk_fastlege_list_practice_id_fastlege_practice")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_list"))
    )
    with op.batch_alter_table("fastlege_list", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_list_gp_id"), ["gp_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fastlege_list_practice_id"), ["practice_id"], unique=False)

    op.create_table("fastlege_change",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("from_list_id", sa.Integer(), nullable=True),
    sa.Column("to_list_id", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=20), nullable=False),
    sa.Column("requested_on", sa.Date(), nullable=False),
    sa.Column("effective_on", sa.Date(), nullable=True),
    sa.Column("status", sa.String(length=12), nullable=False),
    sa.Column("counts", sa.Boolean(), nullable=False),
    sa.Column("free_reason", sa.String(length=20), nullable=True),
    sa.Column("beyond_capacity", sa.Boolean(), nullable=False),
    sa.Column("refusal_code", sa.String(length=40), nullable=True),
    sa.Column("refusal_text", sa.String(length=1000), nullable=True),
    sa.Column("requested_by", sa.String(length=200), nullable=False),
    sa.Column("steps", sa.JSON(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
    sa.ForeignKeyConstraint(["from_list_id"], ["fastlege_list.id"], name=op.f("fk_fastlege_change_from_list_id_fastlege_list")),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fastlege_change_person_id_person"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["to_list_id"], ["fastlege_list.id"], name=op.f("fk_fastlege_change_to_list_id_fastlege_list")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_change"))
    )
    with op.batch_alter_table("fastlege_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_change_effective_on"), ["effective_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_fastlege_change_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fastlege_change_requested_on"), ["requested_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_fastlege_change_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_fastlege_change_to_list_id"), ["to_list_id"], unique=False)

    op.create_table("fastlege_list_event",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("list_id", sa.Integer(), nullable=False),
    sa.Column("on", sa.Date(), nullable=False),
    sa.Column("kind", sa.String(length=20), nullable=False),
    sa.Column("detail", sa.JSON(), nullable=False),
    sa.Column("by", sa.String(length=200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
    sa.ForeignKeyConstraint(["list_id"], ["fastlege_list.id"], name=op.f("fk_fastlege_list_event_list_id_fastlege_list")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_list_event"))
    )
    with op.batch_alter_table("fastlege_list_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_list_event_list_id"), ["list_id"], unique=False)

    op.create_table("fastlege_waiting",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("list_id", sa.Integer(), nullable=False),
    sa.Column("group_id", sa.Integer(), nullable=False),
    sa.Column("joined_on", sa.Date(), nullable=False),
    sa.Column("joined_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
    sa.Column("by", sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(["list_id"], ["fastlege_list.id"], name=op.f("fk_fastlege_waiting_list_id_fastlege_list")),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fastlege_waiting_person_id_person"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_waiting")),
    sa.UniqueConstraint("person_id", name=op.f("uq_fastlege_waiting_person_id"))
    )
    with op.batch_alter_table("fastlege_waiting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_waiting_list_id"), ["list_id"], unique=False)

    op.create_table("fastlege_free_change",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("reason", sa.String(length=20), nullable=False),
    sa.Column("since", sa.Date(), nullable=False),
    sa.Column("used_by", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fastlege_free_change_person_id_person"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["used_by"], ["fastlege_change.id"], name=op.f("fk_fastlege_free_change_used_by_fastlege_change")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_free_change"))
    )
    with op.batch_alter_table("fastlege_free_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_free_change_person_id"), ["person_id"], unique=False)

    op.create_table("fastlege_letter",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=20), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("change_id", sa.Integer(), nullable=True),
    sa.Column("effective_on", sa.Date(), nullable=False),
    sa.Column("sent_on", sa.Date(), nullable=False),
    sa.Column("title", sa.String(length=200), nullable=False),
    sa.Column("pdf", sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(["change_id"], ["fastlege_change.id"], name=op.f("fk_fastlege_letter_change_id_fastlege_change")),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fastlege_letter_person_id_person"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_letter")),
    sa.UniqueConstraint("kind", "person_id", "effective_on", name=op.f("uq_fastlege_letter_kind"))
    )
    with op.batch_alter_table("fastlege_letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_letter_person_id"), ["person_id"], unique=False)

    op.create_table("fastlege_membership",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("list_id", sa.Integer(), nullable=False),
    sa.Column("valid_from", sa.Date(), nullable=False),
    sa.Column("valid_to", sa.Date(), nullable=True),
    sa.Column("change_id", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["change_id"], ["fastlege_change.id"], name=op.f("fk_fastlege_membership_change_id_fastlege_change")),
    sa.ForeignKeyConstraint(["list_id"], ["fastlege_list.id"], name=op.f("fk_fastlege_membership_list_id_fastlege_list")),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fastlege_membership_person_id_person"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_fastlege_membership"))
    )
    with op.batch_alter_table("fastlege_membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fastlege_membership_list_id"), ["list_id"], unique=False)
        batch_op.create_index("ix_fastlege_membership_list_to", ["list_id", "valid_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_fastlege_membership_person_id"), ["person_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("fastlege_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_membership_person_id"))
        batch_op.drop_index("ix_fastlege_membership_list_to")
        batch_op.drop_index(batch_op.f("ix_fastlege_membership_list_id"))

    op.drop_table("fastlege_membership")
    with op.batch_alter_table("fastlege_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_letter_person_id"))

    op.drop_table("fastlege_letter")
    with op.batch_alter_table("fastlege_free_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_free_change_person_id"))

    op.drop_table("fastlege_free_change")
    with op.batch_alter_table("fastlege_waiting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_waiting_list_id"))

    op.drop_table("fastlege_waiting")
    with op.batch_alter_table("fastlege_list_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_list_event_list_id"))

    op.drop_table("fastlege_list_event")
    with op.batch_alter_table("fastlege_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_change_to_list_id"))
        batch_op.drop_index(batch_op.f("ix_fastlege_change_status"))
        batch_op.drop_index(batch_op.f("ix_fastlege_change_requested_on"))
        batch_op.drop_index(batch_op.f("ix_fastlege_change_person_id"))
        batch_op.drop_index(batch_op.f("ix_fastlege_change_effective_on"))

    op.drop_table("fastlege_change")
    with op.batch_alter_table("fastlege_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_list_practice_id"))
        batch_op.drop_index(batch_op.f("ix_fastlege_list_gp_id"))

    op.drop_table("fastlege_list")
    with op.batch_alter_table("fastlege_run_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_run_step_run_id"))

    op.drop_table("fastlege_run_step")
    with op.batch_alter_table("fastlege_residence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_residence_person_id"))

    op.drop_table("fastlege_residence")
    with op.batch_alter_table("fastlege_practice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fastlege_practice_kommune_id"))

    op.drop_table("fastlege_practice")
    op.drop_table("fastlege_run")
    op.drop_table("fastlege_kommune")
    op.drop_table("fastlege_gp")
