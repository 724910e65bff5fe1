"""Changing fastlege: who may move to which list, from which date, and whether it counts.

Pasient- og brukerrettighetsloven § 2-1 c andre ledd: a person on a fastlege's list may change fastlege up to
two times a calendar year (`fastlege.changes_per_year`). Changes that do not count: the first change after a
move registered in the folkeregister, and after being moved by the kommune or Helfo because the fastlege left,
reduced the list or the kommune reorganised (Helfo: «Flytter du, får du et ekstra bytte»). Choosing a fastlege
when one has none is not a change. A change takes effect on the 1st of the month after it is made (helsenorge;
rules-facts § 8). A fastlege in another kommune may be chosen (FOR-2012-08-29-843 § 2 fjerde ledd). A list
takes ordinary changes only while it is open, has a free place and nobody waits on its waiting list. Two
groups get a place even on a full or closed list: a child under 16 joining a parent's list, and a person who
moved back to the kommune within 3 years asking for the former fastlege within 6 months of moving back."""

from __future__ import annotations

from datetime import date

from blaresept.rules.fastlege.dates import add_months, add_years, first_of_next_month, long_date
from blaresept.rules.fastlege.model import (
    FREE_CHANGE_TEXT,
    ChangeDecision,
    ChangeFacts,
    ChangeKind,
    Refusal,
)
from blaresept.rules.law import fastlege_rights, pbrl
from blaresept.rules.parameters import ParameterSet, default_parameters
from blaresept.rules.steps import ParameterUse, Step, rule_version

START = date(2009, 1, 1)  # Blåresept formalises its rules from 2009 (fastlegeordningen itself began 1 June 2001)


def effective_date(requested_on: date) -> tuple[date, Step]:
    """The 1st of the month after the change is made."""
    effective = first_of_next_month(requested_on)
    return effective, Step(
        rule="fastlege.effective_date",
        reference=pbrl("§ 2-1 c", "andre"),
        version=START,
        outcome="decided",
        text=f"Byttet er registrert {long_date(requested_on)} og gjelder fra den 1. i måneden etter: "
             f"{long_date(effective)}.",
        inputs={"requested_on": requested_on},
        outputs={"effective_on": effective},
    )


