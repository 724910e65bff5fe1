"""Streaming FEST reader: lxml iterparse over the file, one typed record per catalogue entry (Oppf*), each
entry cleared from memory as soon as it is read, so memory stays flat whatever the file's size.

The reader assumes a file that has passed the XSD (blaresept.fest.schema.validate); what the XSD cannot say —
a price in fractions of an øre, a price type whose DN contradicts its code — raises FestError with the
element and line. Which catalogues are typed and which are only counted: docs/catalog.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from blaresept.fest import pricetypes
from blaresept.fest.errors import FestError, read_message, syntax_message
from blaresept.fest.records import (
    ENTRIES,
    Brand,
    CodeCondition,
    Coded,
    CodeElement,
    CodeSystem,
    Condition,
    Entry,
    Expired,
    Goods,
    Header,
    Package,
    PackageInfo,
    PrescriptionValidity,
    Price,
    Record,
    RefundCode,
    Reimbursement,
    ReimbursementGroup,
    ReimbursementLink,
    Skipped,
    StructuredCondition,
    Substance,
    SubstanceStrength,
    SubstitutionGroup,
    SubstitutionLink,
    Term,
)
from blaresept.fest.source import FS_NS, M30_NS, SAFE_PARSER, FestStream, Progress, StreamInfo
from blaresept.money import MoneyError, kroner

M = "{" + M30_NS + "}"
F = "{" + FS_NS + "}"
OPPF = M + "Oppf"
WATCHED = tuple(M + name for name in (*ENTRIES, "HentetDato", "GyldigFradatoHelfo", "FEST"))
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")

GOODS_KINDS = {F + "MedForbMatr": "forbruksmateriell", F + "Naringsmiddel": "naringsmiddel",
               F + "Brystprotese": "brystprotese"}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _Node:
    """An element with its children indexed by tag (one pass instead of one search per field)."""

    __slots__ = ("el", "kids")

    def __init__(self, el: Any):
        self.el = el
        kids: dict[str, list[Any]] = {}
        for child in el:
            found = kids.get(child.tag)
            if found is None:
                kids[child.tag] = [child]
            else:
                found.append(child)
        self.kids = kids

    @property
    def line(self) -> int:
        return int(self.el.sourceline or 0)

    def first(self, tag: str) -> Any | None:
        found = self.kids.get(tag)
        return found[0] if found else None

    def all(self, tag: str) -> list[Any]:
        return self.kids.get(tag, [])

    def need(self, tag: str) -> Any:
        found = self.kids.get(tag)
        if not found:
            raise FestError(f"mangler «{_local(tag)}».", element=_local(self.el.tag), line=self.line)
        return found[0]

    def text(self, tag: str) -> str | None:
        child = self.first(tag)
        return None if child is None else (child.text or "")

    def need_text(self, tag: str) -> str:
        return self.need(tag).text or ""

    def texts(self, tag: str) -> tuple[str, ...]:
        return tuple((c.text or "").strip() for c in self.all(tag))

    def day(self, tag: str) -> date | None:
        child = self.first(tag)
        if child is None or not (child.text or "").strip():
            return None
        return _parse_date(child.text, child)

    def need_day(self, tag: str) -> date:
        child = self.need(tag)
        return _parse_date(child.text or "", child)

    def boolean(self, tag: str) -> bool | None:
        text = self.text(tag)
        return None if text is None else text.strip() in ("true", "1")

    def integer(self, tag: str) -> int | None:
        text = self.text(tag)
        return int(text.strip()) if text is not None and text.strip() else None

    def coded(self, tag: str) -> Coded | None:
        child = self.first(tag)
        return None if child is None else Coded(child.get("V"), child.get("S"), child.get("DN"))

    def need_coded(self, tag: str) -> Coded:
        child = self.need(tag)
        return Coded(child.get("V"), child.get("S"), child.get("DN"))


def _node(el: Any | None) -> _Node | None:
    return None if el is None else _Node(el)


def _parse_date(text: str, el: Any) -> date:
    m = _DATE.match(text.strip())
    if not m:
        raise FestError(f"«{text}» er ikke en dato.", element=_local(el.tag), line=el.sourceline)
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise FestError(f"«{text}» er ikke en gyldig dato.", element=_local(el.tag), line=el.sourceline) from None


def _datetime(child: Any) -> datetime:
    text = (child.text or "").strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise FestError(f"«{text}» er ikke et tidspunkt.", element=_local(child.tag), line=child.sourceline) from None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


MAX_PRICE_ORE = 100_000_000 * 100
"""The highest price the catalogue takes: 100 million kroner per package, far above any real one (the dearest
drugs in Norway cost a few tens of millions per treatment) and far below what the database column holds."""


def _decimal(text: str, el: Any) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise FestError(f"«{text}» er ikke et tall.", element=_local(el.tag), line=el.sourceline) from None


def _price(el: Any, goods: bool) -> Price:
    n = _Node(el)
    type_el = n.need(F + "Type")
    type_ = Coded(type_el.get("V"), type_el.get("S"), type_el.get("DN"))
    kind, problem = pricetypes.kind_of(type_.code, type_.text, goods)
    if problem:
        raise FestError(problem, element="Type", line=type_el.sourceline)
    amount_el = n.need(F + "Pris")
    currency = amount_el.get("U")
    if currency not in (None, "NOK"):
        raise FestError(f"prisen er oppgitt i «{currency}»; katalogen fører bare priser i NOK.",
                        element="Pris", line=amount_el.sourceline)
    raw = amount_el.get("V")
    if raw is None:
        raise FestError("prisen mangler beløp (attributtet V).", element="Pris", line=amount_el.sourceline)
    try:
        amount = kroner(_decimal(raw, amount_el))
    except MoneyError as exc:
        raise FestError(f"{exc} Katalogen fører eksakte øre.", element="Pris", line=amount_el.sourceline) from None
    if amount < 0:
        raise FestError(f"prisen «{raw}» er negativ; en pris i FEST er aldri under null.", element="Pris",
                        line=amount_el.sourceline)
    if amount > MAX_PRICE_ORE:
        raise FestError(f"prisen «{raw}» er over {MAX_PRICE_ORE // 100:,} kr".replace(",", " ")
                        + "; ingen pakning eller vare i FEST koster så mye.", element="Pris", line=amount_el.sourceline)
    return Price(type_, kind, amount, n.day(F + "GyldigFraDato"), n.day(F + "GyldigTilDato"), n.line)


def _reimbursement_link(el: Any) -> ReimbursementLink:
    n = _Node(el)
    return ReimbursementLink(
        group_ids=n.texts(F + "RefRefusjonsgruppe"),
        valid_from=n.need_day(F + "GyldigFraDato"),
        prescribe_until=n.day(F + "ForskrivesTilDato"),
        dispense_until=n.day(F + "UtleveresTilDato"),
        line=n.line,
    )


def _substitution_link(el: Any | None) -> SubstitutionLink | None:
    if el is None:
        return None
    n = _Node(el)
    return SubstitutionLink(n.need_text(F + "RefByttegruppe").strip(), n.day(F + "GyldigFraDato"),
                            n.day(F + "GyldigTilDato"), n.line)


def _package_info(el: Any) -> PackageInfo:
    n = _Node(el)
    ddd = n.first(F + "DDD")
    return PackageInfo(
        brand_id=n.need_text(F + "RefLegemiddelMerkevare").strip(),
        size=n.need_text(F + "Pakningsstr"),
        unit=n.need_coded(F + "EnhetPakning"),
        package_type=n.need_coded(F + "Pakningstype"),
        quantity=_decimal(n.need_text(F + "Mengde"), el),
        multiple=n.integer(F + "Multippel"),
        count=n.integer(F + "Antall"),
        ddd=f"{ddd.get('V')} {ddd.get('U') or ''}".strip() if ddd is not None else None,
        line=n.line,
    )


def _package(entry: Entry, el: Any) -> Package:
    n = _Node(el)
    marketing = _node(n.first(F + "Markedsforingsinfo"))
    return Package(
        entry=entry,
        id=(n.text(F + "Id") or entry.id).strip(),
        varenummer=n.need_text(F + "Varenr").strip(),
        name=n.need_text(F + "NavnFormStyrke"),
        atc=n.coded(F + "Atc"),
        prescription_group=n.need_coded(F + "Reseptgruppe"),
        form=n.coded(F + "LegemiddelformKort"),
        preparation_type=n.coded(F + "Preparattype"),
        opioid_application=n.boolean(F + "Opioidsoknad"),
        condition_ids=n.texts(F + "RefVilkar"),
        reimbursements=tuple(_reimbursement_link(r) for r in n.all(F + "Refusjon")),
        substitution=_substitution_link(n.first(F + "PakningByttegruppe")),
        ean=n.texts(F + "Ean"),
        info=tuple(_package_info(i) for i in n.all(F + "Pakningsinfo")),
        prices=tuple(_price(p, goods=False) for p in n.all(F + "PrisVare")),
        marketed_from=marketing.day(F + "Markedsforingsdato") if marketing else None,
        withdrawn_on=marketing.day(F + "AvregDato") if marketing else None,
        temporarily_out_on=marketing.day(F + "MidlUtgattDato") if marketing else None,
        replaced_varenummer=marketing.text(F + "VarenrUtgaende") if marketing else None,
    )


def _sorted_refs(nodes: list[Any], ref_tag: str) -> list[tuple[int, str]]:
    out = []
    for item in nodes:
        n = _Node(item)
        out.append((int(n.need_text(F + "Sortering")), n.need_text(ref_tag).strip()))
    return sorted(out)


def _brand(entry: Entry, el: Any) -> Brand:
    n = _Node(el)
    info = _node(n.first(F + "ProduktInfo"))
    substances = (_sorted_refs(n.all(F + "SortertVirkestoffMedStyrke"), F + "RefVirkestoffMedStyrke")
                  + _sorted_refs(n.all(F + "SortertVirkestoffUtenStyrke"), F + "RefVirkestoff"))
    validity = []
    for v in n.all(F + "Reseptgyldighet"):
        vn = _Node(v)
        validity.append(PrescriptionValidity(vn.coded(F + "Kjonn"), vn.need_text(F + "Varighet").strip()))
    return Brand(
        entry=entry,
        id=(n.text(F + "Id") or entry.id).strip(),
        name=n.need_text(F + "NavnFormStyrke"),
        trade_name=n.need_text(F + "Varenavn"),
        atc=n.coded(F + "Atc"),
        prescription_group=n.need_coded(F + "Reseptgruppe"),
        form=n.coded(F + "LegemiddelformKort"),
        form_long=n.text(F + "LegemiddelformLang"),
        preparation_type=n.coded(F + "Preparattype"),
        condition_ids=n.texts(F + "RefVilkar"),
        substance_ids=tuple(ref for _, ref in substances),
        producer=info.text(F + "Produsent") if info else None,
        validity=tuple(validity),
    )


def _substance(entry: Entry, el: Any) -> Substance | SubstanceStrength:
    n = _Node(el)
    if el.tag == F + "Virkestoff":
        return Substance(entry, n.need_text(F + "Id").strip(), n.need_text(F + "Navn"), n.text(F + "NavnEngelsk"),
                         n.texts(F + "RefVirkestoff"))
    strength = n.first(F + "Styrke")
    denominator = n.first(F + "StyrkeNevner")
    return SubstanceStrength(
        entry=entry,
        id=n.need_text(F + "Id").strip(),
        substance_id=n.need_text(F + "RefVirkestoff").strip(),
        strength=strength.get("V") if strength is not None else None,
        strength_unit=strength.get("U") if strength is not None else None,
        denominator=denominator.get("V") if denominator is not None else None,
        denominator_unit=denominator.get("U") if denominator is not None else None,
        operator=n.need_coded(F + "Styrkeoperator"),
    )


def _substitution_group(entry: Entry, el: Any) -> SubstitutionGroup:
    n = _Node(el)
    return SubstitutionGroup(
        entry=entry,
        id=n.need_text(M + "Id").strip(),
        code=n.need_coded(M + "Kode"),
        remark=bool(n.boolean(M + "MerknadTilByttbarhet")),
        remark_text=n.text(M + "BeskrivelseByttbarhet"),
        valid_from=n.day(M + "GyldigFraDato"),
        valid_to=n.day(M + "GyldigTilDato"),
    )


def _code_condition(el: Any) -> CodeCondition:
    n = _Node(el)
    return CodeCondition(n.need_text(M + "RefVilkar").strip(), n.need_day(M + "FraDato"), n.day(M + "TilDato"),
                         n.line)


def _refund_code(el: Any) -> RefundCode:
    n = _Node(el)
    return RefundCode(
        code=n.need_coded(M + "Refusjonskode"),
        subterm=n.text(M + "Underterm"),
        valid_from=n.need_day(M + "GyldigFraDato"),
        prescribe_until=n.day(M + "ForskrivesTilDato"),
        dispense_until=n.day(M + "UtleveresTilDato"),
        conditions=tuple(_code_condition(c) for c in n.all(M + "Refusjonsvilkar")),
        line=n.line,
    )


def _group(el: Any) -> ReimbursementGroup:
    g = _Node(el)
    return ReimbursementGroup(
        id=g.need_text(M + "Id").strip(),
        number=g.need_coded(M + "GruppeNr"),
        atc=g.coded(M + "Atc"),
        requires_code=bool(g.boolean(M + "KreverRefusjonskode")),
        eligible_use=g.text(M + "RefusjonsberettighetBruk"),
        condition_ids=g.texts(M + "RefVilkar"),
        codes=tuple(_refund_code(c) for c in g.all(M + "Refusjonskode")),
        line=g.line,
    )


def _reimbursement(entry: Entry, el: Any) -> Reimbursement:
    n = _Node(el)
    return Reimbursement(entry, n.need_coded(M + "Refusjonshjemmel"), bool(n.boolean(M + "KreverVarekobling")),
                         bool(n.boolean(M + "KreverVedtak")), tuple(_group(g) for g in n.all(M + "Refusjonsgruppe")))


def _structured(el: Any) -> StructuredCondition:
    n = _Node(el)
    values = tuple(Coded(v.get("V"), v.get("S"), v.get("DN")) for v in n.all(M + "VerdiKodet"))
    return StructuredCondition(n.need_coded(M + "Type"), values, n.texts(M + "VerdiTekst"))


def _condition(entry: Entry, el: Any) -> Condition:
    n = _Node(el)
    return Condition(
        entry=entry,
        id=n.need_text(M + "Id").strip(),
        number=(n.text(M + "VilkarNr") or "").strip() or None,
        group=n.need_coded(M + "Gruppe"),
        applies_to=n.need_coded(M + "GjelderFor"),
        text=n.need_text(M + "Tekst"),
        valid_from=n.day(M + "GyldigFraDato"),
        valid_to=n.day(M + "GyldigTilDato"),
        structured=tuple(_structured(s) for s in n.all(M + "StrukturertVilkar")),
    )


def _goods(entry: Entry, el: Any) -> Goods:
    n = _Node(el)
    info = _node(n.first(F + "ProduktInfoVare"))
    supplier = _node(n.first(F + "Leverandor"))
    refusjon = n.first(F + "Refusjon")
    return Goods(
        entry=entry,
        kind=GOODS_KINDS[el.tag],
        number=n.need_text(F + "Nr").strip(),
        name=n.need_text(F + "Navn"),
        product_number=info.text(F + "ProduktNr") if info else None,
        volume=info.text(F + "Volum") if info else None,
        unit=info.coded(F + "EnhetStorrelse") if info else None,
        per_pack=info.integer(F + "AntPerPakning") if info else None,
        condition_ids=info.texts(F + "RefVilkar") if info else (),
        above_max_allowed=info.boolean(F + "TillattMerMakspris") if info else None,
        supplier=supplier.text(F + "Navn") if supplier else None,
        prices=tuple(_price(p, goods=True) for p in n.all(F + "PrisVare")),
        reimbursement=_reimbursement_link(refusjon) if refusjon is not None else None,
    )


def _term(el: Any) -> Term:
    n = _Node(el)
    language = n.first(M + "Sprak")
    return Term(n.need_text(M + "Term"), n.text(M + "BeskrivelseTerm"),
                language.get("V") if language is not None else None)


def _element(el: Any) -> CodeElement:
    n = _Node(el)
    return CodeElement(id=n.need_text(M + "Id").strip(), parent_id=(n.text(M + "ParentId") or "").strip() or None,
                       code=n.need_text(M + "Kode").strip(), terms=tuple(_term(t) for t in n.all(M + "Term")))


def _code_system(entry: Entry, info_el: Any, oppf: _Node) -> CodeSystem:
    info = _Node(info_el)
    return CodeSystem(
        entry=entry,
        oid=info.need_text(M + "Id").strip(),
        name=info.need_text(M + "Betegnelse"),
        short_name=info.need_text(M + "Kortnavn"),
        publisher=info.need_text(M + "AnsvarligUtgiver"),
        note=info.text(M + "Merknad"),
        elements=tuple(_element(e) for e in oppf.all(M + "Element")),
    )


Parser = Callable[[Entry, Any], Record]
CONTENT: dict[str, tuple[tuple[str, ...], Parser]] = {
    "OppfLegemiddelpakning": ((F + "Legemiddelpakning",), _package),
    "OppfLegemiddelMerkevare": ((F + "LegemiddelMerkevare",), _brand),
    "OppfVirkestoff": ((F + "Virkestoff", F + "VirkestoffMedStyrke"), _substance),
    "OppfByttegruppe": ((M + "Byttegruppe",), _substitution_group),
    "OppfRefusjon": ((M + "Refusjonshjemmel",), _reimbursement),
    "OppfVilkar": ((M + "Vilkar",), _condition),
    "OppfHandelsvare": (tuple(GOODS_KINDS), _goods),
}
"""The typed catalogues: the entry element, its content element(s), and the parser. KatKodeverk is typed too
(its content is two elements, handled apart); every other catalogue is counted as Skipped."""


def _entry(oppf: _Node, catalogue: str) -> Entry:
    status = oppf.first(M + "Status")
    return Entry(
        id=oppf.need_text(M + "Id").strip(),
        time=_datetime(oppf.need(M + "Tidspunkt")),
        status=(status.get("V") if status is not None else None) or "A",
        catalogue=catalogue,
        line=oppf.line,
    )


def parse_entry(el: Any) -> Record:
    """The typed record of one Oppf* element."""
    name = _local(el.tag)
    parent = el.getparent()
    oppf = _Node(el)
    entry = _entry(oppf, _local(parent.tag) if parent is not None else "")
    if name == "OppfKodeverk":
        info = oppf.first(M + "Info")
        if info is None or entry.status == "U":
            return Expired(entry)
        return _code_system(entry, info, oppf)
    if name not in CONTENT:
        return Skipped(entry)
    tags, parse = CONTENT[name]
    content = next((child for child in el if child.tag in tags), None)
    if content is None or entry.status == "U":
        return Expired(entry)
    return parse(entry, content)


class FestReader:
    """Iterate over a FEST file's records: the Header first, then one record per entry, in file order.

    `counts` holds how many entries of each catalogue were read; `info` the digest of the XML once the
    iteration is done."""

    def __init__(self, path: Path, progress: Progress | None = None):
        self.path = path
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self.info = StreamInfo()

    def __iter__(self) -> Iterator[Record]:
        header_sent = False
        hentet: datetime | None = None
        helfo: date | None = None
        with FestStream(self.path, self.progress) as stream:
            events = etree.iterparse(stream, events=("end",), tag=WATCHED, huge_tree=True, remove_comments=True,
                                     **SAFE_PARSER)
            try:
                for _event, el in events:
                    tag = el.tag
                    if not isinstance(tag, str):
                        continue
                    if tag.startswith(OPPF):
                        if not header_sent:
                            yield self._header(hentet, helfo, el)
                            header_sent = True
                        record = parse_entry(el)
                        self.counts[type(record).__name__] += 1
                        if isinstance(record, Skipped | Expired):
                            self.counts[f"{record.entry.catalogue}:{type(record).__name__}"] += 1
                        yield record
                        parent = el.getparent()
                        el.clear()
                        if parent is not None:
                            parent.remove(el)
                    elif tag == M + "HentetDato":
                        hentet = _datetime(el)
                    elif tag == M + "GyldigFradatoHelfo":
                        helfo = _parse_date(el.text or "", el)
                    elif tag == M + "FEST" and not header_sent:
                        yield self._header(hentet, helfo, el)
                        header_sent = True
            except etree.XMLSyntaxError as exc:
                message, element = syntax_message(str(exc.msg if hasattr(exc, "msg") else exc))
                raise FestError(message, element=element, line=exc.lineno or None) from None
            except (EOFError, OSError) as exc:
                raise FestError(read_message(exc)) from None
            self.info = stream.finish()

    def _header(self, hentet: datetime | None, helfo: date | None, el: Any) -> Header:
        if hentet is None:
            raise FestError("filen mangler «HentetDato» før første oppføring.", element="FEST", line=el.sourceline)
        return Header(hentet, helfo)


def read_fest(path: Path, progress: Progress | None = None) -> Iterator[Record]:
    """The records of a FEST file (see FestReader). Validate the file first: blaresept.fest.schema.validate."""
    return iter(FestReader(path, progress))
