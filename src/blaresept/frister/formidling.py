"""Pasientformidling after a fristbrudd: Helfo opens a case on the case engine from a breach, contacts the
patient (no answer in 3 days → searches anyway and writes), finds a provider with an agreement and free capacity
in the treatment area, makes an offer (the patient has 10 virkedager to reply; no reply → back to the original
hospital), and the patient accepts or declines on Min side. The patient keeps the place on the original waiting
list until accepting and cannot choose the provider. A caseworker may move a case first for medical urgency.
Letters are PDFs stored on the engine's case. The rules are in `rules/frister/formidling.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from blaresept.auth.principal import Principal, Role
from blaresept.cases import letters
from blaresept.cases.actors import SYSTEM, Actor, actor_for
from blaresept.cases.application import submit
from blaresept.cases.clock import moment_of
from blaresept.cases.errors import CaseError
from blaresept.cases.flow import CaseStatus, CaseStep
from blaresept.cases.repository import load_case, recipient_for, record_event
from blaresept.cases.stonader.pasientformidling.stonad import REFERENCE, FormidlingForm
from blaresept.cases.tables import Case, Letter
from blaresept.frister.calendar import calendar_around
from blaresept.frister.errors import FristConflict, FristError, FristForbidden, FristNotFound
from blaresept.frister.tables import Breach, Capacity, FormidlingCase, Provider, Referral
from blaresept.persons.service import AccessDenied, visible_person
from blaresept.rules.frister.formidling import ProviderSlot, contact_window, matching_providers, reply_deadline
from blaresept.rules.frister.workdays import long_date
from blaresept.rules.parameters import default_parameters
from blaresept.timeutil import today

STATUS_TEXT = {
    "kontakt": "Helfo kontakter pasienten",
    "søk": "Helfo leter etter behandlingssted",
    "tilbud": "Tilbud sendt – venter på svar",
    "akseptert": "Tilbudet er akseptert",
    "avslått": "Tilbudet er avslått",
    "tilbake": "Ikke svar – tilbake til opprinnelig behandlingssted",
}


@dataclass(frozen=True)
class FormidlingView:
    id: int
    case_id: int
    reference: str
    area: str
    deadline: date
    urgent: bool
    status: str
    status_text: str
    contacted_on: date
    search_from: date
    answered_on: date | None
    provider_name: str | None
    offered_on: date | None
    reply_deadline: date | None
    replied_on: date | None
    hospital_name: str
    letters: list[dict[str, Any]]
    steps: list[dict[str, Any]]


def _actor(principal: Principal) -> Actor:
    actor = actor_for(principal)
    if actor is None:
        raise FristForbidden("Rollen din tar ikke steg i en formidlingssak.")
    return actor


def _load(session: Session, formidling_id: int, lock: bool = True) -> tuple[FormidlingCase, Case]:
    statement = select(FormidlingCase).where(FormidlingCase.id == formidling_id)
    if lock:
        statement = statement.with_for_update()
    row = session.scalar(statement)
    if row is None:
        raise FristNotFound(f"Fant ingen formidlingssak {formidling_id}.")
    return row, load_case(session, row.case_id, lock=lock)


def _letter(session: Session, case: Case, kind: str, title: str, on: date, moment: datetime,
            paragraphs: list[str], offer: dict[str, str] | None = None) -> Letter:
    env = letters.environment("blaresept.cases.stonader.pasientformidling")
    context = letters.base_context(case.reference or "", recipient_for(session, case, on), on, title) | {
        "paragraphs": paragraphs, "offer": offer, "hjemmel": REFERENCE}
    html = env.get_template("formidling_letter.html").render(context)
    letter = Letter(kind=kind, title=title, sent_on=on, created_at=moment,
                    filename=f"{case.reference}-{kind}-{on.isoformat()}.pdf", pdf=letters.to_pdf(html))
    case.letters.append(letter)
    return letter


def open_case(session: Session, caseworker: Principal, breach_id: int, on: date | None = None,
              now: datetime | None = None) -> FormidlingView:
    """Helfo opens a pasientformidling case on a breach and contacts the patient the same day."""
    on = on or today()
    moment = moment_of(now)
    breach = session.scalar(select(Breach).where(Breach.id == breach_id).with_for_update())
    if breach is None:
        raise FristNotFound(f"Fant ikke fristbrudd {breach_id}.")
    if breach.status != "ny":
        raise FristConflict("Det er allerede opprettet formidlingssak for dette fristbruddet, eller det trenger "
                            "ingen (helsehjelpen har startet).")
    referral = session.get(Referral, breach.referral_id)
    assert referral is not None and referral.deadline is not None
    form = FormidlingForm(breach_id=breach.id, patient_fnr=referral.patient_fnr, deadline=referral.deadline,
                          area=referral.area)
    try:
        view = submit(session, _actor(caseworker), "formidling", form, now)
    except CaseError as exc:
        raise FristError(str(exc)) from None
    window = contact_window(on, default_parameters())
    row = FormidlingCase(case_id=view.id, breach_id=breach.id, referral_id=referral.id, area=referral.area,
                         deadline=referral.deadline, status="kontakt", contacted_on=on, search_from=window.search_from,
                         steps=[window.step.as_dict()])
    session.add(row)
    breach.status = "formidling"
    case = load_case(session, view.id)
    record_event(case, _actor(caseworker), CaseStep.ASSESS, f"Helfo har kontaktet pasienten {long_date(on)}. "
                 + window.step.text, moment)
    session.flush()
    return view_of(session, row)


def record_answer(session: Session, caseworker: Principal, formidling_id: int, on: date | None = None,
                  now: datetime | None = None) -> FormidlingView:
    """The patient answered Helfo's call: the search starts now."""
    on = on or today()
    row, case = _load(session, formidling_id)
    if row.status != "kontakt":
        raise FristConflict("Pasienten er allerede registrert som kontaktet, eller søket er i gang.")
    row.answered_on, row.status = on, "søk"
    record_event(case, _actor(caseworker), CaseStep.ASSESS, f"Pasienten svarte {long_date(on)}; Helfo leter etter "
                 "behandlingssted.", moment_of(now))
    return view_of(session, row)


