"""The counter form as data: what the pharmacist has typed (kept as text, so a page with errors shows exactly
what was sent), parsed into the service's DispenseRequest with one bokmål message per field that is wrong."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from blaresept.counter.requests import DispenseRequest, LineRequest, PrescriptionRequest
from blaresept.money import MoneyError, Ore, kroner
from blaresept.persons.identity import IdentityError, check_fnr
from blaresept.rules.blaresept.dispensing import Hjemmel, Reservation
from blaresept.rules.blaresept.eligibility.refund_code import MalformedCode, parse_refund_code

HJEMLER = {
    "§2": "§ 2 – forhåndsgodkjent refusjon (legemidler)",
    "§3": "§ 3 – individuell refusjon etter søknad",
    "§4": "§ 4 – allmennfarlige smittsomme sykdommer",
    "§5": "§ 5 – medisinsk forbruksmateriell",
    "§6": "§ 6 – næringsmidler",
}
RESERVATIONS = {
    "none": "Ingen reservasjon mot bytte",
    "prescriber": "Legen har reservert seg mot bytte",
    "patient": "Pasienten reserverer seg mot bytte",
}
MAX_PRESCRIPTIONS = 20
MAX_LINES = 50

_PRESCRIPTION = re.compile(
    r"^r(\d{1,2})-(forskriver|skrevet|hjemmel|refusjonskode|yrkesskade|spesialitet|sykehus|instituert)$")
HOSPITAL = {"": "Ukjent", "nei": "Nei", "ja": "Ja"}
_LINE = re.compile(r"^r(\d{1,2})-v(\d{1,2})-(sok|varenummer|navn|pris|billigste|maksrefusjon|reservasjon)$")


@dataclass
class LineForm:
    sok: str = ""
    varenummer: str = ""
    navn: str = ""
    pris: str = ""
    billigste: str = ""
    maksrefusjon: str = ""
    reservasjon: str = "none"

    def is_empty(self) -> bool:
        return not any((self.varenummer.strip(), self.navn.strip(), self.pris.strip(), self.billigste.strip(),
                        self.maksrefusjon.strip()))


@dataclass
class PrescriptionForm:
    forskriver: str = ""
    skrevet: str = ""
    hjemmel: str = "§2"
    refusjonskode: str = ""
    yrkesskade: bool = False
    spesialitet: str = ""
    """The prescriber's specialties, comma separated (names or Volven 7426 codes); empty when not known."""
    sykehus: str = ""
    """Writes at a hospital: 'ja', 'nei', or '' when not known."""
    instituert: str = ""
    """The note on the prescription on who instituted the treatment."""
    lines: list[LineForm] = field(default_factory=lambda: [LineForm()])


@dataclass
class CounterForm:
    fnr: str = ""
    dato: str = ""
    nokkel: str = ""
    prescriptions: list[PrescriptionForm] = field(default_factory=lambda: [PrescriptionForm()])

    @classmethod
    def blank(cls, today: date) -> CounterForm:
        return cls(dato=today.strftime("%d.%m.%Y"), nokkel=new_key())

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> CounterForm:
        """The form from posted fields; prescriptions and lines keep their order and are renumbered."""
        prescriptions: dict[int, dict[str, Any]] = {}
        lines: dict[tuple[int, int], dict[str, str]] = {}
        for name, value in data.items():
            text = str(value).strip() if value is not None else ""
            if match := _PRESCRIPTION.match(name):
                prescriptions.setdefault(int(match[1]), {})[match[2]] = text
            elif match := _LINE.match(name):
                number = int(match[1])
                prescriptions.setdefault(number, {})
                lines.setdefault((number, int(match[2])), {})[match[3]] = text
        parsed = []
        for number in sorted(prescriptions)[:MAX_PRESCRIPTIONS]:
            values = prescriptions[number]
            own = [LineForm(**lines[key]) for key in sorted(k for k in lines if k[0] == number)][:MAX_LINES]
            parsed.append(PrescriptionForm(
                forskriver=values.get("forskriver", ""), skrevet=values.get("skrevet", ""),
                hjemmel=values.get("hjemmel", "§2"), refusjonskode=values.get("refusjonskode", ""),
                yrkesskade=values.get("yrkesskade", "") in ("on", "ja", "true", "1"),
                spesialitet=values.get("spesialitet", ""), sykehus=values.get("sykehus", ""),
                instituert=values.get("instituert", ""),
                lines=own or [LineForm()],
            ))
        return cls(fnr=str(data.get("fnr") or "").strip(), dato=str(data.get("dato") or "").strip(),
                   nokkel=str(data.get("nokkel") or "").strip()[:200] or new_key(),
                   prescriptions=parsed or [PrescriptionForm()])

    def line(self, prescription: int, line: int) -> LineForm | None:
        if 0 <= prescription < len(self.prescriptions) and 0 <= line < len(self.prescriptions[prescription].lines):
            return self.prescriptions[prescription].lines[line]
        return None

    def on_date(self) -> date | None:
        return parse_date(self.dato)


def new_key() -> str:
    """A fresh idempotency key for one form: a double submit of the same form stores once."""
    return f"web-{uuid.uuid4()}"


