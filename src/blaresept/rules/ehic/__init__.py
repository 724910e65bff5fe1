"""The European health insurance card (europeisk helsetrygdkort): who may have one and for how long
(trygdeforordningen art. 1, 2 and 19; gjennomføringsforordningen art. 25)."""

from blaresept.rules.ehic.eligibility import (
    RELATION_LABELS,
    Citizenship,
    EhicAssessment,
    FamilyLink,
    Ground,
    Insured,
    Relation,
    assess_ehic,
    card_validity,
)

__all__ = ["RELATION_LABELS", "Citizenship", "EhicAssessment", "FamilyLink", "Ground", "Insured", "Relation",
           "assess_ehic", "card_validity"]
