"""An appeal's formal requirements (formkrav), checked before Helfo looks at the case again.

The appellant must be a party (the patient, or someone acting for the patient: a parent of a child, a guardian,
someone with a power of attorney) (forvaltningsloven § 28). The appeal must reach Helfo within 6 weeks of the
day the decision reached the party (folketrygdloven § 21-12 with trygderettsloven § 10); a late appeal may still
be heard when special reasons speak for it (trygderettsloven § 10 fjerde ledd) — a caseworker's judgement, so an
open point until it is made. The appeal must name the decision and the change wanted, and be signed (fvl. § 32);
a defect there is not a reason to reject it before the party has been given a chance to correct it. The same
checks apply to a further appeal to Trygderetten (6 weeks from the party received Helseklage's decision).

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

    decision_received: date  # the day the decision reached the party
    appeal_received: date  # the day the appeal reached Helfo (or was posted)
    appellant_is_party: bool = True
    concrete: bool = True  # names the decision and the change wanted
    signed: bool = True
    late_reason: str | None = None  # why the appeal came late
    exception_accepted: bool | None = None  # the caseworker's judgement of the reason (None: not judged)


@dataclass(frozen=True)
class FormalResult:
    outcome: FormalOutcome
    deadline: date
    within_deadline: bool
    exception_used: bool
    failures: tuple[MissingItem, ...]
    open_points: tuple[str, ...]
    steps: tuple[Step, ...]


def formal_requirements(facts: AppealFacts, params: ParameterSet, calendar: Calendar,
                        further: bool = False) -> FormalResult:
    """Check an appeal (or with `further`, a further appeal to Trygderetten) against its formal requirements."""
    if facts.appeal_received < facts.decision_received:
        raise RuleInputError(
            f"Klagen kan ikke ha kommet inn ({facts.appeal_received.isoformat()}) før vedtaket ble mottatt "
            f"({facts.decision_received.isoformat()})."
        )
    deadline, deadline_step = appeal_deadline(facts.decision_received, params, calendar, further)
    steps = [deadline_step]
    failures: list[MissingItem] = []
    open_points: list[str] = []
    word = "Anken" if further else "Klagen"
    deadline_ref = law.trygderettsloven("§ 10")
    party_ref = law.fvl("§ 28")
    form_ref = law.trygderettsloven("§ 11") if further else law.fvl("§ 32")
    rejected = False
    if not facts.appellant_is_party:
        failures.append(MissingItem(
            "party", f"{word} er ikke fra en part i saken eller noen som handler på partens vegne.", party_ref))
        rejected = True
    within = facts.appeal_received <= deadline
    exception_used = False
    if not within:
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
        text = (f"{word} er fra en part, kom inn {norwegian_date(facts.appeal_received)}"
                + (f", innen fristen {norwegian_date(deadline)}" if within else
                   f", etter fristen {norwegian_date(deadline)}, men behandles fordi det er særlige grunner")
                + ", og oppfyller formkravene.")
    else:
        text = " ".join(f.text for f in failures)
    steps.append(Step(
        rule="procedure.further_appeal_formal" if further else "procedure.appeal_formal",
        reference=party_ref if not facts.appellant_is_party else deadline_ref,
        version=deadline_step.version,
        outcome=outcome.value,
        text=text,
        inputs={"decision_received": facts.decision_received, "appeal_received": facts.appeal_received,
                "appellant_is_party": facts.appellant_is_party, "concrete": facts.concrete, "signed": facts.signed,
                "late_reason": facts.late_reason, "exception_accepted": facts.exception_accepted},
        outputs={"deadline": deadline, "within_deadline": within, "exception_used": exception_used,
                 "failures": [f.code for f in failures]},
        parameters=deadline_step.parameters,
    ))
    return FormalResult(outcome, deadline, within, exception_used, tuple(failures), tuple(open_points),
                        tuple(steps))
