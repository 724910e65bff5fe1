"""§ 6 as rewritten from 2025-12-01 (FOR-2025-04-02-577): two grounds instead of points 1–4, no age limit, each
case approved except congenital metabolic diseases; the codes after the change are not known (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.automatic import Outcome, assess
from blaresept.rules.individual.decision import decision_content
from blaresept.rules.individual.model import (
    Applicant,
    Application,
    Diagnosis,
    Kind,
    NeedPeriod,
    NutritionProduct,
    NutritionRequest,
)
from blaresept.rules.parameters import default_parameters

PARAMS = default_parameters()
MILK = NutritionProduct("Nutramigen 1 LGG", "6020601")


def nutrition(received: date, point: int, *, born: date = date(2013, 6, 1), condition: str | None = None,
              congenital_metabolic: bool = False) -> Application:
    return Application(
        kind=Kind.NUTRITION, received=received, patient_birth_date=born,
        applicant=Applicant(hpr="9144889", name="Lege Lise Demo", phone="22000000"), consent=True,
        diagnosis=Diagnosis("ICD-10", "K52.2", "Kumelkproteinallergi"), need=(NeedPeriod(received),),
        nutrition=NutritionRequest(point=point, condition=condition, products=(MILK,),
                                   congenital_metabolic=congenital_metabolic),
    )


def test_the_child_limit_of_point_2_ends_with_november_2025() -> None:
    """A 12-year-old with milk protein allergy: refused under punkt 2 (children under 10) on 2025-11-30,
    granted under ground 1 from 2025-12-01, with the general § 6 code because the new codes are not known."""
    before = assess(nutrition(date(2025, 11, 28), 2, condition="5"), PARAMS)
    assert before.outcome is Outcome.REFUSED
    after = nutrition(date(2025, 12, 10), 1)
    result = assess(after, PARAMS)
    assert result.outcome is Outcome.GRANTED and result.automatic
    assert not any("under 10" in s.text for s in result.steps)
    content = decision_content(after, result, PARAMS)
    assert (content.hjemmel, content.hjemmel_code) == ("§ 6 grunnlag 1", "600")
    hjemmel_step = next(s for s in content.steps if s.rule == "individual.hjemmel")
    assert "ikke kjent" in hjemmel_step.text
    approval = [c for c in result.conditions if c.code == "nutrition.approval"]
    assert approval and "Helsedirektoratet" in approval[0].text


def test_the_old_points_3_and_4_do_not_exist_from_december_2025() -> None:
    with pytest.raises(RuleInputError, match="punkt 4 finnes ikke lenger"):
        assess(nutrition(date(2025, 12, 2), 4, born=date(1950, 1, 1)), PARAMS)
    with pytest.raises(RuleInputError, match="ikke lenger punkt 3. Ved fenylketonuri"):
        assess(nutrition(date(2025, 12, 2), 3), PARAMS)
    # before the change punkt 4 is an ordinary application
    assert assess(nutrition(date(2025, 11, 28), 4, born=date(1950, 1, 1), condition="6"), PARAMS).outcome in (
        Outcome.GRANTED, Outcome.MANUAL)


def test_congenital_metabolic_diseases_need_no_approval_from_december_2025() -> None:
    with pytest.raises(RuleInputError, match="skal ikke godkjennes i hvert enkelt tilfelle"):
        assess(nutrition(date(2025, 12, 15), 1, congenital_metabolic=True), PARAMS)


def test_the_parameters_say_what_changed_and_what_is_unknown() -> None:
    grounds = PARAMS["individual.nutrition.grounds"]
    assert set(grounds.at(date(2025, 11, 30)).value) == {"1", "2", "3", "4"}
    new = grounds.at(date(2025, 12, 1))
    assert set(new.value) == {"1", "2"} and new.note and "ikke kjent" in new.note
    assert PARAMS["individual.nutrition.child_age_point2"].at(date(2025, 12, 1)).value is None
    assert PARAMS["individual.nutrition.child_age_point2"].at(date(2025, 11, 30)).value == 10


def test_the_check_at_dispensing_drops_the_age_limit_from_december_2025() -> None:
    """A 12-year-old with a granted § 6 punkt 2 decision: refused at the counter on 2025-11-30 (not under 10),
    reimbursed on 2025-12-01 (no age limit in the new § 6)."""
    from dataclasses import replace

    from blaresept.rules.blaresept.eligibility.check import check_eligibility
    from blaresept.rules.blaresept.eligibility.dates import Validity
    from blaresept.rules.blaresept.eligibility.facts import (
        CatalogFacts,
        CheckRequest,
        IndividualDecision,
        PatientFacts,
        PrescriberFacts,
        PrescriptionLine,
        ProductFacts,
        ProductKind,
        ReimbursementFact,
    )

    link = ReimbursementFact("602", None, "6020601", None, False, True, Validity(date(2017, 4, 1)))
    milk = CatalogFacts("800001", ProductFacts(ProductKind.NUTRITION, "800001", "Melkeerstatning",
                                               product_group="6020601", reimbursements=(link,)))
    granted = IndividualDecision("§6", date(2025, 6, 1), hjemmel_code="602", product_group="60206")
    before = CheckRequest(date(2025, 11, 30), PatientFacts(date(2013, 6, 1)), PrescriberFacts(), PrescriptionLine(
        written=date(2025, 11, 20), hjemmel="§6", product_number="800001"), decisions=(granted,))
    assert not check_eligibility(before, milk).reimbursable
    after = replace(before, dispensed=date(2025, 12, 1))
    result = check_eligibility(after, milk)
    assert result.reimbursable
    assert not any(s.rule == "blaresept.section6.age" for s in result.steps)
