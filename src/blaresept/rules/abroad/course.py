"""Courses and gatherings abroad for children with rare congenital conditions (bidrag under folketrygdloven
§ 5-22, Helsedirektoratet's rundskriv kap. 11; seed 000 «Kurs/samlinger i utlandet»): prior approval; the condition
is congenital and rare (the test changed in June 2019); no kompetansesenter or fagmiljø in Norway; a Nordic country
first, elsewhere only with a Norwegian centre's statement that no competence exists in Norway or the Nordic
countries; a professional programme; the child takes part (parents are covered; age is no bar).

Pure: facts and parameters in, the result with its explanation steps out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.rules.errors import RuleInputError
from blaresept.rules.law import ftrl
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step


@dataclass(frozen=True)
class CourseApplication:
    """An application for a course abroad. `one_in` is the prevalence as «one in N» (used before June 2019),
    `persons_in_norway` the number of persons in Norway with the condition (used after)."""

    applied_on: date
    course_start: date
    country: str
    congenital: bool
    norwegian_competence: bool
    nordic_offer: bool
    centre_statement: bool
    professional_programme: bool
    child_participates: bool
    one_in: int | None = None
    persons_in_norway: int | None = None


@dataclass(frozen=True)
class CourseAssessment:
    eligible: bool
    reasons: tuple[str, ...]
    steps: tuple[Step, ...]


def _step(rule: str, ok: bool, text: str, version: date, inputs: dict[str, object],
          uses: tuple[ParameterUse, ...] = ()) -> Step:
    return Step(rule=f"abroad.course.{rule}", reference=ftrl("§ 5-22"), version=version,
                outcome="oppfylt" if ok else "ikke_oppfylt", text=text, inputs=inputs, outputs={"oppfylt": ok},
                parameters=uses)


def _rare(application: CourseApplication, params: ParameterSet) -> Step:
    test, use = params["abroad.rare_threshold"].use(application.applied_on)
    if test["test"] == "prevalence":
        if application.one_in is None:
            raise RuleInputError("Oppgi hvor vanlig tilstanden er som «1 av N» (før juni 2019 gjaldt høyst 1 av "
                                 "10 000).")
        limit = int(test["one_in_at_least"])
        ok = application.one_in >= limit
        text = (f"Tilstanden forekommer hos 1 av {application.one_in}; før juni 2019 regnes den som sjelden når den "
                f"forekommer hos høyst 1 av {limit}.")
    else:
        if application.persons_in_norway is None:
            raise RuleInputError("Oppgi hvor mange personer i Norge som har tilstanden (fra juni 2019 må det være "
                                 "færre enn 2 500).")
        limit = int(test["fewer_than"])
        ok = application.persons_in_norway < limit
        text = (f"{application.persons_in_norway} personer i Norge har tilstanden; den regnes som sjelden når færre "
                f"enn {limit} har den.")
    return _step("rare", ok, text, use.effective, {"1_av": application.one_in,
                                                   "personer_i_norge": application.persons_in_norway}, (use,))


def assess_course(application: CourseApplication, params: ParameterSet) -> CourseAssessment:
    """Every condition with its step; eligible when all are met. Raises RuleInputError for missing figures and
    OutOfScope for a date before 2009."""
    nordic, nordic_use = params["abroad.nordic_countries"].use(application.applied_on)
    start = date(2009, 1, 1)
    country = application.country.strip().upper()
    steps = [
        _step("prior_approval", application.applied_on <= application.course_start,
              "Søknaden kom før kurset startet." if application.applied_on <= application.course_start else
              "Kurs i utlandet må forhåndsgodkjennes: søknaden kom etter at kurset startet.", start,
              {"søkt": application.applied_on, "kursstart": application.course_start}),
        _step("congenital", application.congenital, "Tilstanden er medfødt." if application.congenital else
              "Ordningen gjelder bare medfødte tilstander.", start, {"medfødt": application.congenital}),
        _rare(application, params),
        _step("no_norwegian_competence", not application.norwegian_competence,
              "Det finnes ikke kompetansesenter eller fagmiljø med erfaring med tilstanden i Norge."
              if not application.norwegian_competence else "Det finnes kompetansesenter eller fagmiljø for "
              "tilstanden i Norge; da dekkes ikke kurs i utlandet.", start,
              {"kompetanse_i_norge": application.norwegian_competence}),
    ]
    if country in nordic:
        steps.append(_step("place", True, f"Kurset holdes i Norden ({country}).", nordic_use.effective,
                           {"land": country}, (nordic_use,)))
    elif application.nordic_offer:
        steps.append(_step("place", False, "Tilbudet finnes i Norden og må brukes der; kurs utenfor Norden dekkes "
                           "bare når det ikke finnes noe tilbud i Norden.", nordic_use.effective,
                           {"land": country, "tilbud_i_norden": True}, (nordic_use,)))
    elif not application.centre_statement:
        steps.append(_step("place", False, "Kurs utenfor Norden krever en uttalelse fra et norsk kompetansesenter om "
                           "at det ikke finnes kompetanse på tilstanden i Norge eller Norden. Den mangler.",
                           nordic_use.effective, {"land": country, "uttalelse": False}, (nordic_use,)))
    else:
        steps.append(_step("place", True, f"Kurset holdes utenfor Norden ({country}); et norsk kompetansesenter "
                           "bekrefter at kompetansen ikke finnes i Norge eller Norden.", nordic_use.effective,
                           {"land": country, "uttalelse": True}, (nordic_use,)))
    steps.append(_step("programme", application.professional_programme,
                       "Kurset har et faglig program." if application.professional_programme else
                       "Kurset må ha et faglig program som gir nytteverdi.", start,
                       {"faglig_program": application.professional_programme}))
    steps.append(_step("child_participates", application.child_participates,
                       "Barnet deltar; utgiftene til foreldrene dekkes også." if application.child_participates else
                       "Barnet med tilstanden må delta på kurset.", start,
                       {"barnet_deltar": application.child_participates}))
    reasons = tuple(s.text for s in steps if s.outcome == "ikke_oppfylt")
    return CourseAssessment(not reasons, reasons, tuple(steps))
