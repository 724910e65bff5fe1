"""The check at dispensing as a pure rule, on hand-made catalogue facts: dates of links and codes, structured
vilkår, validity and supply, and §§ 3–6 — nothing but Python."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from blaresept.rules.blaresept.eligibility.check import check_eligibility
from blaresept.rules.blaresept.eligibility.dates import Validity
from blaresept.rules.blaresept.eligibility.facts import (
    CatalogFacts,
    CheckRequest,
    CodedValue,
    ConditionFact,
    ConditionStatus,
    IndividualDecision,
    PatientFacts,
    PrescriberFacts,
    PrescriptionLine,
    ProductFacts,
    ProductKind,
    RefundCodeFact,
    ReimbursementFact,
    Specialty,
    StructuredRequirement,
    ValidityFact,
)
from blaresept.rules.blaresept.eligibility.general import add_duration, add_months
from blaresept.rules.blaresept.eligibility.hjemmel import read_hjemmel
from blaresept.rules.blaresept.eligibility.refund_code import matches, parse_refund_code
from blaresept.rules.errors import RuleInputError

DAY = date(2017, 4, 12)
WRITTEN = date(2017, 4, 1)
SINCE_2009 = Validity(date(2009, 1, 1))


def condition(number: str, *parts: StructuredRequirement, applies_to: str = "3") -> ConditionFact:
    return ConditionFact(number, f"Vilkår {number}", applies_to, parts)


def requirement(kind: str, *texts: str, codes: tuple[tuple[str, str], ...] = ()) -> StructuredRequirement:
    return StructuredRequirement(kind, f"type {kind}", tuple(CodedValue(c, t) for c, t in codes), texts)


def medicine(*codes: RefundCodeFact, link: Validity = SINCE_2009, hjemmel: str = "200",
             atc: str = "A02BC01", requires_code: bool = True, validity: tuple[ValidityFact, ...] = ()) -> CatalogFacts:
    group = ReimbursementFact(hjemmel, None, "A02BC01_1", None, requires_code, False, link, codes)
    return CatalogFacts("990001", ProductFacts(ProductKind.MEDICINE, "990001", "Testpreparat", atc,
                                               validity=validity, reimbursements=(group,)))


def code(text: str = "K21", system: str = "ICD-10", validity: Validity = SINCE_2009,
         *conditions: ConditionFact) -> RefundCodeFact:
    return RefundCodeFact(system, text, None, validity, conditions)


def request(refund_code: str | None = "ICD:K21", *, hjemmel: str = "§2", dispensed: date = DAY,
            written: date = WRITTEN, birth: date = date(1980, 1, 1), prescriber: PrescriberFacts | None = None,
            **line: object) -> CheckRequest:
    return CheckRequest(
        dispensed=dispensed,
        patient=PatientFacts(birth),
        prescriber=prescriber or PrescriberFacts("HPR 1", (), False),
        prescription=PrescriptionLine(written=written, hjemmel=hjemmel, varenummer="990001", refund_code=refund_code,
                                      **line),  # type: ignore[arg-type]
    )


def test_both_the_link_and_the_code_must_hold_on_their_dates() -> None:
    link = Validity(date(2009, 1, 1), prescribe_until=date(2017, 4, 18), dispense_until=date(2017, 5, 18))
    catalog = medicine(code(), link=link)
    assert check_eligibility(request(written=date(2017, 4, 18), dispensed=date(2017, 5, 18)), catalog).reimbursable
    late_written = check_eligibility(request(written=date(2017, 4, 19), dispensed=date(2017, 4, 20)), catalog)
    assert not late_written.reimbursable and "forskrives til og med 2017-04-18" in late_written.reasons[0]
    late_dispensed = check_eligibility(request(written=date(2017, 4, 18), dispensed=date(2017, 5, 19)), catalog)
    assert not late_dispensed.reimbursable and "utleveres til og med 2017-05-18" in late_dispensed.reasons[0]
    code_later = medicine(code(validity=Validity(date(2017, 4, 5))))
    assert not check_eligibility(request(), code_later).reimbursable
    assert check_eligibility(request(written=date(2017, 4, 5)), code_later).reimbursable


def test_conditions_are_those_attached_to_the_code_on_the_dispensing_date() -> None:
    old = ConditionFact("1", "gammel", "1", (), date(2009, 1, 1), date(2017, 4, 11))
    new = ConditionFact("2", "ny", "1", (), date(2017, 4, 12))
    catalog = medicine(code("K21", "ICD-10", Validity(date(2009, 1, 1)), old, new))
    assert check_eligibility(request(), catalog).numbers() == ("2",)
    assert check_eligibility(request(dispensed=date(2017, 4, 11)), catalog).numbers() == ("1",)


@pytest.mark.parametrize(("written", "system", "key", "expected"), [
    ("ICD:K21", "ICD-10", "K21", True), ("ICD:K21.9", "ICD-10", "K21", True), ("ICD:K219", "ICD-10", "K21", True),
    ("ICPC:K21", "ICD-10", "K21", False), ("ICD:D84", "ICPC-2", "D84", False), ("-90", "DMP", "-90", True),
    ("ICD:-90", "DMP", "-90", True), ("ICD:T81.4", "ICD-10", "T81.4", True), ("ICD:T81", "ICD-10", "T81.4", False),
])
def test_matching_written_codes_to_catalogue_codes(written: str, system: str, key: str, expected: bool) -> None:
    assert matches(parse_refund_code(written), system, key) is expected


@pytest.mark.parametrize(("birth", "status"), [
    (date(2011, 4, 12), ConditionStatus.MET),      # 6 years on the day
    (date(2011, 4, 13), ConditionStatus.UNMET),    # one day short of 6
    (date(1999, 4, 13), ConditionStatus.MET),      # 17, the day before turning 18
    (date(1999, 4, 12), ConditionStatus.UNMET),    # 18 on the day
])
def test_age_conditions_in_completed_years_on_the_dispensing_date(birth: date, status: ConditionStatus) -> None:
    ages = condition("163", requirement("1", "6"), requirement("2", "18"))
    catalog = medicine(code("K21", "ICD-10", Validity(date(2009, 1, 1)), ages))
    result = check_eligibility(request(birth=birth), catalog)
    assert result.conditions[0].status is status
    assert result.reimbursable is (status is ConditionStatus.MET)


INDREMEDISIN = (("190", "Indremedisin"), ("3", "Barnesykdommer"))


@pytest.mark.parametrize(("kind", "prescriber", "note", "status"), [
    ("4", PrescriberFacts("HPR", (Specialty("190", "Indremedisin"),), False), None, ConditionStatus.MET),
    ("4", PrescriberFacts("HPR", (Specialty("1", "Allmennmedisin"),), False), None, ConditionStatus.UNMET),
    ("4", PrescriberFacts("HPR", (), False), "Instituert av barnelege (spesialist i barnesykdommer)",
     ConditionStatus.MET),
    ("4", PrescriberFacts("HPR", None, None), None, ConditionStatus.TO_CONFIRM),
    ("8", PrescriberFacts("HPR", (), False), "Instituert av spesialist i indremedisin", ConditionStatus.UNMET),
    ("8", PrescriberFacts("HPR", (Specialty("3", "Barnesykdommer"),), False), None, ConditionStatus.MET),
    ("5", PrescriberFacts("HPR", (), False), "Startet ved Medisinsk avdeling, Haukeland universitetssykehus",
     ConditionStatus.MET),
    ("9", PrescriberFacts("HPR", (), False), "Startet på sykehus", ConditionStatus.UNMET),
    ("9", PrescriberFacts("HPR", (), True), None, ConditionStatus.MET),
    ("9", PrescriberFacts("HPR", (), None), None, ConditionStatus.TO_CONFIRM),
    ("7", PrescriberFacts("HPR", (), True), None, ConditionStatus.MET),
    ("10", PrescriberFacts("HPR", (Specialty("1", "Allmennmedisin"),), False), None, ConditionStatus.UNMET),
])
def test_specialist_and_hospital_conditions(kind: str, prescriber: PrescriberFacts, note: str | None,
                                            status: ConditionStatus) -> None:
    needs = condition("12", requirement(kind, codes=INDREMEDISIN if kind not in ("5", "9") else (("1", "Ja"),)))
    catalog = medicine(code("K21", "ICD-10", Validity(date(2009, 1, 1)), needs))
    result = check_eligibility(request(prescriber=prescriber, instituted_by=note), catalog)
    assert result.conditions[0].status is status, result.conditions[0].reason


def test_text_only_conditions_are_for_the_pharmacy_or_the_prescriber() -> None:
    pharmacy = condition("1")
    prescriber = condition("2", applies_to="1")
    result = check_eligibility(request(), medicine(code("K21", "ICD-10", Validity(date(2009, 1, 1)), pharmacy,
                                                        prescriber)))
    assert result.reimbursable
    assert result.numbers(ConditionStatus.TO_CONFIRM) == ("1",)
    assert result.numbers(ConditionStatus.PRESCRIBER) == ("2",)


def test_sex_condition_needs_the_patients_sex() -> None:
    women = condition("9", StructuredRequirement("3", "Kjønn", (CodedValue("2", "Kvinne"),)))
    catalog = medicine(code("K21", "ICD-10", Validity(date(2009, 1, 1)), women))
    unknown = check_eligibility(request(), catalog)
    assert unknown.conditions[0].status is ConditionStatus.TO_CONFIRM
    man = replace(request(), patient=PatientFacts(date(1980, 1, 1), "mann"))
    assert check_eligibility(man, catalog).conditions[0].status is ConditionStatus.UNMET


def test_a_group_without_code_requirement_needs_no_code() -> None:
    catalog = medicine(link=Validity(date(2009, 1, 1)), requires_code=False)
    assert check_eligibility(request(None), catalog).reimbursable
    assert not check_eligibility(request(None), medicine(code())).reimbursable


def test_validity_one_year_or_the_shorter_catalogue_validity_or_a_longer_one_when_reimbursed() -> None:
    catalog = medicine(code())
    assert check_eligibility(request(written=date(2016, 4, 12)), catalog).reimbursable  # the anniversary
    assert not check_eligibility(request(written=date(2016, 4, 11)), catalog).reimbursable
    short = medicine(code(), validity=(ValidityFact("P10D"),))
    assert check_eligibility(request(written=date(2017, 4, 2)), short).reimbursable
    assert not check_eligibility(request(written=date(2017, 4, 1)), short).reimbursable
    extended = medicine(code("K21", "ICD-10", Validity(date(2009, 1, 1)), condition("28", requirement("28", "P1Y"))),
                        validity=(ValidityFact("P10D"),))
    assert check_eligibility(request(written=date(2017, 1, 1)), extended).reimbursable


def test_supply_of_at_most_three_months() -> None:
    catalog = medicine(code())
    assert add_months(DAY, 3) == date(2017, 7, 12)
    assert check_eligibility(request(supply_days=91), catalog).reimbursable
    assert not check_eligibility(request(supply_days=92), catalog).reimbursable


def test_durations_and_months() -> None:
    assert add_months(date(2017, 1, 31), 1) == date(2017, 2, 28)
    assert add_months(date(2016, 2, 29), 12) == date(2017, 2, 28)
    assert add_duration(date(2017, 1, 1), "P10D") == date(2017, 1, 11)
    assert add_duration(date(2017, 1, 1), "P1Y6M") == date(2018, 7, 1)
    assert add_duration(date(2017, 1, 1), "ett år") is None


def test_impossible_input_is_refused_in_bokmal() -> None:
    with pytest.raises(RuleInputError, match="etter utleveringsdatoen"):
        check_eligibility(request(written=date(2017, 4, 13)), medicine(code()))
    with pytest.raises(RuleInputError, match="Ukjent hjemmel"):
        check_eligibility(request(hjemmel="§9"), medicine(code()))
    assert [read_hjemmel(h) for h in ("§2", "§ 3a", "§3b", "601", "§5")] == ["200", "301", "302", "601", "500"]


def test_unknown_product_is_a_reason_not_a_crash() -> None:
    result = check_eligibility(request(), CatalogFacts("123456", None))
    assert not result.reimbursable and "Fant ikke varenummer 123456" in result.reasons[0]


def test_section4_needs_anti_infective_atc_and_a_listed_disease_and_not_membership() -> None:
    catalog = medicine(atc="J05AE01", hjemmel="950")
    not_member = replace(request("ICD:B20.1", hjemmel="§4"), patient=PatientFacts(date(1980, 1, 1), member=False))
    result = check_eligibility(not_member, catalog)
    assert result.reimbursable and result.copay_exempt and result.hjemmel_code == "400"
    assert not check_eligibility(request("ICD:J18", hjemmel="§4"), catalog).reimbursable
    assert not check_eligibility(request("ICD:B20", hjemmel="§4"), medicine(atc="C09CA06")).reimbursable
    assert check_eligibility(request("ICPC:A70", hjemmel="§4"), medicine(atc="L03AB04")).reimbursable


def decision(**fields: object) -> IndividualDecision:
    values: dict[str, object] = {"hjemmel": "§3", "valid_from": date(2018, 1, 1), **fields}
    return IndividualDecision(**values)  # type: ignore[arg-type]


def test_section3_by_decision_scope_and_date() -> None:
    catalog = medicine(atc="L04AA18")
    base = request(None, hjemmel="§3", dispensed=date(2018, 3, 1), written=date(2018, 2, 1))
    assert not check_eligibility(base, catalog).reimbursable
    for covering in (decision(atc="L04AA"), decision(varenummer="990001")):
        assert check_eligibility(replace(base, decisions=(covering,)), catalog).reimbursable
    for other in (decision(atc="L04AB"), decision(atc="L04AA", valid_to=date(2018, 2, 28)),
                  decision(atc="L04AA", hjemmel="§6")):
        assert not check_eligibility(replace(base, decisions=(other,)), catalog).reimbursable


def test_section3_a_code_other_than_the_decisions_names_the_code_to_register() -> None:
    """A § 3 prescription whose refund code differs from the granted decision's says which code to register:
    the decision's (found on real FEST fragments: the pharmacy otherwise registers the wrong code)."""
    catalog = medicine(atc="L04AA18")
    granted = decision(varenummer="990001", refund_code="ICD:Z94")
    base = replace(request("ICD:K21", hjemmel="§3", dispensed=date(2018, 3, 1), written=date(2018, 2, 1)),
                   decisions=(granted,))
    result = check_eligibility(base, catalog)
    assert result.reimbursable and result.refund_code == "ICD-10 Z94"
    code_step = next(s for s in result.steps if s.rule == "blaresept.section3.code")
    assert "Registrer vedtakets kode ICD-10 Z94" in code_step.text and code_step.outputs["register"] == "ICD-10 Z94"
    same = check_eligibility(replace(base, prescription=replace(base.prescription, refund_code="ICD:Z94.1")),
                             catalog)
    assert same.reimbursable and "Registrer" not in " ".join(s.text for s in same.steps)
    legacy = replace(request("ICD:K21", hjemmel="§3a"),  # 2017: § 3a (301) carries the decision's code
                     decisions=(decision(varenummer="990001", hjemmel_code="301", refund_code="ICD:Z94",
                                         valid_from=date(2016, 1, 1)),))
    refused = check_eligibility(legacy, catalog)
    assert not refused.reimbursable
    assert any("Registrer vedtakets kode ICD-10 Z94 på resepten" in reason for reason in refused.reasons)


