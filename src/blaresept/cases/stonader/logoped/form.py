"""The referral Helfo is asked to approve in advance (logoped or audiopedagog, folketrygdloven § 5-10)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from blaresept.cases.schemas import StrictModel
from blaresept.inputs import Day, Text
from blaresept.rules.logoped import Therapist


class LogopedForm(StrictModel):
    kind: Literal["logoped"] = "logoped"
    patient_fnr: Text = Field(min_length=11, max_length=11, description="Pasientens fødselsnummer")
    referral_date: Day = Field(description="Datoen legen skrev henvisningen")
    therapist: Therapist = Therapist.LOGOPED
    diagnosis: Text | None = Field(None, max_length=200, description="Diagnose (kode og tekst)")
    specialist_statement: bool = Field(False, description="Dokumentasjon fra spesialistlege eller spesialavdeling")
    municipal_offer: bool = Field(False, description="Kommunen eller fylkeskommunen gir tilbudet")
    treatment_start: Day | None = Field(None, description="Første behandling, om den er gitt")
    treatments_used: int = Field(0, ge=0, le=1000, description="Behandlinger gitt på henvisningen så langt")
