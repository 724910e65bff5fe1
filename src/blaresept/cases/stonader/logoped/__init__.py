"""Logoped and audiopedagog (folketrygdloven § 5-10) on the case engine: a referral sent to Helfo for prior approval
(`form.py`, `stonad.py` over the pure rules in `rules/logoped/`, `letter.py`)."""

from blaresept.cases.contract import register
from blaresept.cases.stonader.logoped.stonad import LogopedStonad

LOGOPED = LogopedStonad()

register(LOGOPED)