def parse_date(text: str) -> date | None:
    """A date typed as ÅÅÅÅ-MM-DD (the date picker) or dd.mm.åååå."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
            day, month, year = (int(p) for p in text.split("."))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_kroner(text: str) -> Ore:
    """An amount typed Norwegian style ('1 234,50', '149,50 kr', '149.50') in exact øre."""
    cleaned = re.sub(r"[\s\u00a0\u202f]|kr\.?$", "", text.strip().lower())
    if not cleaned:
        raise MoneyError("Skriv inn et beløp i kroner, for eksempel 149,50.")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise MoneyError(f"«{text}» er ikke et beløp i kroner. Skriv for eksempel 149,50.")
    amount = kroner(cleaned)
    if amount < 0:
        raise MoneyError("Beløpet kan ikke være negativt.")
    if amount > kroner("10000000"):
        raise MoneyError("Beløpet er urimelig stort (over 10 millioner kroner).")
    return amount


def to_request(form: CounterForm) -> tuple[DispenseRequest | None, dict[str, str]]:
    """The service request, or the errors by field id (the same ids the template gives the inputs)."""
    errors: dict[str, str] = {}
    fnr = ""
    try:
        fnr = check_fnr(form.fnr)
    except IdentityError as exc:
        errors["fnr"] = str(exc)
    on = form.on_date()
    if on is None:
        errors["dato"] = "Skriv inn utleveringsdatoen som en gyldig dato (dd.mm.åååå)."
    prescriptions = []
    for i, p in enumerate(form.prescriptions):
        prefix = f"r{i}"
        if not p.forskriver:
            errors[f"{prefix}-forskriver"] = "Skriv inn hvem som forskrev resepten (navn eller HPR-nummer)."
        elif len(p.forskriver) > 100:
            errors[f"{prefix}-forskriver"] = "Forskriveren kan ha høyst 100 tegn."
        written = parse_date(p.skrevet)
        if written is None:
            errors[f"{prefix}-skrevet"] = "Skriv inn datoen resepten ble skrevet (dd.mm.åååå)."
        elif on is not None and written > on:
            errors[f"{prefix}-skrevet"] = "Resepten kan ikke være skrevet etter utleveringsdatoen."
        if p.hjemmel not in HJEMLER:
            errors[f"{prefix}-hjemmel"] = "Velg hjemmelen resepten er skrevet etter."
        if len(p.refusjonskode) > 20:
            errors[f"{prefix}-refusjonskode"] = "Refusjonskoden kan ha høyst 20 tegn."
        elif p.refusjonskode:
            try:
                parse_refund_code(p.refusjonskode)
            except MalformedCode as exc:
                errors[f"{prefix}-refusjonskode"] = str(exc)
        specialties = _specialties(p.spesialitet, f"{prefix}-spesialitet", errors)
        if p.sykehus not in HOSPITAL:
            errors[f"{prefix}-sykehus"] = "Velg om forskriveren skriver ved sykehus, eller «Ukjent»."
        if len(p.instituert) > 300:
            errors[f"{prefix}-instituert"] = "Påtegningen kan ha høyst 300 tegn."
        lines = []
        filled = [(j, line) for j, line in enumerate(p.lines) if not line.is_empty()]
        if not filled:
            errors[f"{prefix}-v0-pris"] = "Resepten må ha minst én vare med pris. Søk opp legemidlet eller skriv " \
                                          "inn prisen."
        for j, line in filled:
            lp = f"{prefix}-v{j}"
            price = _money(line.pris, f"{lp}-pris", errors, required=True)
            cheapest = _money(line.billigste, f"{lp}-billigste", errors)
            maximum = _money(line.maksrefusjon, f"{lp}-maksrefusjon", errors)
            if line.reservasjon not in RESERVATIONS:
                errors[f"{lp}-reservasjon"] = "Velg om noen har reservert seg mot bytte."
            if len(line.navn) > 300:
                errors[f"{lp}-navn"] = "Varenavnet kan ha høyst 300 tegn."
            if len(line.varenummer) > 20:
                errors[f"{lp}-varenummer"] = "Varenummeret kan ha høyst 20 tegn."
            if price is not None:
                lines.append(LineRequest(
                    price=price, cheapest_price=cheapest,
                    reserved_by=Reservation(line.reservasjon) if line.reservasjon in RESERVATIONS
                    else Reservation.NONE,
                    max_refund_price=maximum, varenummer=line.varenummer or None, description=line.navn or None))
        if written is not None and p.hjemmel in HJEMLER and lines:
            prescriptions.append(PrescriptionRequest(
                prescriber=p.forskriver, written=written, hjemmel=Hjemmel(p.hjemmel),
                lines=tuple(lines), refund_code=p.refusjonskode or None, yrkesskade=p.yrkesskade,
                prescriber_specialties=specialties,
                prescriber_hospital={"ja": True, "nei": False}.get(p.sykehus),
                instituted_by=p.instituert or None))
    if errors or on is None:
        return None, errors
    return DispenseRequest(fnr=fnr, date=on, prescriptions=tuple(prescriptions)), {}


def _money(text: str, field_id: str, errors: dict[str, str], required: bool = False) -> Ore | None:
    if not text:
        if required:
            errors[field_id] = "Skriv inn prisen i kroner, for eksempel 149,50."
        return None
    try:
        return parse_kroner(text)
    except MoneyError as exc:
        errors[field_id] = str(exc)
        return None


def request_payload(request: DispenseRequest) -> dict[str, Any]:
    """The request as JSON-ready data, for the idempotency record's fingerprint."""
    return asdict(request)


def _specialties(text: str, key: str, errors: dict[str, str]) -> tuple[str, ...] | None:
    """The Volven 7426 codes of the specialties written (names or codes, comma separated); None when empty
    (not known: specialist vilkår are then left for the pharmacy to confirm)."""
    from blaresept.catalog import codes

    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        return None
    found = []
    for name in names:
        code = codes.specialty_code(name)
        if code is None:
            errors[key] = f"«{name}» er ikke en spesialitet i kodeverk 7426. Skriv navnet, f.eks. «indremedisin»."
            return None
        found.append(code)
    return tuple(found)
