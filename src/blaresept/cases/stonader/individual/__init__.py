"""Individual stønad under blåreseptforskriften § 3 (drugs) and § 6 (nutrition) on the case engine: the form
(`form.py`), the contract over the pure rules in `rules/individual/` (`stonad.py`), the decision letter
(`letter.py`), and the granted decisions the prescription check reads (`granted.py`)."""

from blaresept.cases.contract import register
from blaresept.cases.stonader.individual.stonad import IndividualStonad
from blaresept.rules.individual.model import Kind

DRUG = IndividualStonad(Kind.DRUG)
NUTRITION = IndividualStonad(Kind.NUTRITION)

register(DRUG, NUTRITION)
