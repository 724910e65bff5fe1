"""A prescription as XML: the official eResept 2.5 prescription model `fs:Forskrivning` (namespace
http://www.kith.no/xmlstds/eresept/forskrivning/2013-10-08, validated against Forskrivning-2013-10-08.xsd from
shared/reference/eresept/schema/felles), inside a `Resept` element in Blåresept's own namespace for what the
official model has no field for.

The M1 message schema (ER-M1-2013-10-08.xsd) that carries patient, prescriber, date, iterations, hjemmel and
refund code is not public (shared/reference/eresept/messages.md § 0), so those travel in our namespace under the
element names the official M1 viewer shows (Forskrivningsdato, Utloper, Antall, Reiterasjon, RefHjemmel, RefKode,
BytteresRekvirent, Instituert) — never labelled with the official M1 namespace. docs/prescriptions.md lists
every field and where it goes.

Import refuses a DOCTYPE (no entities are ever expanded), validates the Forskrivning part against the official
XSD, and writes the prescription through the same service as the API, so everything is checked again against
the catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy.orm import Session

from blaresept.auth.principal import Principal
from blaresept.persons.identity import check_hpr
from blaresept.persons.tables import Person
from blaresept.prescriptions import service
from blaresept.prescriptions.tables import Prescription
from blaresept.rules.errors import RuleInputError
from blaresept.timeutil import today

NS = "urn:blaresept:resept:2026-11"
FS = "http://www.kith.no/xmlstds/eresept/forskrivning/2013-10-08"
MAX_XML = 200_000
ATC_OID = "2.16.578.1.12.4.1.1.7180"
HJEMMEL_TEXT = {"200": "§5-14 §2", "300": "§5-14 §3", "400": "§5-14 §4"}
KIND_CODES = {"electronic": ("1", "Elektronisk resept"), "paper": ("2", "Papirresept"),
              "telephone": ("2", "Papirresept")}
"""Volven 7414 Resepttype: 1 elektronisk, 2 papir; a telephone prescription is written down on paper at the
pharmacy, so it is 2 with our own Telefonresept flag."""


@cache
def schema() -> etree.XMLSchema:
    """The official Forskrivning schema (2013-10-08), packaged with its kith.xsd import."""
    base = Path(str(resources.files("blaresept.prescriptions") / "schema" / "felles"))
    return etree.XMLSchema(etree.parse(str(base / "Forskrivning-2013-10-08.xsd")))


def _sub(parent: etree._Element, tag: str, text: str | None = None, ns: str = NS, **attrs: str | None
         ) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def forskrivning(record: Prescription) -> etree._Element:
    """The official fs:Forskrivning of the prescription (dosage and package)."""
    root = etree.Element(f"{{{FS}}}Forskrivning", nsmap={"fs": FS})
    _sub(root, "DosVeiledEnkel", record.dosage_text, FS)
    dosing = _sub(root, "Dosering", None, FS)
    fixed = _sub(dosing, "DoseFastTidspunkt", None, FS)
    unit = (record.pack or "").split(" ", 1)[1] if " " in (record.pack or "") else "enhet"
    _sub(fixed, "Mengde", None, FS, V=_plain(Decimal(record.daily_dose)), U=unit)
    _sub(fixed, "Intervall", None, FS, V="1", U="d")
    _sub(fixed, "GisEksakt", "false", FS)
    package = _sub(root, "Legemiddelpakning", None, FS)
    if record.atc:
        _sub(package, "Atc", None, FS, V=record.atc, S=ATC_OID)
    _sub(package, "NavnFormStyrke", record.item_name, FS)
    _sub(package, "Reseptgruppe", None, FS, V=record.prescription_group or None)
    _sub(package, "Varenr", record.varenummer, FS)
    info = _sub(package, "PakningsinfoResept", None, FS)
    _sub(info, "Varenavn", record.item_name, FS)
    _sub(info, "Pakningsstr", _plain(Decimal(record.units_per_pack)), FS)
    _sub(info, "EnhetPakning", None, FS, DN=unit)
    return root


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def export(session: Session, record: Prescription) -> bytes:
    """The prescription as a document; its Forskrivning part is validated against the official XSD first."""
    person = session.get(Person, record.person_id)
    assert person is not None
    part = forskrivning(record)
    schema().assertValid(etree.ElementTree(part))
    root = etree.Element(f"{{{NS}}}Resept", nsmap={None: NS, "fs": FS})
    _sub(root, "ReseptId", record.reference)
    code, text = KIND_CODES[record.kind]
    _sub(root, "Resepttype", None, V=code, DN=text)
    if record.kind == "telephone":
        _sub(root, "Telefonresept", "true")
    _sub(root, "Forskrivningsdato", record.written.isoformat())
    _sub(root, "Utloper", record.valid_until.isoformat())
    patient = _sub(root, "Pasient")
    _sub(patient, "Fodselsnummer", person.fnr)
    if person.name:
        _sub(patient, "Navn", person.name)
    prescriber = _sub(root, "Forskriver")
    _sub(prescriber, "HprNr", record.prescriber_hpr)
    _sub(prescriber, "Navn", record.prescriber_name)
    for specialty in record.prescriber_specialties or []:
        _sub(prescriber, "Spesialitet", None, V=specialty, S="2.16.578.1.12.4.1.1.7426")
    if record.prescriber_hospital is not None:
        _sub(prescriber, "Sykehus", "true" if record.prescriber_hospital else "false")
    _sub(root, "Antall", str(record.packs))
    _sub(root, "Reiterasjon", str(record.reit))
    hjemmel = service.HJEMMEL_CODES[record.hjemmel]
    _sub(root, "RefHjemmel", None, V=hjemmel, DN=HJEMMEL_TEXT.get(hjemmel, record.hjemmel))
    if record.refund_code:
        _sub(root, "RefKode", None, V=record.refund_code)
    _sub(root, "BytteresRekvirent", "true" if record.prescriber_reservation else "false")
    for number in record.conditions_confirmed:
        _sub(root, "BekreftetVilkar", number)
    if record.instituted_by:
        _sub(root, "Instituert", record.instituted_by)
    if record.cancelled_on:
        _sub(root, "Tilbakekalt", record.cancelled_on.isoformat())
    root.append(part)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- import -------------------------------------------------------------------------------------------------------


def _parse(data: bytes) -> etree._Element:
    if len(data) > MAX_XML:
        raise RuleInputError(f"Dokumentet er for stort (høyst {MAX_XML // 1000} kB).")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise RuleInputError("Dokumentet har en DOCTYPE; reseptdokumenter tas bare imot uten DOCTYPE og entiteter.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise RuleInputError(f"Dokumentet er ikke gyldig XML (linje {exc.lineno}).") from None


def _text(root: etree._Element, path: str, what: str, required: bool = True) -> str | None:
    found = root.find(path, {"r": NS, "fs": FS})
    value = (found.text or "").strip() if found is not None else ""
    if not value:
        if required:
            raise RuleInputError(f"Dokumentet mangler {what}.")
        return None
    return value


def _attr(root: etree._Element, path: str, name: str) -> str | None:
    found = root.find(path, {"r": NS, "fs": FS})
    return found.get(name) if found is not None else None


def _int(text: str | None, what: str) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise RuleInputError(f"{what} i dokumentet er ikke et heltall.") from None


def read(data: bytes) -> dict[str, Any]:
    """The fields of a prescription document, after the Forskrivning part is validated against the official XSD.
    RuleInputError (bokmål) for anything that is missing or not valid."""
    root = _parse(data)
    if root.tag != f"{{{NS}}}Resept":
        raise RuleInputError(f"Rotelementet må være Resept i navnerommet {NS}.")
    part = root.find(f"{{{FS}}}Forskrivning")
    if part is None:
        raise RuleInputError("Dokumentet mangler fs:Forskrivning (eResept 2.5-modellen).")
    validator = schema()
    if not validator.validate(etree.ElementTree(part)):
        error = validator.error_log.last_error
        raise RuleInputError("Forskrivning-delen følger ikke Forskrivning-2013-10-08.xsd"
                             + (f" (linje {error.line})" if error is not None else "") + ".")
    hjemmel_code = _attr(root, "r:RefHjemmel", "V") or ""
    hjemmel = next((h for h, c in service.HJEMMEL_CODES.items() if c == hjemmel_code), None)
    if hjemmel is None:
        raise RuleInputError(f"RefHjemmel «{hjemmel_code}» er ikke en kjent hjemmel (200, 300, 400, 500, 600).")
    try:
        amount = Decimal(_attr(part, "fs:Dosering/fs:DoseFastTidspunkt/fs:Mengde", "V") or "")
        interval = Decimal(_attr(part, "fs:Dosering/fs:DoseFastTidspunkt/fs:Intervall", "V") or "1")
    except InvalidOperation:
        raise RuleInputError("Dosen (fs:Mengde og fs:Intervall) må være tall.") from None
    if interval <= 0 or amount <= 0:
        raise RuleInputError("Dosen og intervallet må være større enn null.")
    unit = _attr(part, "fs:Dosering/fs:DoseFastTidspunkt/fs:Intervall", "U") or "d"
    if unit != "d":
        raise RuleInputError("Intervallet må være i døgn (U=\"d\").")
    kind_code = _attr(root, "r:Resepttype", "V") or "1"
    telephone = (_text(root, "r:Telefonresept", "", required=False) or "") == "true"
    written = _text(root, "r:Forskrivningsdato", "Forskrivningsdato")
    try:
        written_on = date.fromisoformat(written or "")
    except ValueError:
        raise RuleInputError("Forskrivningsdato må være en dato (ÅÅÅÅ-MM-DD).") from None
    return {
        "kind": "telephone" if telephone else ("paper" if kind_code == "2" else "electronic"),
        "written": written_on,
        "fnr": _text(root, "r:Pasient/r:Fodselsnummer", "pasientens fødselsnummer"),
        "hpr": _text(root, "r:Forskriver/r:HprNr", "forskriverens HPR-nummer"),
        "prescriber_name": _text(root, "r:Forskriver/r:Navn", "forskriverens navn"),
        "specialties": [e.get("V") for e in root.findall("r:Forskriver/r:Spesialitet", {"r": NS}) if e.get("V")],
        "packs": _int(_text(root, "r:Antall", "Antall"), "Antall"),
        "reit": _int(_text(root, "r:Reiterasjon", "Reiterasjon"), "Reiterasjon"),
        "hjemmel": hjemmel,
        "refund_code": _attr(root, "r:RefKode", "V"),
        "prescriber_reservation": (_text(root, "r:BytteresRekvirent", "", required=False) or "") == "true",
        "conditions_confirmed": [e.text.strip() for e in root.findall("r:BekreftetVilkar", {"r": NS})
                                 if e.text and e.text.strip()],
        "instituted_by": _text(root, "r:Instituert", "", required=False),
        "dosage_text": _text(part, "fs:DosVeiledEnkel", "fs:DosVeiledEnkel (doseringen)"),
        "daily_dose": amount / interval,
        "varenummer": _text(part, "fs:Legemiddelpakning/fs:Varenr", "fs:Varenr"),
    }


def import_document(session: Session, data: bytes, doctor: Principal) -> Prescription:
    """Write the prescription a document describes, as the logged-in doctor: the document's HPR number must be
    the doctor's. An e-prescription is dated by the register (today); the document's date is noted if it
    differs."""
    fields = read(data)
    if check_hpr(fields["hpr"]) != check_hpr(doctor.hpr or ""):
        raise RuleInputError("Forskriveren i dokumentet er ikke deg: du kan bare importere resepter du selv "
                             "forskriver.")
    notes = []
    written = fields["written"]
    if fields["kind"] == "electronic" and written != today():
        notes.append(f"Forskrivningsdato i dokumentet ({written.isoformat()}) er erstattet med i dag: en e-resept "
                     "dateres av registeret.")
        written = None
    data_in = service.PrescriptionInput(
        fnr=fields["fnr"], packs=fields["packs"], daily_dose=fields["daily_dose"],
        dosage_text=fields["dosage_text"], reit=fields["reit"], hjemmel=fields["hjemmel"],
        varenummer=fields["varenummer"], refund_code=fields["refund_code"],
        conditions_confirmed=tuple(fields["conditions_confirmed"]),
        prescriber_reservation=fields["prescriber_reservation"], instituted_by=fields["instituted_by"],
        written=written if fields["kind"] != "electronic" else None, kind=fields["kind"], notes=notes)
    prescriber = service.Prescriber(doctor.hpr or "", fields["prescriber_name"] or doctor.name,
                                    tuple(fields["specialties"]) or None)
    return service.write(session, prescriber, data_in, registered_by=doctor.subject)