def decide_change(facts: ChangeFacts, params: ParameterSet | None = None) -> ChangeDecision:
    """Decide one request to move to `facts.target`. Every check yields a step; the first that fails gives the
    refusal (a code and a bokmål sentence)."""
    params = params or default_parameters()
    steps: list[Step] = []
    limit, limit_use = params["fastlege.changes_per_year"].use(facts.requested_on)
    effective, step = effective_date(facts.requested_on)
    steps.append(step)

    def refuse(rule: str, code: str, text: str, reference: object = None, uses: tuple[ParameterUse, ...] = (),
               **inputs: object) -> ChangeDecision:
        steps.append(Step(rule=rule, reference=reference or pbrl("§ 2-1 c", "andre"),  # type: ignore[arg-type]
                          version=rule_version(*uses, default=START), outcome="refused", text=text,
                          inputs=dict(inputs), outputs={"refusal": code}, parameters=uses))
        return ChangeDecision(False, kind, None, False, False, None, Refusal(code, text), tuple(steps))

    kind = facts.kind
    if facts.current is None and kind is ChangeKind.ORDINARY:
        kind = ChangeKind.FIRST
    if facts.by_guardian:
        steps.append(Step(rule="fastlege.guardian", reference=pbrl("§ 2-1 c", "andre"), version=START,
                          outcome="passed", text="Forelderen (foresatt) ber om byttet på vegne av barnet.",
                          inputs={"age": facts.age}))
    if facts.current is not None and facts.current.list_id == facts.target.list_id:
        return refuse("fastlege.same_list", "samme_lege",
                      f"Du står allerede på listen til {facts.target.gp_name}.", target=facts.target.list_id)
    if facts.residence_kommune and facts.target.kommune != facts.residence_kommune:
        steps.append(Step(rule="fastlege.other_kommune", reference=fastlege_rights("§ 2", "fjerde"), version=START,
                          outcome="passed",
                          text=f"Fastlegen er i en annen kommune ({facts.target.kommune}) enn der du bor "
                               f"({facts.residence_kommune}). Det er adgang til å velge fastlege utenfor "
                               "bostedskommunen.",
                          inputs={"residence": facts.residence_kommune, "target": facts.target.kommune}))

    beyond_capacity = False
    if kind is ChangeKind.RETURN:
        refused = _check_return(facts, params, steps)
        if refused is not None:
            return refuse(*refused)
        beyond_capacity = True

    # Does it count?
    counts = False
    uses_free = None
    if kind is ChangeKind.FIRST:
        text = "Du står ikke på noen fastlegeliste. Å velge fastlege er ikke et bytte og teller ikke."
    elif kind is ChangeKind.RETURN:
        text = "Tilbake til tidligere fastlege etter tilbakeflytting teller ikke som et av byttene."
    elif facts.free_change is not None:
        uses_free = facts.free_change
        text = (f"Byttet teller ikke fordi {FREE_CHANGE_TEXT[facts.free_change.reason]} "
                f"({long_date(facts.free_change.since)}).")
    else:
        counts = True
        text = (f"Byttet teller som bytte nr. {facts.counted_this_year + 1} av {limit} i "
                f"{facts.requested_on.year}." if facts.counted_this_year < limit else
                f"Byttet ville vært bytte nr. {facts.counted_this_year + 1} i {facts.requested_on.year}; "
                f"grensen er {limit}.")
    steps.append(Step(rule="fastlege.counts", reference=pbrl("§ 2-1 c", "andre"),
                      version=rule_version(limit_use, default=START), outcome="decided", text=text,
                      inputs={"counted_this_year": facts.counted_this_year,
                              "free_change": uses_free.reason if uses_free else None},
                      outputs={"counts": counts}, parameters=(limit_use,)))
    if counts and facts.counted_this_year >= limit:
        return refuse(
            "fastlege.changes_per_year", "kvote_brukt",
            f"Du har allerede byttet fastlege {facts.counted_this_year} ganger i {facts.requested_on.year}, og "
            f"du kan bytte høyst {limit} ganger per kalenderår. Du kan bytte igjen fra 1. januar "
            f"{facts.requested_on.year + 1}. Melder du flytting til folkeregisteret, eller flyttes du fordi "
            "fastlegen slutter eller reduserer listen, får du et bytte som ikke teller.",
            uses=(limit_use,), counted_this_year=facts.counted_this_year, limit=limit)

    # Is there a place?
    target = facts.target
    child_age, child_use = params["fastlege.child_age"].use(facts.requested_on)
    if kind is not ChangeKind.RETURN:
        if facts.guardian_on_target and facts.age < child_age:
            beyond_capacity = True
            steps.append(Step(rule="fastlege.child_with_parent", reference=pbrl("§ 2-1 c"),
                              version=rule_version(child_use, default=START), outcome="passed",
                              text=f"Barn under {child_age} år får plass på listen til forelderen selv om listen er "
                                   "full eller lukket.",
                              inputs={"age": facts.age}, parameters=(child_use,)))
        elif not target.open:
            return refuse("fastlege.list_open", "liste_lukket",
                          f"Listen til {target.gp_name} er lukket for nye pasienter. Du kan sette deg på "
                          "ventelisten.", reference=fastlege_rights("§ 2", "andre"), target=target.list_id)
        elif target.waiting > 0:
            return refuse("fastlege.waiting_first", "venteliste_foran",
                          f"Det står {target.waiting} på ventelisten til {target.gp_name}, og de får ledige "
                          "plasser først. Du kan sette deg på ventelisten.",
                          reference=fastlege_rights("§ 2", "andre"), waiting=target.waiting)
        elif target.taken >= target.capacity:
            return refuse("fastlege.capacity", "liste_full",
                          f"Listen til {target.gp_name} er full ({target.taken} av {target.capacity} plasser). "
                          "Du kan sette deg på ventelisten.",
                          reference=fastlege_rights("§ 2", "andre"), taken=target.taken,
                          capacity=target.capacity)
        else:
            steps.append(Step(rule="fastlege.capacity", reference=fastlege_rights("§ 2", "andre"), version=START,
                              outcome="passed",
                              text=f"Listen til {target.gp_name} har ledig plass ({target.taken} av "
                                   f"{target.capacity} plasser tatt fra {long_date(effective)}).",
                              inputs={"taken": target.taken, "capacity": target.capacity}))
    if facts.pending_effective is not None and facts.pending_effective > facts.requested_on:
        steps.append(Step(rule="fastlege.pending", reference=pbrl("§ 2-1 c", "andre"), version=START,
                          outcome="replaces",
                          text=f"Du hadde et bytte som ennå ikke gjaldt (fra {long_date(facts.pending_effective)}). "
                               "Det nye byttet erstatter det; det første regnes likevel som brukt.",
                          inputs={"pending_effective": facts.pending_effective}))
    return ChangeDecision(True, kind, effective, counts, beyond_capacity, uses_free, None, tuple(steps))