def set_urgent(session: Session, caseworker: Principal, formidling_id: int, urgent: bool, note: str = "",
               now: datetime | None = None) -> FormidlingView:
    """Medical urgency: the case goes first in the queue (the engine orders prioritised cases first)."""
    row, case = _load(session, formidling_id)
    if urgent and not note.strip():
        raise FristError("Skriv hvorfor saken haster medisinsk.")
    row.urgent = urgent
    case.prioritised = urgent
    case.priority_reasons = [f"medisinsk hast: {note.strip()}"] if urgent else []
    record_event(case, _actor(caseworker), CaseStep.ASSESS,
                 f"Saken er satt foran i køen: {note.strip()}." if urgent else "Saken følger fristdatoen i køen igjen.",
                 moment_of(now))
    return view_of(session, row)


def candidates(session: Session, formidling_id: int, on: date | None = None) -> tuple[list[ProviderSlot], str]:
    """Providers with an agreement and free capacity in the case's treatment area, and the explanation."""
    row, _ = _load(session, formidling_id, lock=False)
    slots = _slots(session)
    match = matching_providers(row.area, slots, on or today())
    return list(match.providers), match.step.text


def _slots(session: Session) -> list[ProviderSlot]:
    rows = session.execute(select(Provider, Capacity).join(Capacity, Capacity.provider_id == Provider.id)).all()
    return [ProviderSlot(p.code, p.name, c.area, c.capacity, p.agreement) for p, c in rows]


def make_offer(session: Session, caseworker: Principal, formidling_id: int, provider_code: str,
               on: date | None = None, now: datetime | None = None) -> FormidlingView:
    """Offer the patient a place at a provider with an agreement and free capacity; a letter (PDF) goes out."""
    on = on or today()
    moment = moment_of(now)
    row, case = _load(session, formidling_id)
    if row.status == "kontakt" and on < row.search_from:
        raise FristConflict(f"Pasienten er kontaktet og har til {long_date(row.search_from)} på å svare før Helfo "
                            "leter uten svar. Registrer svaret først.")
    if row.status not in ("kontakt", "søk"):
        raise FristConflict("Saken har allerede et tilbud eller er avsluttet.")
    match = matching_providers(row.area, _slots(session), on)
    chosen = next((s for s in match.providers if s.code == provider_code), None)
    if chosen is None:
        raise FristError(f"Behandlingsstedet «{provider_code}» har ikke avtale og ledig kapasitet innen {row.area}. "
                         + match.step.text)
    capacity = session.scalar(select(Capacity).join(Provider, Provider.id == Capacity.provider_id)
                              .where(Provider.code == provider_code, Capacity.area == row.area).with_for_update())
    assert capacity is not None
    if capacity.capacity <= 0:
        raise FristConflict(f"{chosen.name} har ikke lenger ledig kapasitet innen {row.area}.")
    capacity.capacity -= 1
    provider = session.scalar(select(Provider).where(Provider.code == provider_code))
    assert provider is not None
    reply = reply_deadline(on, default_parameters(), calendar_around(on.year))
    row.provider_id, row.offered_on, row.reply_deadline, row.status = provider.id, on, reply.deadline, "tilbud"
    row.steps = list(row.steps) + [match.step.as_dict(), reply.step.as_dict()]
    referral = session.get(Referral, row.referral_id)
    hospital = referral.hospital_name if referral else "det opprinnelige behandlingsstedet"
    _letter(session, case, "formidling_tilbud", "Tilbud om behandling etter fristbrudd", on, moment, [
        f"Fristen for når helsehjelpen din innen {row.area} senest skulle starte, var {long_date(row.deadline)}. "
        "Fristen er brutt, og Helfo har funnet et annet behandlingssted til deg.",
        f"Du kan ikke velge behandlingssted selv. Du beholder plassen din på ventelisten hos {hospital} til du "
        "takker ja til dette tilbudet.",
        "Reise og opphold dekkes fullt ut, uten egenandel.",
        f"Svar på Min side innen {long_date(reply.deadline)}. Svarer du ikke innen fristen, går saken tilbake til "
        f"{hospital}.",
    ], {"provider": provider.name, "area": row.area, "reply_by": long_date(reply.deadline)})
    record_event(case, _actor(caseworker), CaseStep.ASSESS,
                 f"Tilbud sendt: {provider.name}. Svarfrist {long_date(reply.deadline)}.", moment)
    return view_of(session, row)


