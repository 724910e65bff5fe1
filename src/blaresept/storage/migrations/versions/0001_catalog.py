"""The reimbursement catalogue from FEST: releases (HentetDato) and imported files; packages, prices and
reimbursement links; brands and substances; substitution groups; reimbursement groups, refund codes and their
conditions; conditions (vilkår); goods (handelsvarer) with maximum prices; code systems (KatKodeverk).

Revision ID: 0001_catalog
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_catalog"
down_revision = None
branch_labels = ("catalog",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hentet", sa.DateTime(), nullable=False),
        sa.Column("helfo_valid_from", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_release")),
        sa.UniqueConstraint("hentet", name=op.f("uq_catalog_release_hentet")),
    )
    op.create_table(
        "catalog_brand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fest_id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("trade_name", sa.String(length=500), nullable=False),
        sa.Column("atc", sa.String(length=20), nullable=True),
        sa.Column("atc_name", sa.String(length=500), nullable=True),
        sa.Column("prescription_group", sa.String(length=10), nullable=True),
        sa.Column("form", sa.String(length=200), nullable=True),
        sa.Column("form_long", sa.String(length=500), nullable=True),
        sa.Column("producer", sa.String(length=500), nullable=True),
        sa.Column("validity", sa.JSON(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_brand_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_brand")),
        sa.UniqueConstraint("release_id", "fest_id", name=op.f("uq_catalog_brand_release_id")),
    )
    op.create_index("ix_catalog_brand_entry", "catalog_brand", ["release_id", "entry_id"], unique=False)

    op.create_table(
        "catalog_brand_substance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_fest_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("substance_fest_id", sa.String(length=80), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_brand_substance_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_brand_substance")),
    )
    op.create_index(
        "ix_catalog_brand_substance_brand", "catalog_brand_substance", ["release_id", "brand_fest_id"], unique=False
    )

    op.create_table(
        "catalog_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_oid", sa.String(length=100), nullable=False),
        sa.Column("element_id", sa.String(length=80), nullable=False),
        sa.Column("parent_id", sa.String(length=80), nullable=True),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("term", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_code_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_code")),
    )
    op.create_index("ix_catalog_code_code", "catalog_code", ["release_id", "system_oid", "code"], unique=False)

    op.create_table(
        "catalog_code_system",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("oid", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("short_name", sa.String(length=200), nullable=False),
        sa.Column("publisher", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_code_system_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_code_system")),
        sa.UniqueConstraint("release_id", "oid", name=op.f("uq_catalog_code_system_release_id")),
    )
    op.create_index("ix_catalog_code_system_entry", "catalog_code_system", ["release_id", "entry_id"], unique=False)

    op.create_table(
        "catalog_condition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fest_id", sa.String(length=80), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("group_code", sa.String(length=10), nullable=True),
        sa.Column("group_text", sa.String(length=100), nullable=True),
        sa.Column("applies_to_code", sa.String(length=10), nullable=True),
        sa.Column("applies_to_text", sa.String(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("structured", sa.JSON(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_condition_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_condition")),
        sa.UniqueConstraint("release_id", "fest_id", name=op.f("uq_catalog_condition_release_id")),
    )
    op.create_index("ix_catalog_condition_entry", "catalog_condition", ["release_id", "entry_id"], unique=False)

    op.create_table(
        "catalog_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("xml_bytes", sa.BigInteger(), nullable=False),
        sa.Column("namespace_repaired", sa.Boolean(), nullable=False),
        sa.Column("loose", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.BigInteger(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_file_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_file")),
        sa.UniqueConstraint("sha256", name=op.f("uq_catalog_file_sha256")),
    )
    op.create_index(op.f("ix_catalog_file_release_id"), "catalog_file", ["release_id"], unique=False)

    op.create_table(
        "catalog_goods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("product_number", sa.String(length=100), nullable=True),
        sa.Column("volume", sa.String(length=100), nullable=True),
        sa.Column("unit", sa.String(length=100), nullable=True),
        sa.Column("per_pack", sa.Integer(), nullable=True),
        sa.Column("above_max_allowed", sa.Boolean(), nullable=True),
        sa.Column("supplier", sa.String(length=500), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_goods_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_goods")),
        sa.UniqueConstraint("release_id", "number", name=op.f("uq_catalog_goods_release_id")),
    )
    op.create_index("ix_catalog_goods_entry", "catalog_goods", ["release_id", "entry_id"], unique=False)

    op.create_table(
        "catalog_goods_price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goods_number", sa.String(length=50), nullable=False),
        sa.Column("type_code", sa.String(length=10), nullable=True),
        sa.Column("type_name", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_goods_price_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_goods_price")),
    )
    op.create_index("ix_catalog_goods_price_goods", "catalog_goods_price", ["release_id", "goods_number"], unique=False)

    op.create_table(
        "catalog_goods_reimbursement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goods_number", sa.String(length=50), nullable=False),
        sa.Column("group_fest_id", sa.String(length=80), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("prescribe_until", sa.Date(), nullable=True),
        sa.Column("dispense_until", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_goods_reimbursement_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_goods_reimbursement")),
    )
    op.create_index(
        "ix_catalog_goods_reimbursement_goods",
        "catalog_goods_reimbursement",
        ["release_id", "goods_number"],
        unique=False,
    )

    op.create_table(
        "catalog_group_condition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_fest_id", sa.String(length=80), nullable=False),
        sa.Column("condition_fest_id", sa.String(length=80), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_group_condition_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_group_condition")),
    )
    op.create_index(
        "ix_catalog_group_condition_group", "catalog_group_condition", ["release_id", "group_fest_id"], unique=False
    )

    op.create_table(
        "catalog_item_condition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sa.String(length=20), nullable=False),
        sa.Column("owner_fest_id", sa.String(length=80), nullable=False),
        sa.Column("condition_fest_id", sa.String(length=80), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_item_condition_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_item_condition")),
    )
    op.create_index(
        "ix_catalog_item_condition_owner",
        "catalog_item_condition",
        ["release_id", "owner_kind", "owner_fest_id"],
        unique=False,
    )

    op.create_table(
        "catalog_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fest_id", sa.String(length=80), nullable=False),
        sa.Column("varenummer", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("atc", sa.String(length=20), nullable=True),
        sa.Column("atc_name", sa.String(length=500), nullable=True),
        sa.Column("prescription_group", sa.String(length=10), nullable=True),
        sa.Column("form_code", sa.String(length=20), nullable=True),
        sa.Column("form", sa.String(length=200), nullable=True),
        sa.Column("preparation_type", sa.String(length=200), nullable=True),
        sa.Column("opioid_application", sa.Boolean(), nullable=True),
        sa.Column("ean", sa.String(length=200), nullable=True),
        sa.Column("brand_fest_id", sa.String(length=80), nullable=True),
        sa.Column("package_size", sa.String(length=200), nullable=True),
        sa.Column("package_unit", sa.String(length=100), nullable=True),
        sa.Column("package_type", sa.String(length=200), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("ddd", sa.String(length=100), nullable=True),
        sa.Column("marketed_from", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("temporarily_out_on", sa.Date(), nullable=True),
        sa.Column("replaced_varenummer", sa.String(length=20), nullable=True),
        sa.Column("substitution_group_fest_id", sa.String(length=80), nullable=True),
        sa.Column("substitution_from", sa.Date(), nullable=True),
        sa.Column("substitution_to", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_package_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_package")),
        sa.UniqueConstraint("release_id", "fest_id", name=op.f("uq_catalog_package_release_id")),
    )
    op.create_index("ix_catalog_package_atc", "catalog_package", ["release_id", "atc"], unique=False)
    op.create_index("ix_catalog_package_entry", "catalog_package", ["release_id", "entry_id"], unique=False)
    op.create_index("ix_catalog_package_varenummer", "catalog_package", ["release_id", "varenummer"], unique=False)

    op.create_table(
        "catalog_package_price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_fest_id", sa.String(length=80), nullable=False),
        sa.Column("type_code", sa.String(length=10), nullable=True),
        sa.Column("type_name", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_package_price_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_package_price")),
    )
    op.create_index(
        "ix_catalog_package_price_package", "catalog_package_price", ["release_id", "package_fest_id"], unique=False
    )

    op.create_table(
        "catalog_package_reimbursement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_fest_id", sa.String(length=80), nullable=False),
        sa.Column("group_fest_id", sa.String(length=80), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("prescribe_until", sa.Date(), nullable=True),
        sa.Column("dispense_until", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_package_reimbursement_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_package_reimbursement")),
    )
    op.create_index(
        "ix_catalog_package_reimbursement_group",
        "catalog_package_reimbursement",
        ["release_id", "group_fest_id"],
        unique=False,
    )
    op.create_index(
        "ix_catalog_package_reimbursement_package",
        "catalog_package_reimbursement",
        ["release_id", "package_fest_id"],
        unique=False,
    )

    op.create_table(
        "catalog_refund_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_fest_id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("code_key", sa.String(length=50), nullable=False),
        sa.Column("code_system", sa.String(length=100), nullable=True),
        sa.Column("code_text", sa.String(length=500), nullable=True),
        sa.Column("subterm", sa.String(length=500), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("prescribe_until", sa.Date(), nullable=True),
        sa.Column("dispense_until", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_refund_code_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_refund_code")),
        sa.UniqueConstraint("release_id", "group_fest_id", "position", name=op.f("uq_catalog_refund_code_release_id")),
    )
    op.create_index("ix_catalog_refund_code_code", "catalog_refund_code", ["release_id", "code_key"], unique=False)

    op.create_table(
        "catalog_refund_code_condition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_fest_id", sa.String(length=80), nullable=False),
        sa.Column("code_position", sa.Integer(), nullable=False),
        sa.Column("condition_fest_id", sa.String(length=80), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_refund_code_condition_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_refund_code_condition")),
    )
    op.create_index(
        "ix_catalog_refund_code_condition_code",
        "catalog_refund_code_condition",
        ["release_id", "group_fest_id", "code_position"],
        unique=False,
    )

    op.create_table(
        "catalog_reimbursement_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fest_id", sa.String(length=80), nullable=False),
        sa.Column("hjemmel_code", sa.String(length=10), nullable=True),
        sa.Column("hjemmel_text", sa.String(length=200), nullable=True),
        sa.Column("requires_product_link", sa.Boolean(), nullable=False),
        sa.Column("requires_decision", sa.Boolean(), nullable=False),
        sa.Column("group_code", sa.String(length=50), nullable=True),
        sa.Column("group_text", sa.String(length=500), nullable=True),
        sa.Column("group_system", sa.String(length=100), nullable=True),
        sa.Column("atc", sa.String(length=20), nullable=True),
        sa.Column("atc_name", sa.String(length=500), nullable=True),
        sa.Column("requires_refund_code", sa.Boolean(), nullable=False),
        sa.Column("eligible_use", sa.Text(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_reimbursement_group_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_reimbursement_group")),
        sa.UniqueConstraint("release_id", "fest_id", name=op.f("uq_catalog_reimbursement_group_release_id")),
    )
    op.create_index(
        "ix_catalog_reimbursement_group_entry", "catalog_reimbursement_group", ["release_id", "entry_id"], unique=False
    )
    op.create_index(
        "ix_catalog_reimbursement_group_number",
        "catalog_reimbursement_group",
        ["release_id", "group_code"],
        unique=False,
    )

    op.create_table(
        "catalog_substance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fest_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("name_en", sa.String(length=500), nullable=True),
        sa.Column("substance_fest_id", sa.String(length=80), nullable=True),
        sa.Column("strength", sa.String(length=50), nullable=True),
        sa.Column("strength_unit", sa.String(length=50), nullable=True),
        sa.Column("denominator", sa.String(length=50), nullable=True),
        sa.Column("denominator_unit", sa.String(length=50), nullable=True),
        sa.Column("operator", sa.String(length=50), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_substance_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_substance")),
        sa.UniqueConstraint("release_id", "fest_id", name=op.f("uq_catalog_substance_release_id")),
    )
    op.create_index("ix_catalog_substance_entry", "catalog_substance", ["release_id", "entry_id"], unique=False)

    op.create_table(
        "catalog_substitution_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fest_id", sa.String(length=80), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("remark", sa.Boolean(), nullable=False),
        sa.Column("remark_text", sa.Text(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("entry_time", sa.DateTime(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["catalog_release.id"],
            name=op.f("fk_catalog_substitution_group_release_id_catalog_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_substitution_group")),
        sa.UniqueConstraint("release_id", "fest_id", name=op.f("uq_catalog_substitution_group_release_id")),
    )
    op.create_index(
        "ix_catalog_substitution_group_entry", "catalog_substitution_group", ["release_id", "entry_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("catalog_substitution_group")
    op.drop_table("catalog_substance")
    op.drop_table("catalog_reimbursement_group")
    op.drop_table("catalog_refund_code_condition")
    op.drop_table("catalog_refund_code")
    op.drop_table("catalog_package_reimbursement")
    op.drop_table("catalog_package_price")
    op.drop_table("catalog_package")
    op.drop_table("catalog_item_condition")
    op.drop_table("catalog_group_condition")
    op.drop_table("catalog_goods_reimbursement")
    op.drop_table("catalog_goods_price")
    op.drop_table("catalog_goods")
    op.drop_table("catalog_file")
    op.drop_table("catalog_condition")
    op.drop_table("catalog_code_system")
    op.drop_table("catalog_code")
    op.drop_table("catalog_brand_substance")
    op.drop_table("catalog_brand")
    op.drop_table("catalog_release")
