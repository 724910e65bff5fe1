"""What every blue prescription must meet at dispensing, whatever its section: dates that make sense, the
product found in the catalogue, a prescription still valid (one year from the date written, or the shorter
validity the catalogue gives), at most three months' supply, and membership of folketrygden (not for § 4).

Sources: the parameters blaresept.validity.prescription_years and blaresept.validity.supply_months (Helfo's
guide for parents; Pediatriveileder 13.8.2, 2009); FEST guide v3.5 § 5.9 (prescription validity in FEST, shorter
for some medicines) and § 5.8 type 28 (a longer validity when reimbursed); blåreseptforskriften § 4 (stønad
also to those staying in Norway who are not members).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from blaresept.rules import law
from blaresept.rules.blaresept.eligibility.dates import holds
from blaresept.rules.blaresept.eligibility.facts import CatalogFacts, CheckRequest, ConditionFact, ProductFacts
from blaresept.rules.blaresept.eligibility.hjemmel import display
from blaresept.rules.blaresept.eligibility.outcome import step
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
SEX_CODES = {"mann": "1", "kvinne": "2"}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of a shorter month: 31 January + 1 month = 28/29 February)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def add_duration(day: date, duration: str) -> date | None:
    """An ISO 8601 duration (P1Y, P3M, P10D, P2W) added to a date; None when it cannot be read."""
    m = _DURATION.match(duration.strip())
    if not m or not any(m.groups()):
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    return add_months(day, years * 12 + months) + timedelta(weeks=weeks, days=days)


def check_dates(request: CheckRequest) -> None:
    """Input that cannot be: a prescription written after the dispensing, a patient born after it."""
    if request.prescription.written > request.dispensed:
        raise RuleInputError(f"Resepten er skrevet {request.prescription.written.isoformat()}, etter "
                             f"utleveringsdatoen {request.dispensed.isoformat()}.")
    if request.patient.birth_date > request.dispensed:
        raise RuleInputError(f"Fødselsdatoen {request.patient.birth_date.isoformat()} ligger etter "
                             f"utleveringsdatoen {request.dispensed.isoformat()}.")


def unresolved_step(request: CheckRequest, product: ProductFacts | None) -> Step | None:
    """When the product is linked, on the dates, to reimbursement groups the catalogue file lacks (a --loose
    import), what it has cannot settle the question: «kan ikke avgjøres», never «ingen refusjon»."""
    if product is None:
        return None
    missing = [u.group_fest_id for u in product.unresolved
               if holds(u.link, request.prescription.written, request.dispensed)]
    if not missing:
        return None
    return step("blaresept.catalog.unresolved_group", law.blaresept("§ 2"), request.dispensed, False,
                f"Refusjon kan ikke avgjøres: {product.name} viser til refusjonsgruppe {', '.join(missing)}, som "
                "ikke finnes i katalogfilen (FEST importert med --loose). Last inn en fullstendig FEST-fil.",
                outcome="kan_ikke_avgjøres", inputs={"groups": missing})


def product_step(request: CheckRequest, catalog: CatalogFacts, section: int) -> Step:
    """Whether the catalogue has the product on the dispensing date."""
    on = request.dispensed
    what = "varenummer" if request.prescription.varenummer else "varen"
    release = (f" (FEST-utgaven {catalog.release.date().isoformat()}"
               + (", hentet etter utleveringsdatoen" if catalog.release_after_date else "") + ")"
               if catalog.release else "")
    reference = law.blaresept(f"§ {section}")
    if catalog.product is None:
        return step("blaresept.eligibility.product", reference, on, False,
                    f"Fant ikke {what} {catalog.looked_up} i katalogen{release}; uten katalogens opplysninger kan "
                    "refusjon ikke gis.", outcome="ikke_funnet", inputs={"number": catalog.looked_up})
    product = catalog.product
    return step("blaresept.eligibility.product", reference, on, True,
                f"{product.name} ({what} {product.number}" + (f", ATC {product.atc}" if product.atc else "")
                + f") finnes i katalogen{release}.", outcome="funnet",
                inputs={"number": product.number}, outputs={"kind": product.kind.value})


def _catalogue_validity(request: CheckRequest, product: ProductFacts | None) -> str | None:
    if product is None or not product.validity:
        return None
    sex = SEX_CODES.get(request.patient.sex or "")
    for fact in product.validity:
        if fact.sex is not None and fact.sex == sex:
            return fact.duration
    general = [f.duration for f in product.validity if f.sex is None]
    if general:
        return general[0]
    ends = [(add_duration(request.prescription.written, f.duration), f.duration) for f in product.validity]
    known = [e for e in ends if e[0] is not None]
    return min(known)[1] if known else None  # sex not known: the shortest


def validity_step(request: CheckRequest, product: ProductFacts | None, conditions: tuple[ConditionFact, ...],
                  params: ParameterSet) -> tuple[bool, Step]:
    """A blue prescription is valid one year from the date written, or the shorter validity the catalogue gives
    the product — unless a condition on the refund code gives a longer validity when reimbursed (type 28)."""
    on = request.dispensed
    written = request.prescription.written
    parameter = params["blaresept.validity.prescription_years"]
    years, use = parameter.use(on)
    end = add_months(written, 12 * years)
    why = f"{years} år fra datoen den ble skrevet"
    catalogue = _catalogue_validity(request, product)
    if catalogue is not None:
        shorter = add_duration(written, catalogue)
        if shorter is not None and shorter < end:
            end, why = shorter, f"katalogens reseptgyldighet {catalogue} for legemidlet"
    for condition in conditions:
        for part in condition.structured:
            if part.type_code == "28" and part.texts:
                extended = add_duration(written, part.texts[0])
                if extended is not None and extended > end:
                    end = extended
                    why = f"gyldighet ved refusjon {part.texts[0]} (vilkår {condition.number})"
    ok = on <= end
    text = (f"Resepten er skrevet {written.isoformat()} og er gyldig til og med {end.isoformat()} ({why}); "
            f"utleveringen {on.isoformat()} er " + ("innenfor." if ok else "etter at resepten gikk ut."))
    return ok, step("blaresept.eligibility.validity", parameter.law, on, ok, text,
                    inputs={"written": written, "dispensed": on, "catalogue_validity": catalogue},
                    outputs={"valid_until": end}, uses=(use,))


def supply_step(request: CheckRequest, params: ParameterSet) -> tuple[bool, Step]:
    """A dispensing covers at most three months' supply."""
    on = request.dispensed
    parameter = params["blaresept.validity.supply_months"]
    months, use = parameter.use(on)
    limit = (add_months(on, months) - on).days
    days = request.prescription.supply_days
    if days is None:
        return True, step("blaresept.eligibility.supply", parameter.law, on, None,
                          f"Forbruket utleveringen dekker er ikke oppgitt; apoteket kan utlevere høyst {months} "
                          f"måneders forbruk ({limit} dager fra {on.isoformat()}).", outcome="bekreftes",
                          outputs={"max_days": limit}, uses=(use,))
    ok = days <= limit
    return ok, step("blaresept.eligibility.supply", parameter.law, on, ok,
                    f"Utleveringen dekker {days} dagers forbruk; høyst {months} måneder ({limit} dager fra "
                    f"{on.isoformat()}) kan utleveres på blå resept" + (". " if ok else ", så den er for stor. ")
                    .rstrip(), inputs={"supply_days": days}, outputs={"max_days": limit}, uses=(use,))


def membership_step(request: CheckRequest, hjemmel_code: str) -> tuple[bool, Step | None]:
    """Stønad under §§ 2, 3, 5 and 6 is for members of folketrygden; § 4 also covers those who are not."""
    on = request.dispensed
    if request.patient.member:
        return True, None
    if hjemmel_code.startswith("4"):
        return True, step("blaresept.eligibility.membership", law.blaresept("§ 4"), on, True,
                          "Pasienten er ikke medlem av folketrygden, men stønad etter § 4 krever ikke medlemskap.")
    return False, step("blaresept.eligibility.membership", law.ftrl("§ 5-14"), on, False,
                       f"Pasienten er ikke medlem av folketrygden; stønad etter {display(hjemmel_code)} gis bare "
                       "til medlemmer (bare § 4 gjelder også andre som oppholder seg i Norge).")