def reply(session: Session, patient: Principal, formidling_id: int, accept: bool, on: date | None = None,
          now: datetime | None = None) -> FormidlingView:
    """The patient (or a parent) accepts or declines the offer; the case closes either way."""
    on = on or today()
    moment = moment_of(now)
    row, case = _load(session, formidling_id)
    try:
        person = visible_person(session, patient, case.patient_fnr)
    except AccessDenied as exc:
        raise FristForbidden(str(exc)) from None
    if person.fnr != case.patient_fnr:
        raise FristNotFound("Fant ikke formidlingssaken.")
    if row.status != "tilbud":
        raise FristConflict("Det er ikke noe tilbud å svare på i denne saken.")
    assert row.reply_deadline is not None
    if on > row.reply_deadline:
        raise FristConflict(f"Svarfristen gikk ut {long_date(row.reply_deadline)}; saken er sendt tilbake til det "
                            "opprinnelige behandlingsstedet.")
    row.replied_on, row.status = on, "akseptert" if accept else "avslått"
    provider = session.get(Provider, row.provider_id)
    name = provider.name if provider else "behandlingsstedet"
    if not accept:
        capacity = session.scalar(select(Capacity).where(Capacity.provider_id == row.provider_id,
                                                         Capacity.area == row.area).with_for_update())
        if capacity is not None:
            capacity.capacity += 1
    text = (f"Pasienten takket ja til tilbudet fra {name} {long_date(on)} og er tatt ut av ventelisten hos det "
            "opprinnelige behandlingsstedet." if accept else
            f"Pasienten takket nei til tilbudet fra {name} {long_date(on)} og står fortsatt på ventelisten hos det "
            "opprinnelige behandlingsstedet. Helfo avslutter saken.")
    actor = _actor(patient)
    record_event(case, actor, CaseStep.ASSESS, text, moment)
    _close(session, case, actor, moment, on, accept, name, row)
    return view_of(session, row)


def _close(session: Session, case: Case, actor: Actor, moment: datetime, on: date, accepted: bool | None,
           provider: str, row: FormidlingCase) -> None:
    title = {True: "Bekreftelse: du har takket ja", False: "Du har takket nei til tilbudet",
             None: "Saken er sendt tilbake til behandlingsstedet"}[accepted]
    body = {True: [f"Du har takket ja til behandling hos {provider} innen {row.area}. Behandlingsstedet kontakter "
                   "deg om time. Plassen din på den opprinnelige ventelisten er avsluttet."],
            False: [f"Du har takket nei til behandling hos {provider}. Du står fortsatt på ventelisten hos det "
                    "opprinnelige behandlingsstedet. Helfo avslutter formidlingssaken."],
            None: ["Helfo fikk ikke svar på tilbudet innen svarfristen. Saken er sendt tilbake til det opprinnelige "
                   "behandlingsstedet, og du står fortsatt på ventelisten der."]}[accepted]
    _letter(session, case, "formidling_svar", title, on, moment, body)
    # The engine's closing step assumes a decision letter; a formidling case has none, so it is closed here
    # (the timeline says so) — see the commit that added pasientformidling.
    case.status = CaseStatus.CLOSED.value
    record_event(case, actor, CaseStep.CLOSE, "Formidlingssaken er avsluttet.", moment)
    breach = session.get(Breach, row.breach_id)
    if breach is not None:
        breach.status = "lukket"


