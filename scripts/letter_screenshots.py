"""Render example letters of case handling to PNG for docs/screenshots.md: a partly granted decision (one drug
granted, one refused without a method assessment) and the forwarding of an appeal to Helseklage. The cases are
made through the service on a throwaway SQLite database with fixed dates, then each PDF is rendered with
pdftoppm (apt-get install poppler-utils).

Usage: .venv/bin/python scripts/letter_screenshots.py [OUTPUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from blaresept.cases import service
from blaresept.cases.flow import Role
from blaresept.cases.schemas import AppealIn, ReconsiderationIn
from blaresept.cases.stonader.individual.form import ApplicationForm
from blaresept.demo import seed_demo
from blaresept.storage.db import make_engine, migrate, session_factory

DOCTOR = service.Actor("lege", Role.DOCTOR, "Lege Lise Demo", hpr="9144889")
CASEWORKER = service.Actor("saksbehandler", Role.CASEWORKER, "Saksbehandler Sara Demo")
PATIENT = service.Actor("pasient", Role.PATIENT, "Kari Nordmann", fnr="01037040068")


def application() -> ApplicationForm:
    return ApplicationForm.model_validate({
        "kind": "drug", "patient_fnr": "01037040068", "consent": True, "applicant": {"phone": "22 00 00 00"},
        "diagnosis": {"system": "ICD-10", "code": "G40", "text": "Epilepsi", "section2_refund_code": True},
        "drugs": [
            {"name": "Briviact 50 mg", "atc": "N03AX23", "marketing_authorisation": "2016-01-14", "vedlegg1": True},
            {"name": "Nytt antiepileptikum", "atc": "N03AX99", "marketing_authorisation": "2022-05-01",
             "method_assessment": "pending", "vedlegg1": True},
        ],
        "need": [{"start": "2024-03-01"}],
        "tried": [{"name": "Lamotrigin", "reason": "side_effects", "description": "Alvorlig utslett"}],
    })


def main(out: Path) -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm mangler: apt-get install -y poppler-utils")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/letters.sqlite"
        migrate(url)
        engine = make_engine(url)
        seed_demo(engine)
        with session_factory(engine)() as session:
            case = service.submit_application(session, DOCTOR, application(), now=datetime(2024, 3, 4, 9, tzinfo=UTC))
            appeal = service.file_appeal(session, PATIENT, case.id, AppealIn(
                grounds="Det nye legemidlet er det eneste som har hjulpet meg."), now=datetime(2024, 3, 18, tzinfo=UTC))
            service.reconsider(session, CASEWORKER, appeal.id, ReconsiderationIn(
                outcome="upheld", note="Legemidlet er ikke metodevurdert, og det kan da ikke gis stønad."),
                now=datetime(2024, 3, 20, tzinfo=UTC))
            service.forward_to_helseklage(session, CASEWORKER, appeal.id, now=datetime(2024, 3, 21, tzinfo=UTC))
            session.commit()
            view = service.get_case(session, case.id)
            for letter, name in zip(view.letters, ("vedtaksbrev", "oversendelse-helseklage"), strict=True):
                pdf = Path(tmp) / f"{name}.pdf"
                pdf.write_bytes(service.letter_file(session, case.id, letter.id).pdf)
                subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(out / name)], check=True)
        engine.dispose()
    for path in sorted(out.glob("vedtaksbrev*.png")) + sorted(out.glob("oversendelse-helseklage*.png")):
        print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
