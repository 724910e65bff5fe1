"""The catalogue's tables: every imported FEST file belongs to a release (keyed by its HentetDato), and every
row carries its release and the validity dates FEST gives it, so the catalogue can answer "what held on
date D" (docs/catalog.md). Rows refer to each other within a release by FEST's own ids (`*_fest_id`), as the
feed does; the importer checks every such reference before it commits.

Sources: M30 informasjonsmodell v2.5 (KITH 18/08) for the fields; FEST implementation guide v3.5 § 6 for the
dates. Money is integer øre (BigInteger: a package can cost more than 21 million kroner).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from blaresept.storage.db import Base

ID = String(80)
"""FEST ids: 'ID_' + a UUID for medicines, 'RID_' + a number for goods groups."""


class Release(Base):
    """One FEST release: everything generated at one HentetDato. Files with the same HentetDato add to it."""

    __tablename__ = "catalog_release"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hentet: Mapped[datetime] = mapped_column(DateTime, unique=True)  # naive UTC
    helfo_valid_from: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ImportedFile(Base):
    """A file imported into a release, by the SHA-256 of its XML (importing it again changes nothing)."""

    __tablename__ = "catalog_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("catalog_release.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    xml_bytes: Mapped[int] = mapped_column(BigInteger)
    namespace_repaired: Mapped[bool] = mapped_column(Boolean)
    loose: Mapped[bool] = mapped_column(Boolean)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rows: Mapped[int] = mapped_column(BigInteger)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class _Entry:
    """Columns every catalogue entry has: its release, FEST entry id, time and source line."""

    release_id: Mapped[int] = mapped_column(ForeignKey("catalog_release.id", ondelete="CASCADE"))
    entry_id: Mapped[str] = mapped_column(ID)
    entry_time: Mapped[datetime] = mapped_column(DateTime)
    line: Mapped[int] = mapped_column(Integer)


class _Child:
    """Columns of a row that belongs to an entry: its release and source line."""

    release_id: Mapped[int] = mapped_column(ForeignKey("catalog_release.id", ondelete="CASCADE"))
    line: Mapped[int] = mapped_column(Integer)


class Package(_Entry, Base):
    """Legemiddelpakning."""

    __tablename__ = "catalog_package"
    __table_args__ = (
        UniqueConstraint("release_id", "fest_id"),
        Index("ix_catalog_package_varenummer", "release_id", "varenummer"),
        Index("ix_catalog_package_atc", "release_id", "atc"),
        Index("ix_catalog_package_entry", "release_id", "entry_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fest_id: Mapped[str] = mapped_column(ID)
    varenummer: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    atc: Mapped[str | None] = mapped_column(String(20))
    atc_name: Mapped[str | None] = mapped_column(String(500))
    prescription_group: Mapped[str | None] = mapped_column(String(10))
    form_code: Mapped[str | None] = mapped_column(String(20))
    form: Mapped[str | None] = mapped_column(String(200))
    preparation_type: Mapped[str | None] = mapped_column(String(200))
    opioid_application: Mapped[bool | None] = mapped_column(Boolean)
    ean: Mapped[str | None] = mapped_column(String(200))
    brand_fest_id: Mapped[str | None] = mapped_column(ID)
    package_size: Mapped[str | None] = mapped_column(String(200))
    package_unit: Mapped[str | None] = mapped_column(String(100))
    package_type: Mapped[str | None] = mapped_column(String(200))
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    ddd: Mapped[str | None] = mapped_column(String(100))
    marketed_from: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    temporarily_out_on: Mapped[date | None] = mapped_column(Date)
    replaced_varenummer: Mapped[str | None] = mapped_column(String(20))
    substitution_group_fest_id: Mapped[str | None] = mapped_column(ID)
    substitution_from: Mapped[date | None] = mapped_column(Date)
    substitution_to: Mapped[date | None] = mapped_column(Date)


class PackagePrice(_Child, Base):
    """PrisVare of a package: AUP, AIP, refusjonspris, trinnpris (Volven 7453), in øre, with its period."""

    __tablename__ = "catalog_package_price"
    __table_args__ = (Index("ix_catalog_package_price_package", "release_id", "package_fest_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_fest_id: Mapped[str] = mapped_column(ID)
    type_code: Mapped[str | None] = mapped_column(String(10))
    type_name: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    amount: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class PackageReimbursement(_Child, Base):
    """Refusjon on a package: its link to a reimbursement group with GyldigFra/ForskrivesTil/UtleveresTil."""

    __tablename__ = "catalog_package_reimbursement"
    __table_args__ = (
        Index("ix_catalog_package_reimbursement_package", "release_id", "package_fest_id"),
        Index("ix_catalog_package_reimbursement_group", "release_id", "group_fest_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_fest_id: Mapped[str] = mapped_column(ID)
    group_fest_id: Mapped[str] = mapped_column(ID)
    valid_from: Mapped[date] = mapped_column(Date)
    prescribe_until: Mapped[date | None] = mapped_column(Date)
    dispense_until: Mapped[date | None] = mapped_column(Date)


class ItemCondition(_Child, Base):
    """RefVilkar on a brand, package or product (dispensing regulations and the like, not refund codes)."""

    __tablename__ = "catalog_item_condition"
    __table_args__ = (Index("ix_catalog_item_condition_owner", "release_id", "owner_kind", "owner_fest_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(20))
    owner_fest_id: Mapped[str] = mapped_column(ID)
    condition_fest_id: Mapped[str] = mapped_column(ID)


class Brand(_Entry, Base):
    """LegemiddelMerkevare."""

    __tablename__ = "catalog_brand"
    __table_args__ = (UniqueConstraint("release_id", "fest_id"), Index("ix_catalog_brand_entry", "release_id",
                                                                       "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fest_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(String(500))
    trade_name: Mapped[str] = mapped_column(String(500))
    atc: Mapped[str | None] = mapped_column(String(20))
    atc_name: Mapped[str | None] = mapped_column(String(500))
    prescription_group: Mapped[str | None] = mapped_column(String(10))
    form: Mapped[str | None] = mapped_column(String(200))
    form_long: Mapped[str | None] = mapped_column(String(500))
    producer: Mapped[str | None] = mapped_column(String(500))
    validity: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class BrandSubstance(_Child, Base):
    """SortertVirkestoffMedStyrke / -UtenStyrke: a brand's active substances in order."""

    __tablename__ = "catalog_brand_substance"
    __table_args__ = (Index("ix_catalog_brand_substance_brand", "release_id", "brand_fest_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    brand_fest_id: Mapped[str] = mapped_column(ID)
    position: Mapped[int] = mapped_column(Integer)
    substance_fest_id: Mapped[str] = mapped_column(ID)


class Substance(_Entry, Base):
    """Virkestoff (kind 'substance') or VirkestoffMedStyrke (kind 'strength')."""

    __tablename__ = "catalog_substance"
    __table_args__ = (UniqueConstraint("release_id", "fest_id"), Index("ix_catalog_substance_entry", "release_id",
                                                                       "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fest_id: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(500))
    name_en: Mapped[str | None] = mapped_column(String(500))
    substance_fest_id: Mapped[str | None] = mapped_column(ID)
    strength: Mapped[str | None] = mapped_column(String(50))
    strength_unit: Mapped[str | None] = mapped_column(String(50))
    denominator: Mapped[str | None] = mapped_column(String(50))
    denominator_unit: Mapped[str | None] = mapped_column(String(50))
    operator: Mapped[str | None] = mapped_column(String(50))


class SubstitutionGroup(_Entry, Base):
    """Byttegruppe."""

    __tablename__ = "catalog_substitution_group"
    __table_args__ = (UniqueConstraint("release_id", "fest_id"),
                      Index("ix_catalog_substitution_group_entry", "release_id", "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fest_id: Mapped[str] = mapped_column(ID)
    code: Mapped[str | None] = mapped_column(String(50))
    name: Mapped[str | None] = mapped_column(String(500))
    remark: Mapped[bool] = mapped_column(Boolean)
    remark_text: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class ReimbursementGroup(_Entry, Base):
    """Refusjonsgruppe with its Refusjonshjemmel (Volven 7427) flattened in: one row per group."""

    __tablename__ = "catalog_reimbursement_group"
    __table_args__ = (UniqueConstraint("release_id", "fest_id"),
                      Index("ix_catalog_reimbursement_group_entry", "release_id", "entry_id"),
                      Index("ix_catalog_reimbursement_group_number", "release_id", "group_code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fest_id: Mapped[str] = mapped_column(ID)
    hjemmel_code: Mapped[str | None] = mapped_column(String(10))
    hjemmel_text: Mapped[str | None] = mapped_column(String(200))
    requires_product_link: Mapped[bool] = mapped_column(Boolean)
    requires_decision: Mapped[bool] = mapped_column(Boolean)
    group_code: Mapped[str | None] = mapped_column(String(50))
    group_text: Mapped[str | None] = mapped_column(String(500))
    group_system: Mapped[str | None] = mapped_column(String(100))
    atc: Mapped[str | None] = mapped_column(String(20))
    atc_name: Mapped[str | None] = mapped_column(String(500))
    requires_refund_code: Mapped[bool] = mapped_column(Boolean)
    eligible_use: Mapped[str | None] = mapped_column(Text)


class GroupCondition(_Child, Base):
    """RefVilkar directly on a reimbursement group (goods, H-resept)."""

    __tablename__ = "catalog_group_condition"
    __table_args__ = (Index("ix_catalog_group_condition_group", "release_id", "group_fest_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_fest_id: Mapped[str] = mapped_column(ID)
    condition_fest_id: Mapped[str] = mapped_column(ID)


class RefundCode(_Child, Base):
    """Refusjonskode of a group, by its position in the group; with its own dates (guide § 6.4.1)."""

    __tablename__ = "catalog_refund_code"
    __table_args__ = (UniqueConstraint("release_id", "group_fest_id", "position"),
                      Index("ix_catalog_refund_code_code", "release_id", "code_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_fest_id: Mapped[str] = mapped_column(ID)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(50))
    code_key: Mapped[str] = mapped_column(String(50))
    code_system: Mapped[str | None] = mapped_column(String(100))
    code_text: Mapped[str | None] = mapped_column(String(500))
    subterm: Mapped[str | None] = mapped_column(String(500))
    valid_from: Mapped[date] = mapped_column(Date)
    prescribe_until: Mapped[date | None] = mapped_column(Date)
    dispense_until: Mapped[date | None] = mapped_column(Date)


class RefundCodeCondition(_Child, Base):
    """Refusjonsvilkår: a condition on a refund code from FraDato to TilDato."""

    __tablename__ = "catalog_refund_code_condition"
    __table_args__ = (Index("ix_catalog_refund_code_condition_code", "release_id", "group_fest_id",
                            "code_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_fest_id: Mapped[str] = mapped_column(ID)
    code_position: Mapped[int] = mapped_column(Integer)
    condition_fest_id: Mapped[str] = mapped_column(ID)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Condition(_Entry, Base):
    """Vilkår: number, text, group (7437), who it applies to (7438), and its structured parts."""

    __tablename__ = "catalog_condition"
    __table_args__ = (UniqueConstraint("release_id", "fest_id"),
                      Index("ix_catalog_condition_entry", "release_id", "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fest_id: Mapped[str] = mapped_column(ID)
    number: Mapped[str | None] = mapped_column(String(20))
    group_code: Mapped[str | None] = mapped_column(String(10))
    group_text: Mapped[str | None] = mapped_column(String(100))
    applies_to_code: Mapped[str | None] = mapped_column(String(10))
    applies_to_text: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    structured: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class Goods(_Entry, Base):
    """Handelsvare: § 5 forbruksmateriell, § 6 næringsmiddel or brystprotese, keyed by its number (Nr)."""

    __tablename__ = "catalog_goods"
    __table_args__ = (UniqueConstraint("release_id", "number"),
                      Index("ix_catalog_goods_entry", "release_id", "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(500))
    product_number: Mapped[str | None] = mapped_column(String(100))
    volume: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str | None] = mapped_column(String(100))
    per_pack: Mapped[int | None] = mapped_column(Integer)
    above_max_allowed: Mapped[bool | None] = mapped_column(Boolean)
    supplier: Mapped[str | None] = mapped_column(String(500))


class GoodsPrice(_Child, Base):
    """PrisVare of a product: maximum refund price per unit (E) or per pack (P), purchase price (N)."""

    __tablename__ = "catalog_goods_price"
    __table_args__ = (Index("ix_catalog_goods_price_goods", "release_id", "goods_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goods_number: Mapped[str] = mapped_column(String(50))
    type_code: Mapped[str | None] = mapped_column(String(10))
    type_name: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    amount: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class GoodsReimbursement(_Child, Base):
    """Refusjon on a product: its product group (a reimbursement group with a 7-digit 7403 code)."""

    __tablename__ = "catalog_goods_reimbursement"
    __table_args__ = (Index("ix_catalog_goods_reimbursement_goods", "release_id", "goods_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goods_number: Mapped[str] = mapped_column(String(50))
    group_fest_id: Mapped[str] = mapped_column(ID)
    valid_from: Mapped[date] = mapped_column(Date)
    prescribe_until: Mapped[date | None] = mapped_column(Date)
    dispense_until: Mapped[date | None] = mapped_column(Date)


class CodeSystem(_Entry, Base):
    """Kodeverk in KatKodeverk (e.g. 7434, 7435 refund codes; 7403 product groups)."""

    __tablename__ = "catalog_code_system"
    __table_args__ = (UniqueConstraint("release_id", "oid"),
                      Index("ix_catalog_code_system_entry", "release_id", "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    oid: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(200))
    publisher: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)


class Code(_Child, Base):
    """One element of a code system: code, term and description."""

    __tablename__ = "catalog_code"
    __table_args__ = (Index("ix_catalog_code_code", "release_id", "system_oid", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_oid: Mapped[str] = mapped_column(String(100))
    element_id: Mapped[str] = mapped_column(ID)
    parent_id: Mapped[str | None] = mapped_column(ID)
    code: Mapped[str] = mapped_column(String(100))
    term: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
