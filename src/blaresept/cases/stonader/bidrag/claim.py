"""From the stored claim form to the rules' Claim: the persons (the applicant, the patient, the family members),
their receipts, and the doctor's declarations that are missing or too old. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.cases.stonader.bidrag.form import BidragClaimForm
from blaresept.money import kroner
from blaresept.persons.identity import birth_date_of
from blaresept.rules.bidrag.model import PURPOSE_LABELS, RELATION_LABELS, Claim, Expense, Person, Purpose, Relation
from blaresept.rules.errors import RuleInputError
from blaresept.rules.parameters import OutOfScope, ParameterSet
from blaresept.rules.procedure import norwegian_date

# Purposes that need a doctor's declaration, and whether it must come from a specialist (or an equivalent
# hospital department): rundskriv kap. 7 (hud), kap. 8 (sår: any lege); helsenorge.no (CF, madrass/pute).
DECLARATION_NEEDED = {
    Purpose.HUDLIDELSER: True, Purpose.SAR_OG_FISTLER: False, Purpose.CYSTISK_FIBROSE: True,
    Purpose.MADRASSOVERTREKK: True, Purpose.PUTEOVERTREKK: True,
}
RENEWED = (Purpose.HUDLIDELSER, Purpose.SAR_OG_FISTLER)  # a new declaration every 3rd year (kap. 7 and 8)


@dataclass(frozen=True)
class Missing:
    code: str
    text: str


def person_label(relation: Relation, birth_date: date) -> str:
    if relation is Relation.APPLICANT:
        return "søker"
    return f"{RELATION_LABELS[relation]} f. {birth_date.strftime('%d.%m.%Y')}"


def build_claim(form: BidragClaimForm, applicant_fnr: str, received: date, flags: dict[str, bool]) -> Claim:
    """The rules' Claim. `flags` are what Helfo has established: yrkesskade, low_income, hvit_resept_transition."""
    relations: dict[str, Relation] = {applicant_fnr: Relation.APPLICANT}
    if form.patient_fnr != applicant_fnr:
        relations[form.patient_fnr] = Relation.CHILD
    for member in form.family:
        if member.fnr in relations and member.fnr != form.patient_fnr:
            raise RuleInputError("Et familiemedlem er oppgitt to ganger.")
        relations[member.fnr] = Relation(member.relation)
    receipts: dict[str, list[Expense]] = {fnr: [] for fnr in relations}
    for expense in form.expenses:
        fnr = expense.person_fnr or form.patient_fnr
        if fnr not in receipts:
            raise RuleInputError("En utgift gjelder en person som ikke er med i kravet; legg personen til som "
                                 "familiemedlem.")
        receipts[fnr].append(Expense(expense.purpose, expense.date, kroner(expense.amount)))
    persons = []
    for fnr, relation in relations.items():
        born = _birth_date(fnr)
        persons.append(Person(
            id=person_label(relation, born), birth_date=born, relation=relation, expenses=tuple(receipts[fnr]),
            yrkesskade=flags.get("yrkesskade", False) and fnr == form.patient_fnr,
            hvit_resept_transition=flags.get("hvit_resept_transition", False) and fnr == form.patient_fnr,
        ))
    return Claim(form.year, received, tuple(persons), low_income=flags.get("low_income", False))


def _birth_date(fnr: str) -> date:
    try:
        return birth_date_of(fnr)
    except ValueError as exc:  # IdentityError, or no valid date in the number
        raise RuleInputError(f"Et fødselsnummer i kravet er ikke gyldig: {exc}") from None


def missing_declarations(form: BidragClaimForm, params: ParameterSet) -> list[Missing]:
    """Purposes claimed without the doctor's declaration they need, or with one that is too old."""
    missing: list[Missing] = []
    for purpose, specialist in DECLARATION_NEEDED.items():
        by_person: dict[str, list[date]] = {}
        for expense in form.expenses:
            if expense.purpose is purpose:
                by_person.setdefault(expense.person_fnr or form.patient_fnr, []).append(expense.date)
        for fnr, dates in by_person.items():
            found = [d for d in form.declarations if d.purpose is purpose and (d.person_fnr or form.patient_fnr) == fnr
                     and (d.specialist or not specialist)]
            label = PURPOSE_LABELS[purpose]
            if not found:
                who = "fra spesialist eller sykehusavdeling " if specialist else ""
                missing.append(Missing(f"declaration.{purpose.value}",
                                       f"Legeerklæring {who}for {label} (rundskriv til § 5-22) mangler."))
                continue
            if purpose in RENEWED:
                latest = max(d.issued_on for d in found)
                last_purchase = max(dates)
                try:
                    years = int(params["bidrag.declaration_years"].at(last_purchase).value)
                except OutOfScope:
                    continue
                expires = date(latest.year + years, latest.month, min(latest.day, 28))
                if last_purchase >= expires:
                    missing.append(Missing(
                        f"declaration.{purpose.value}",
                        f"Legeerklæringen for {label} er fra {norwegian_date(latest)} og må fornyes hvert "
                        f"{years}. år; send en ny erklæring."))
    return missing