def _check_return(facts: ChangeFacts, params: ParameterSet, steps: list[Step]
                  ) -> tuple[str, str, str, object, tuple[ParameterUse, ...]] | None:
    """The right to get the former fastlege back: moved back to the kommune within 3 years of moving out, asked
    within 6 months of moving back, and the fastlege is the one the person had when moving out."""
    rule = "fastlege.return"
    reference = pbrl("§ 2-1 c")
    ret = facts.return_facts
    if ret is None or ret.moved_out_on is None or ret.moved_back_on is None:
        return (rule, "ingen_tilbakeflytting",
                "Vi finner ingen registrert flytting ut av og tilbake til kommunen. Retten til å få tilbake "
                "tidligere fastlege gjelder bare når du har flyttet tilbake.", reference, ())
    years, years_use = params["fastlege.return_window_years"].use(ret.moved_back_on)
    months, months_use = params["fastlege.return_request_months"].use(ret.moved_back_on)
    uses = (years_use, months_use)
    if ret.moved_back_on > add_years(ret.moved_out_on, years):
        return (rule, "over_tre_aar",
                f"Du flyttet ut {long_date(ret.moved_out_on)} og tilbake {long_date(ret.moved_back_on)}, som er "
                f"mer enn {years} år senere. Da har du ikke rett til å få tilbake tidligere fastlege, men du kan "
                "bytte til en liste med ledig plass.", reference, uses)
    deadline = add_months(ret.moved_back_on, months)
    if facts.requested_on > deadline:
        return (rule, "frist_ute",
                f"Fristen for å be om tidligere fastlege var {long_date(deadline)}, {months} måneder etter at du "
                f"flyttet tilbake ({long_date(ret.moved_back_on)}).", reference, uses)
    if ret.list_when_moved_out != facts.target.list_id:
        return (rule, "ikke_tidligere_lege",
                f"{facts.target.gp_name} var ikke fastlegen din da du flyttet ut "
                f"({long_date(ret.moved_out_on)}).", reference, uses)
    steps.append(Step(rule=rule, reference=reference, version=rule_version(*uses, default=START),
                      outcome="passed",
                      text=f"Du flyttet tilbake {long_date(ret.moved_back_on)}, innen {years} år etter at du flyttet "
                           f"ut, og ber om tidligere fastlege innen fristen {long_date(deadline)}. Du får plass "
                           "selv om listen er full eller lukket.",
                      inputs={"moved_out_on": ret.moved_out_on, "moved_back_on": ret.moved_back_on},
                      outputs={"deadline": deadline}, parameters=uses))
    return None
