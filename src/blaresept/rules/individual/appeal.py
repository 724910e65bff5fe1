"""An appeal's formal requirements (formkrav), checked before Helfo looks at the case again.

The appellant must be a party (the patient, or someone acting for the patient: a parent of a child, a guardian,
someone with a power of attorney) (forvaltningsloven § 28). The appeal must reach Helfo within 6 weeks of the
day the decision reached the party (folketrygdloven § 21-12 with trygderettsloven § 10); a late appeal may still
be heard when special reasons speak for it (trygderettsloven § 10 fjerde ledd) — a caseworker's judgement, so an
open point until it is made. The appeal must name the decision and the change wanted, and be signed (fvl. § 32);
a defect there is not a reason to reject it before the party has been given a chance to correct it. The same
checks apply to a further appeal to Trygderetten (6 weeks from the party received Helseklage's decision).

The deadline runs from the day the decision **reached** the party (forvaltningsloven § 29: «fra det tidspunkt
underretning om vedtaket er kommet fram til vedkommende part»; ftrl § 21-12), never from the day it was sent.
When that day is not known, the sending date is only a lower bound: an appeal within the deadline counted from it
is in time whatever the day of receipt; a later one is an open point for the caseworker (find out when the
decision reached the party, or judge it) — an appeal is never rejected as late on an assumed date of receipt.

Modelled on NAV familie-klage's `Form` (klagePart, klagefristOverholdt, klagefristOverholdtUnntak, klageKonkret,
klageSignert). Sources: shared/seeds/000_… «Klagerettigheter»; parameters procedure.appeal.*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from blaresept.rules import law
from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.content import norwegian_date
from blaresept.rules.individual.deadlines import Calendar, appeal_deadline
from blaresept.rules.individual.model import MissingItem
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step


class FormalOutcome(StrEnum):
    ADMISSIBLE = "admissible"  # the appeal is heard
    REJECTED = "rejected"  # avvist: not heard
    OPEN = "open"  # a caseworker must judge the exception, or the party must correct the appeal


@dataclass(frozen=True)
class AppealFacts:
    """What is known about an appeal when it is checked."""

    decision_received: date | None  # the day the decision reached the party (None: not known)
    appeal_received: date  # the day the appeal reached Helfo (or was posted)
    appellant_is_party: bool = True
    concrete: bool = True  # names the decision and the change wanted
    signed: bool = True
    late_reason: str | None = None  # why the appeal came late
    exception_accepted: bool | None = None  # the caseworker's judgement of the reason (None: not judged)
    decision_sent: date | None = None  # the day the decision was sent: the earliest it can have reached the party


@dataclass(frozen=True)
class FormalResult:
    outcome: FormalOutcome
    deadline: date | None  # None when the day the decision reached the party is not known
    within_deadline: bool | None  # None: cannot be decided without the day of receipt
    exception_used: bool
    failures: tuple[MissingItem, ...]
    open_points: tuple[str, ...]
    steps: tuple[Step, ...]


def formal_requirements(facts: AppealFacts, params: ParameterSet, calendar: Calendar,
                        further: bool = False) -> FormalResult:
    """Check an appeal (or with `further`, a further appeal to Trygderetten) against its formal requirements."""
    known = facts.decision_received
    earliest = known if known is not None else facts.decision_sent
    if earliest is not None and facts.appeal_received < earliest:
        raise RuleInputError(
            f"Klagen kan ikke ha kommet inn ({facts.appeal_received.isoformat()}) før vedtaket ble "
            f"{'mottatt' if known is not None else 'sendt'} ({earliest.isoformat()})."
        )
    if known is not None and facts.decision_sent is not None and known < facts.decision_sent:
        raise RuleInputError(
            f"Vedtaket kan ikke ha kommet fram ({known.isoformat()}) før det ble sendt "
            f"({facts.decision_sent.isoformat()})."
        )
    word = "Anken" if further else "Klagen"
    deadline: date | None
    within: bool | None
    steps: list[Step] = []
    if known is not None:
        deadline, deadline_step = appeal_deadline(known, params, calendar, further)
        steps.append(deadline_step)
        within = facts.appeal_received <= deadline
    else:
        deadline, deadline_step = None, _unknown_receipt_step(facts, params, calendar, further)
        steps.append(deadline_step)
        within = deadline_step.outputs["within_deadline"]
    failures: list[MissingItem] = []
    open_points: list[str] = []
    deadline_ref = law.trygderettsloven("§ 10")
    party_ref = law.fvl("§ 28")
    form_ref = law.trygderettsloven("§ 11") if further else law.fvl("§ 32")
    rejected = False
    if not facts.appellant_is_party:
        failures.append(MissingItem(
            "party", f"{word} er ikke fra en part i saken eller noen som handler på partens vegne.", party_ref))
        rejected = True
    exception_used = False
    if within is None:
        if facts.exception_accepted is True:
            exception_used = True
        else:
            open_points.append("decision_received")
            failures.append(MissingItem("decision_received", deadline_step.text, law.fvl("§ 29")))
    elif not within:
        assert deadline is not None
        late = f"{word} kom inn {norwegian_date(facts.appeal_received)}, etter fristen {norwegian_date(deadline)}."
        if facts.exception_accepted is True:
            exception_used = True
        elif facts.exception_accepted is False or not (facts.late_reason or "").strip():
            failures.append(MissingItem(
                "deadline", late + (" Det er ikke særlige grunner til å behandle den likevel." if facts.late_reason
                                    else " Det er ikke oppgitt grunner til at den kom for sent."), deadline_ref))
            rejected = True
        else:
            open_points.append("deadline_exception")
            failures.append(MissingItem(
                "deadline_exception",
                late + f" Saksbehandler må vurdere om grunnen («{facts.late_reason}») er en særlig grunn til å "
                "behandle den likevel.", deadline_ref))
    if not facts.concrete:
        open_points.append("concrete")
        failures.append(MissingItem(
            "concrete", f"{word} må si hvilket vedtak den gjelder og hvilken endring som ønskes; parten må få rette "
            "dette.", form_ref))
    if not facts.signed:
        open_points.append("signed")
        failures.append(MissingItem("signed", f"{word} må være underskrevet; parten må få rette dette.", form_ref))
    if rejected:
        outcome = FormalOutcome.REJECTED
    elif open_points:
        outcome = FormalOutcome.OPEN
    else:
        outcome = FormalOutcome.ADMISSIBLE
    if outcome is FormalOutcome.ADMISSIBLE:
        if within and deadline is not None:
            timing = f", innen fristen {norwegian_date(deadline)}"
        elif within:
            timing = ", i tide uansett når vedtaket kom fram"
        elif deadline is not None:
            timing = f", etter fristen {norwegian_date(deadline)}, men behandles fordi det er særlige grunner"
        else:
            timing = ", uten at det er kjent når vedtaket kom fram; saksbehandler har bestemt at den behandles"
        text = (f"{word} er fra en part, kom inn {norwegian_date(facts.appeal_received)}{timing}, "
                "og oppfyller formkravene.")
    else:
        text = " ".join(f.text for f in failures)
    steps.append(Step(
        rule="procedure.further_appeal_formal" if further else "procedure.appeal_formal",
        reference=party_ref if not facts.appellant_is_party else deadline_ref,
        version=deadline_step.version,
        outcome=outcome.value,
        text=text,
        inputs={"decision_received": facts.decision_received, "decision_sent": facts.decision_sent,
                "appeal_received": facts.appeal_received,
                "appellant_is_party": facts.appellant_is_party, "concrete": facts.concrete, "signed": facts.signed,
                "late_reason": facts.late_reason, "exception_accepted": facts.exception_accepted},
        outputs={"deadline": deadline, "within_deadline": within, "exception_used": exception_used,
                 "failures": [f.code for f in failures]},
        parameters=deadline_step.parameters,
    ))
    return FormalResult(outcome, deadline, within, exception_used, tuple(failures), tuple(open_points),
                        tuple(steps))


def _unknown_receipt_step(facts: AppealFacts, params: ParameterSet, calendar: Calendar, further: bool) -> Step:
    """The deadline when the day the decision reached the party is not known. The sending date is a lower bound:
    counted from it the deadline is the earliest it can be, so an appeal within it is in time whatever the day of
    receipt; anything later needs the day of receipt, which the caseworker must find out or judge."""
    word = "Anken" if further else "Klagen"
    what = "Helseklages vedtak" if further else "vedtaket"
    name = "procedure.appeal.further_appeal_deadline" if further else "procedure.appeal.deadline"
    within: bool | None = None
    earliest_deadline: date | None = None
    if facts.decision_sent is not None:
        earliest_deadline, bound = appeal_deadline(facts.decision_sent, params, calendar, further)
        uses = bound.parameters
        version = bound.version
        weeks = bound.outputs["weeks"]
        if facts.appeal_received <= earliest_deadline:
            within = True
            text = (f"Det er ikke kjent når {what} kom fram til parten, men det ble sendt "
                    f"{norwegian_date(facts.decision_sent)} og kan ikke ha kommet fram før. Fristen på {weeks} uker "
                    f"går derfor tidligst ut {norwegian_date(earliest_deadline)}, og {word.lower()}, som kom inn "
                    f"{norwegian_date(facts.appeal_received)}, er i tide uansett.")
        else:
            text = (f"Det er ikke kjent når {what} kom fram til parten. Fristen på {weeks} uker regnes fra den dagen "
                    f"(forvaltningsloven § 29), ikke fra da det ble sendt ({norwegian_date(facts.decision_sent)}). "
                    f"{word} kom inn {norwegian_date(facts.appeal_received)}, etter {norwegian_date(earliest_deadline)}"
                    f", så saksbehandler må finne ut når {what} kom fram, eller avgjøre om {word.lower()} "
                    "behandles.")
    else:
        weeks, use = params[name].use(facts.appeal_received)
        uses = (use,)
        version = use.effective
        text = (f"Det er ikke kjent når {what} ble sendt eller kom fram til parten. Fristen på {weeks} uker regnes "
                f"fra den dagen det kom fram (forvaltningsloven § 29); saksbehandler må finne ut når, eller avgjøre "
                f"om {word.lower()} behandles.")
    return Step(
        rule="procedure.further_appeal_deadline" if further else "procedure.appeal_deadline",
        reference=law.fvl("§ 29"),
        version=version,
        outcome="i_tide" if within else "mottaksdato_ukjent",
        text=text,
        inputs={"decision_received": None, "decision_sent": facts.decision_sent,
                "appeal_received": facts.appeal_received},
        outputs={"deadline": None, "earliest_deadline": earliest_deadline, "within_deadline": within},
        parameters=uses,
    )
