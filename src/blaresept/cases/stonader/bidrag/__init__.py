"""Bidrag til spesielle formål (folketrygdloven § 5-22) on the case engine: the claim form (`form.py`), the
claim built for the pure rules in `rules/bidrag/` (`claim.py`), the contract (`stonad.py`), the decision letter
with the computation (`letter.py`), and the payment record (`tables.py`, Alembic branch `bidrag`)."""

from blaresept.cases.contract import register
from blaresept.cases.stonader.bidrag.stonad import BidragStonad

BIDRAG = BidragStonad()

register(BIDRAG)
