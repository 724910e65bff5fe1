"""The outcome of a decision on any stønad: granted, partly granted or refused, with the bokmål words the
letters and pages use. Refusals and partial grants may be appealed (folketrygdloven § 21-12)."""

from __future__ import annotations

from enum import StrEnum


class DecisionOutcome(StrEnum):
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"

    @property
    def appealable(self) -> bool:
        """A refusal or a partial grant may be appealed; a full grant gives the party nothing to appeal."""
        return self is not DecisionOutcome.GRANTED


DECISION_LABELS = {
    DecisionOutcome.GRANTED: "innvilget",
    DecisionOutcome.PARTLY_GRANTED: "delvis innvilget",
    DecisionOutcome.REFUSED: "avslått",
}