def advance(session: Session, on: date, now: datetime | None = None) -> dict[str, int]:
    """The day's formidling deadlines: no answer after 3 days → search anyway and write to the patient; no reply
    by the reply deadline → back to the original hospital. Idempotent (each moves a case forward once)."""
    moment = moment_of(now)
    searched = returned = 0
    for row in session.scalars(select(FormidlingCase).where(FormidlingCase.status == "kontakt",
                                                            FormidlingCase.search_from <= on).with_for_update()):
        case = load_case(session, row.case_id, lock=True)
        row.status = "søk"
        _letter(session, case, "formidling_kontakt", "Vi har prøvd å kontakte deg", on, moment, [
            f"Fristen for når helsehjelpen din innen {row.area} senest skulle starte, var {long_date(row.deadline)}, "
            "og den er brutt. Helfo har prøvd å kontakte deg uten å få svar.",
            "Vi leter likevel etter et annet behandlingssted til deg og sender deg et tilbud. Du beholder plassen "
            "din på ventelisten til du takker ja til et tilbud.",
            "Har du spørsmål, ring Fristbruddtelefonen 23 32 70 03."])
        record_event(case, SYSTEM, CaseStep.ASSESS, "Pasienten har ikke svart på 3 dager; Helfo leter likevel og "
                     "har sendt brev.", moment)
        searched += 1
    for row in session.scalars(select(FormidlingCase).where(FormidlingCase.status == "tilbud",
                                                            FormidlingCase.reply_deadline < on).with_for_update()):
        case = load_case(session, row.case_id, lock=True)
        row.status = "tilbake"
        capacity = session.scalar(select(Capacity).where(Capacity.provider_id == row.provider_id,
                                                         Capacity.area == row.area).with_for_update())
        if capacity is not None:
            capacity.capacity += 1
        record_event(case, SYSTEM, CaseStep.ASSESS, "Pasienten svarte ikke innen svarfristen.", moment)
        _close(session, case, SYSTEM, moment, on, None, "", row)
        returned += 1
    return {"searched": searched, "returned": returned}


def view_of(session: Session, row: FormidlingCase) -> FormidlingView:
    case = load_case(session, row.case_id)
    provider = session.get(Provider, row.provider_id) if row.provider_id else None
    referral = session.get(Referral, row.referral_id)
    return FormidlingView(
        row.id, row.case_id, case.reference or "", row.area, row.deadline, row.urgent, row.status,
        STATUS_TEXT.get(row.status, row.status), row.contacted_on, row.search_from, row.answered_on,
        provider.name if provider else None, row.offered_on, row.reply_deadline, row.replied_on,
        referral.hospital_name if referral else "",
        [{"id": lt.id, "title": lt.title, "sent_on": lt.sent_on, "case_id": case.id} for lt in case.letters],
        list(row.steps),
    )


def cases_for_patient(session: Session, patient: Principal, child_fnr: str | None = None) -> list[FormidlingView]:
    try:
        person = visible_person(session, patient, child_fnr)
    except AccessDenied as exc:
        raise FristForbidden(str(exc)) from None
    rows = session.scalars(select(FormidlingCase).join(Case, Case.id == FormidlingCase.case_id)
                           .where(Case.patient_fnr == person.fnr).order_by(FormidlingCase.id.desc()))
    return [view_of(session, r) for r in rows]


def queue(session: Session) -> list[FormidlingView]:
    """Open formidling cases: urgent first, then by the breached deadline (fristdato ansiennitet)."""
    rows = session.scalars(select(FormidlingCase).where(FormidlingCase.status.in_(("kontakt", "søk", "tilbud")))
                           .order_by(FormidlingCase.urgent.desc(), FormidlingCase.deadline, FormidlingCase.id))
    return [view_of(session, r) for r in rows]


def get(session: Session, formidling_id: int) -> FormidlingView:
    row, _ = _load(session, formidling_id, lock=False)
    return view_of(session, row)


@dataclass(frozen=True)
class OfferView:
    reference: str
    area: str
    offered_on: date
    reply_deadline: date | None
    status: str
    status_text: str


def offers_for_provider(session: Session, provider: Principal) -> list[OfferView]:
    """The offers Helfo has made to patients at this provider (no personal numbers)."""
    if provider.role is not Role.PROVIDER or not provider.org_number:
        raise FristForbidden("Bare et behandlingssted kan se tilbudene sine.")
    rows = session.execute(select(FormidlingCase, Case).join(Provider, Provider.id == FormidlingCase.provider_id)
                           .join(Case, Case.id == FormidlingCase.case_id)
                           .where(Provider.org_number == provider.org_number)
                           .order_by(FormidlingCase.offered_on.desc())).all()
    return [OfferView(c.reference or "", r.area, r.offered_on, r.reply_deadline, r.status,
                      STATUS_TEXT.get(r.status, r.status)) for r, c in rows if r.offered_on is not None]