def test_section3_hospital_pharmacy_one_month_before_the_decision() -> None:
    catalog = medicine(atc="L04AA18")
    base = request(None, hjemmel="§3", dispensed=date(2018, 3, 1), written=date(2018, 2, 27),
                   discharge_date=date(2018, 2, 28), supply_days=31)
    assert not check_eligibility(base, catalog).reimbursable  # not a hospital pharmacy
    hospital = replace(base, hospital_pharmacy=True)
    assert check_eligibility(hospital, catalog).reimbursable
    assert not check_eligibility(replace(hospital, prescription=replace(hospital.prescription, supply_days=32)),
                                 catalog).reimbursable
    assert not check_eligibility(replace(hospital, prescription=replace(hospital.prescription, discharge_date=None)),
                                 catalog).reimbursable


def goods(kind: ProductKind, group: str, hjemmel: str, *conditions: ConditionFact,
          per_pack: int | None = None, per_unit: int | None = None, per_pack_price: int | None = None) -> CatalogFacts:
    link = ReimbursementFact(hjemmel, None, group, None, False, hjemmel in ("601", "602", "604"),
                             Validity(date(2017, 4, 1)), (), conditions)
    return CatalogFacts("800001", ProductFacts(kind, "800001", "Vare", product_group=group, reimbursements=(link,),
                                               max_price_per_pack=per_pack_price, max_price_per_unit=per_unit,
                                               per_pack=per_pack))


