"""An application for a course or gathering abroad for a child with a rare congenital condition."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from blaresept.cases.schemas import StrictModel
from blaresept.inputs import Day, Text


class CourseForm(StrictModel):
    kind: Literal["course"] = "course"
    patient_fnr: Text = Field(min_length=11, max_length=11, description="Barnets fødselsnummer")
    condition: Text = Field(min_length=1, max_length=200, description="Tilstanden (diagnose)")
    course_name: Text = Field(min_length=1, max_length=200, description="Kurset eller samlingen")
    country: Text = Field(min_length=2, max_length=2, description="Landet kurset holdes i (ISO 3166-1 alfa-2)")
    course_start: Day
    congenital: bool = True
    one_in: int | None = Field(None, ge=1, le=1_000_000_000, description="Forekomst: 1 av N (før juni 2019)")
    persons_in_norway: int | None = Field(None, ge=0, le=10_000_000, description="Personer i Norge med tilstanden")
    norwegian_competence: bool = Field(False, description="Det finnes kompetansesenter eller fagmiljø i Norge")
    nordic_offer: bool = Field(False, description="Et tilsvarende tilbud finnes i Norden")
    centre_statement: bool = Field(False, description="Uttalelse fra norsk kompetansesenter om at kompetanse ikke "
                                   "finnes i Norge eller Norden")
    professional_programme: bool = True
    child_participates: bool = True
