"""Pasientformidling after a fristbrudd as a stønad on the case engine: the case is received from a breach Helfo
was notified of, sits in the caseworker queue (by deadline date, urgent cases first) while Helfo contacts the
patient, searches and makes an offer, and is closed when the patient replies or the reply deadline passes. The
search, offer and reply are kept by `blaresept.frister.formidling` (tables on the `frister` branch)."""

from __future__ import annotations

from blaresept.cases.contract import register
from blaresept.cases.stonader.pasientformidling.stonad import FormidlingStonad

register(FormidlingStonad())
