"""The § 3/§ 6 application form a doctor sends (Pydantic; the API, the web form and the scenarios share it). It
becomes the rules' `Application` with `to_application`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from blaresept.cases.schemas import Short, StrictModel, Text
from blaresept.inputs import Day, OneLine
from blaresept.rules.individual.model import (
    AddictiveStatement,
    Applicant,
    Application,
    Diagnosis,
    Indication,
    Kind,
    MethodAssessment,
    NeedPeriod,
    NutritionProduct,
    NutritionRequest,
    RequestedDrug,
    Severity,
    SeverityGrade,
    TriedDrug,
    WeightyReason,
)


class ApplicantIn(StrictModel):
    """The applying doctor's contact and qualifications (name and HPR number come from the login)."""

    phone: Short | None = Field(default=None, description="Telefon")
    email: Short | None = Field(default=None, description="E-post")
    address: Short | None = Field(default=None, description="Adresse")
    specialist_in_field: bool = Field(default=False,
                                      description="Spesialist i sykdommens fagfelt eller tilgrensende fagfelt")
    specialty: Short | None = Field(default=None, description="Spesialitet")
    hospital_department: Short | None = Field(default=None, description="Relevant sykehusavdeling legen arbeider ved")
    may_prescribe_ab: bool = Field(default=True,
                                   description="Har rett til å forskrive legemidler i reseptgruppe A og B")
    instituted_by: Short | None = Field(default=None, description="Spesialist eller avdeling som startet behandlingen")


class DiagnosisIn(StrictModel):
    system: Literal["ICD-10", "ICPC-2"]
    code: Annotated[OneLine, Field(max_length=10)]
    text: Short = ""
    section2_refund_code: bool = Field(default=False, description="Diagnosen har refusjonskode etter § 2")
    specialist_condition: bool = Field(default=False, description="Refusjonskoden har spesialistvilkår")
    obviously_severe: bool = Field(default=False, description="Sykdommen er åpenbart alvorlig")


class DrugIn(StrictModel):
    name: Short
    atc: Annotated[OneLine, Field(max_length=10)] | None = None
    varenummer: Annotated[OneLine, Field(max_length=10)] | None = None
    reseptgruppe: Literal["A", "B", "C", "CF", "F"] = "C"
    marketed_in_norway: bool = True
    marketing_authorisation: Day | None = Field(default=None, description="Dato for markedsføringstillatelse i Norge")
    marketing_application_pending: bool = False
    indication: Indication = Indication.APPROVED_NORWAY
    orphan: bool = False
    vedlegg1: bool = Field(default=False, description="Omfattet av vedlegg 1 til § 5-14 for diagnosen")
    method_assessment: MethodAssessment | None = None
    substance_and_manufacturer: Short | None = None


class SeverityIn(StrictModel):
    grade: SeverityGrade | None = None
    risk_of_death_or_loss_of_function: Text = ""
    loss_of_function: Text = ""
    pain_or_discomfort: Text = ""
    related_illnesses: Text = ""


class NeedPeriodIn(StrictModel):
    start: Day
    end: Day | None = None
    drug: Short | None = None


class TriedDrugIn(StrictModel):
    name: Short
    reason: WeightyReason | None = None
    description: Text = ""
    atc: Annotated[OneLine, Field(max_length=10)] | None = None


class AddictiveIn(StrictModel):
    dependence_risk_subordinate: bool = False
    treatment_plan: Text = ""
    pain_analysis: Text = ""


class NutritionProductIn(StrictModel):
    name: Short
    article_group: Annotated[OneLine, Field(max_length=10)] | None = None
    on_list: bool = True


class NutritionIn(StrictModel):
    point: int = Field(ge=1, le=9)
    condition: Annotated[OneLine, Field(max_length=2)] | None = None
    products: list[NutritionProductIn] = Field(default_factory=list, max_length=20)
    reason_other_than_hydrolysed: Text | None = None
    justification_off_list: Text | None = None


class ApplicationForm(StrictModel):
    """An application for individual stønad under § 3 (drug) or § 6 (nutrition)."""

    kind: Kind
    patient_fnr: Annotated[OneLine, Field(min_length=1, max_length=20, description="Pasientens fødselsnummer/D-nummer")]
    consent: bool = Field(default=False, description="Pasienten har samtykket til at legen søker")
    applicant: ApplicantIn = Field(default_factory=lambda: ApplicantIn())
    diagnosis: DiagnosisIn | None = None
    drugs: list[DrugIn] = Field(default_factory=list, max_length=10)
    severity: SeverityIn | None = None
    need: list[NeedPeriodIn] = Field(default_factory=list, max_length=20)
    tried: list[TriedDrugIn] = Field(default_factory=list, max_length=20)
    no_preapproved_alternative: Text | None = None
    addictive: AddictiveIn | None = None
    chronic_strong_pain: bool = False
    special_circumstances: Text | None = None
    effect_documentation: Text | None = None
    eea_approval_documentation: Text | None = None
    nutrition: NutritionIn | None = None
    serious_illness: bool = Field(default=False, description="Alvorlig eller livstruende sykdom – be om prioritet")
    note: Text = ""


def to_application(form: ApplicationForm, received: date, birth_date: date, hpr: str, name: str,
                   authorised: bool = True) -> Application:
    """The rules' view of the form, with the received date, the patient's birth date and the applicant's identity."""
    a = form.applicant
    return Application(
        kind=form.kind,
        received=received,
        patient_birth_date=birth_date,
        applicant=Applicant(hpr=hpr, name=name, authorised=authorised, specialist_in_field=a.specialist_in_field,
                            specialty=a.specialty, hospital_department=a.hospital_department,
                            may_prescribe_ab=a.may_prescribe_ab, phone=a.phone, email=a.email, address=a.address,
                            instituted_by=a.instituted_by),
        consent=form.consent,
        diagnosis=Diagnosis(**form.diagnosis.model_dump()) if form.diagnosis else None,
        drugs=tuple(RequestedDrug(**d.model_dump()) for d in form.drugs),
        severity=Severity(**form.severity.model_dump()) if form.severity else None,
        need=tuple(NeedPeriod(**p.model_dump()) for p in form.need),
        tried=tuple(TriedDrug(**t.model_dump()) for t in form.tried),
        no_preapproved_alternative=form.no_preapproved_alternative,
        addictive=AddictiveStatement(**form.addictive.model_dump()) if form.addictive else None,
        chronic_strong_pain=form.chronic_strong_pain,
        special_circumstances=form.special_circumstances,
        effect_documentation=form.effect_documentation,
        eea_approval_documentation=form.eea_approval_documentation,
        nutrition=NutritionRequest(
            point=form.nutrition.point,
            condition=form.nutrition.condition,
            products=tuple(NutritionProduct(**p.model_dump()) for p in form.nutrition.products),
            reason_other_than_hydrolysed=form.nutrition.reason_other_than_hydrolysed,
            justification_off_list=form.nutrition.justification_off_list,
        ) if form.nutrition else None,
        serious_illness=form.serious_illness,
        note=form.note,
    )
