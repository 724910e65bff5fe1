"""The typed records a FEST (M30, FEST 2.5.1) file is read into, one per catalogue entry (Oppf*).

Names follow the M30 information model v2.5 (KITH-rapport 18/08) in English; the Norwegian element each field
comes from is given beside it. Dates are `date`, times naive UTC `datetime`, money integer øre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from blaresept.money import Ore

ENTRIES = ("OppfLegemiddelMerkevare", "OppfHandelsvare", "OppfVirkestoff", "OppfLegemiddelVirkestoff",
           "OppfOrdineringVirkestoff", "OppfLegemiddelpakning", "OppfVarselSlv", "OppfRefusjon", "OppfVilkar",
           "OppfKodeverk", "OppfByttegruppe", "OppfLegemiddeldose", "OppfDiagnose", "OppfInteraksjon",
           "OppfStrDosering")
"""Every catalogue entry element (Oppf*) of the M30 schema, in the order of the FEST root."""


@dataclass(frozen=True)
class Coded:
    """A KITH CV/CS value: V (the code), S (the code system's OID) and DN (its display name)."""

    code: str | None
    system: str | None = None
    text: str | None = None

    @property
    def system_number(self) -> str | None:
        """The Volven number of the code system: '2.16.578.1.12.4.1.1.7434' → '7434'."""
        return self.system.rsplit(".", 1)[-1] if self.system else None


@dataclass(frozen=True)
class Entry:
    """Enkeltoppføring FEST: the entry id (a version of an entry), its time, status (A/U), and where it is."""

    id: str
    time: datetime
    status: str
    catalogue: str
    line: int


@dataclass(frozen=True)
class Header:
    """The top of the file: HentetDato (when generation of the message started) and GyldigFradatoHelfo."""

    hentet: datetime
    helfo_valid_from: date | None


@dataclass(frozen=True)
class Price:
    """PrisVare: one price of a package or a product, by type, valid in a period (GyldigFraDato/-TilDato).

    `kind` is keyed on the type's V (Volven 7453 for medicines, 7423 for handelsvarer); DN is cross-checked.
    """

    type: Coded
    kind: str
    amount: Ore
    valid_from: date | None
    valid_to: date | None
    line: int


@dataclass(frozen=True)
class ReimbursementLink:
    """Refusjon: the link from a package (or product) to reimbursement groups, valid from GyldigFraDato to
    ForskrivesTilDato (prescribing) and UtleveresTilDato (dispensing)."""

    group_ids: tuple[str, ...]
    valid_from: date
    prescribe_until: date | None
    dispense_until: date | None
    line: int


@dataclass(frozen=True)
class SubstitutionLink:
    """PakningByttegruppe: membership of a substitution group."""

    group_id: str
    valid_from: date | None
    valid_to: date | None
    line: int


@dataclass(frozen=True)
class PackageInfo:
    """Pakningsinfo: one part of a package (several for multi-strength and combination packs)."""

    brand_id: str
    size: str
    unit: Coded
    package_type: Coded
    quantity: Decimal
    multiple: int | None
    count: int | None
    ddd: str | None
    line: int


@dataclass(frozen=True)
class Package:
    """Legemiddelpakning: a package with its varenummer (kept as text: leading zeros matter)."""

    entry: Entry
    id: str
    varenummer: str
    name: str
    atc: Coded | None
    prescription_group: Coded
    form: Coded | None
    preparation_type: Coded | None
    opioid_application: bool | None
    condition_ids: tuple[str, ...]
    reimbursements: tuple[ReimbursementLink, ...]
    substitution: SubstitutionLink | None
    ean: tuple[str, ...]
    info: tuple[PackageInfo, ...]
    prices: tuple[Price, ...]
    marketed_from: date | None
    withdrawn_on: date | None
    temporarily_out_on: date | None
    replaced_varenummer: str | None


@dataclass(frozen=True)
class PrescriptionValidity:
    """Reseptgyldighet: how long a prescription is valid (an ISO 8601 duration), optionally by sex."""

    sex: Coded | None
    duration: str


@dataclass(frozen=True)
class Brand:
    """LegemiddelMerkevare: a branded product (name, form, strength) that packages belong to."""

    entry: Entry
    id: str
    name: str
    trade_name: str
    atc: Coded | None
    prescription_group: Coded
    form: Coded | None
    form_long: str | None
    preparation_type: Coded | None
    condition_ids: tuple[str, ...]
    substance_ids: tuple[str, ...]
    producer: str | None
    validity: tuple[PrescriptionValidity, ...]


@dataclass(frozen=True)
class Substance:
    """Virkestoff: an active substance (name in Norwegian and English)."""

    entry: Entry
    id: str
    name: str
    name_en: str | None
    related_ids: tuple[str, ...]


@dataclass(frozen=True)
class SubstanceStrength:
    """VirkestoffMedStyrke: an active substance with a strength (value and unit kept as given)."""

    entry: Entry
    id: str
    substance_id: str
    strength: str | None
    strength_unit: str | None
    denominator: str | None
    denominator_unit: str | None
    operator: Coded


@dataclass(frozen=True)
class SubstitutionGroup:
    """Byttegruppe: packages the pharmacy may substitute for each other."""

    entry: Entry
    id: str
    code: Coded
    remark: bool
    remark_text: str | None
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class CodeCondition:
    """Refusjonsvilkår: a condition attached to a refund code from FraDato to TilDato."""

    condition_id: str
    valid_from: date
    valid_to: date | None
    line: int


@dataclass(frozen=True)
class RefundCode:
    """Refusjonskode: an ICPC-2, ICD-10 or DMP code a group is reimbursed for, with its dates."""

    code: Coded
    subterm: str | None
    valid_from: date
    prescribe_until: date | None
    dispense_until: date | None
    conditions: tuple[CodeCondition, ...]
    line: int


@dataclass(frozen=True)
class ReimbursementGroup:
    """Refusjonsgruppe: a group (ATC-based for medicines, a 7-digit product group for goods)."""

    id: str
    number: Coded
    atc: Coded | None
    requires_code: bool
    eligible_use: str | None
    condition_ids: tuple[str, ...]
    codes: tuple[RefundCode, ...]
    line: int


@dataclass(frozen=True)
class Reimbursement:
    """Refusjonshjemmel: the legal basis (Volven 7427) and its groups."""

    entry: Entry
    hjemmel: Coded
    requires_product_link: bool
    requires_decision: bool
    groups: tuple[ReimbursementGroup, ...]


@dataclass(frozen=True)
class StructuredCondition:
    """StrukturertVilkår: a machine-readable part of a condition (type from Volven 7439) and its values."""

    type: Coded
    coded_values: tuple[Coded, ...]
    text_values: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    """Vilkår: a numbered condition with its text, group (7437) and who it applies to (7438)."""

    entry: Entry
    id: str
    number: str | None
    group: Coded
    applies_to: Coded
    text: str
    valid_from: date | None
    valid_to: date | None
    structured: tuple[StructuredCondition, ...]


@dataclass(frozen=True)
class Goods:
    """Handelsvare: medical consumables (MedForbMatr, § 5), nutrition (Naringsmiddel, § 6) or breast
    prostheses (Brystprotese), with maximum refund prices and the product group link."""

    entry: Entry
    kind: str
    number: str
    name: str
    product_number: str | None
    volume: str | None
    unit: Coded | None
    per_pack: int | None
    condition_ids: tuple[str, ...]
    above_max_allowed: bool | None
    supplier: str | None
    prices: tuple[Price, ...]
    reimbursement: ReimbursementLink | None


@dataclass(frozen=True)
class Term:
    term: str
    description: str | None
    language: str | None


@dataclass(frozen=True)
class CodeElement:
    id: str
    parent_id: str | None
    code: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class CodeSystem:
    """Kodeverk: a Volven code system carried in KatKodeverk (Info and its Elements)."""

    entry: Entry
    oid: str
    name: str
    short_name: str
    publisher: str
    note: str | None
    elements: tuple[CodeElement, ...]


@dataclass(frozen=True)
class Expired:
    """An entry with status U (utgått) or no content: only in incremental downloads (guide § 13.1)."""

    entry: Entry


@dataclass(frozen=True)
class Skipped:
    """An entry of a catalogue the reader does not type (interactions, SLV notices, doses, …)."""

    entry: Entry


Record = (Header | Package | Brand | Substance | SubstanceStrength | SubstitutionGroup | Reimbursement | Condition
          | Goods | CodeSystem | Expired | Skipped)