def goods_request(hjemmel: str, birth: date = date(1980, 1, 1), **line: object) -> CheckRequest:
    return CheckRequest(DAY, PatientFacts(birth), PrescriberFacts(), PrescriptionLine(
        written=WRITTEN, hjemmel=hjemmel, product_number="800001", **line))  # type: ignore[arg-type]


def test_section5_main_group_and_maximum_price() -> None:
    diapers = goods(ProductKind.CONSUMABLE, "5011102", "501", per_unit=1250, per_pack=28)
    assert not check_eligibility(goods_request("§5"), diapers).reimbursable
    assert not check_eligibility(goods_request("§5", product_group="501"), diapers).reimbursable
    result = check_eligibility(goods_request("§5", product_group="50111"), diapers)
    assert result.reimbursable and result.max_refund_price == 1250 * 28 and result.hjemmel_code == "501"
    needles = goods(ProductKind.CONSUMABLE, "5040601", "504", per_pack_price=19900)
    assert check_eligibility(goods_request("504"), needles).max_refund_price == 19900
    assert not check_eligibility(goods_request("505"), needles).reimbursable
    assert not check_eligibility(goods_request("§6"), needles).reimbursable


def test_section5_quantities_per_year_and_dispensing() -> None:
    yearly = goods(ProductKind.CONSUMABLE, "5010207", "501", condition("15", requirement("15", "16")))
    group = "50102"
    assert check_eligibility(goods_request("§5", quantity=4, units_this_year=12, product_group=group),
                             yearly).reimbursable
    assert not check_eligibility(goods_request("§5", quantity=4, units_this_year=13, product_group=group),
                                 yearly).reimbursable
    unknown = check_eligibility(goods_request("§5", quantity=4, product_group=group), yearly)
    assert unknown.reimbursable and unknown.numbers(ConditionStatus.TO_CONFIRM) == ("15",)
    per_dispensing = goods(ProductKind.CONSUMABLE, "5040101", "504", condition("16", requirement("16", "100")))
    assert not check_eligibility(goods_request("§5", quantity=101), per_dispensing).reimbursable


def test_section6_decision_age_and_article_group() -> None:
    pku = goods(ProductKind.NUTRITION, "6030101", "603")
    assert check_eligibility(goods_request("§6"), pku).reimbursable
    milk = goods(ProductKind.NUTRITION, "6020602", "602")
    child = goods_request("§6", birth=date(2008, 4, 13), product_group="6020602")
    granted = IndividualDecision("§6", date(2017, 1, 1), hjemmel_code="602", product_group="60206")
    assert not check_eligibility(child, milk).reimbursable  # no decision
    assert check_eligibility(replace(child, decisions=(granted,)), milk).reimbursable  # 8 years old
    ten = replace(child, decisions=(granted,), patient=PatientFacts(date(2007, 4, 12)))
    assert not check_eligibility(ten, milk).reimbursable  # 10 on the day: not under 10
    no_group = replace(child, decisions=(granted,), prescription=replace(child.prescription, product_group=None))
    assert not check_eligibility(no_group, milk).reimbursable
    other_point = IndividualDecision("§6", date(2017, 1, 1), hjemmel_code="601", product_group="60206")
    assert not check_eligibility(replace(child, decisions=(other_point,)), milk).reimbursable
