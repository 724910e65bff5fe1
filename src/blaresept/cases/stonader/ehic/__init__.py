"""The European health insurance card (europeisk helsetrygdkort) on the case engine: an order is a case per
person (`form.py`, `stonad.py` over the pure rules in `rules/ehic/`), a grant issues the card in the register
(`register.py`, `tables.py`), the decision letter and the provisional replacement certificate (`letter.py`), and
the operations the API, the web pages and the CLI call (`service.py`)."""

from blaresept.cases.contract import register
from blaresept.cases.stonader.ehic.stonad import EhicStonad

EHIC = EhicStonad()

register(EHIC)
