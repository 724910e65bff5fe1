"""Case handling in the browser: the demo doctor sends an application through the form, the demo caseworker
finds it in the queue, answers the open points and decides; the patient sees the decision, downloads the letter
as PDF and appeals; the appeal goes through every step in the pages. Pages are checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from blaresept.cases import service
from blaresept.cases.flow import Role
from blaresept.cases.stonader.individual.form import ApplicationForm
from tests.web.support import LiveServer, assert_accessible, login, logout, no_stack_trace, screenshot

pytestmark = pytest.mark.browser

DOCTOR = service.Actor("lege", Role.DOCTOR, "Lege Lise Demo", hpr="9144889")


def refused_case(server: LiveServer) -> int:
    """A case the system refused (need of one month only), as submitted through the API/service."""
    form = ApplicationForm.model_validate({
        "kind": "drug", "patient_fnr": "01037040068", "consent": True, "applicant": {"phone": "22 00 00 00"},
        "diagnosis": {"system": "ICD-10", "code": "G40", "text": "Epilepsi", "section2_refund_code": True},
        "drugs": [{"name": "Briviact", "atc": "N03AX23", "marketing_authorisation": "2016-01-14", "vedlegg1": True}],
        "need": [{"start": "2024-03-01", "end": "2024-03-31"}],
        "tried": [{"name": "Lamotrigin", "reason": "side_effects", "description": "Utslett"}],
    })
    with server.session() as session:
        view = service.submit_application(session, DOCTOR, form)
        session.commit()
    return view.id


def test_doctor_applies_and_caseworker_decides_in_the_web_ui(server: LiveServer, page: Page) -> None:
    login(page, server, "Lege Lise Demo")
    expect(page.get_by_role("heading", name="Søknader om individuell stønad", level=1)).to_be_visible()
    page.get_by_role("link", name="Ny søknad").click()
    page.get_by_label("Pasientens fødselsnummer eller D-nummer").fill("01037040068")
    page.get_by_label("Diagnosekode").fill("L40")
    page.get_by_label("Diagnose med ord").fill("Psoriasis")
    page.get_by_label("Legemiddel", exact=True).fill("Otezla")
    page.get_by_label("ATC-kode").fill("L04AA32")
    page.get_by_label("Markedsføringstillatelse i Norge").fill("2015-01-15")
    page.get_by_label("Gradering").select_option("high")
    page.get_by_label("Risiko for død eller funksjonstap").fill("Lav risiko for død, risiko for varig funksjonstap")
    page.get_by_label("Graden av fysisk og psykisk funksjonstap").fill("Betydelig nedsatt håndfunksjon")
    page.get_by_label("Graden av smerter, fysisk eller psykisk ubehag").fill("Daglige smerter og kløe")
    page.get_by_label("Andre sykdommer eller plager knyttet til tilstanden").fill("Psoriasisartritt")
    page.get_by_label("Legemiddel som er forsøkt").fill("Metotreksat")
    page.get_by_label("Hvorfor det ikke kan brukes").select_option("side_effects")
    page.get_by_label("Telefon").fill("22 00 00 00")
    assert_accessible(page)
    page.get_by_role("button", name="Send søknaden").click()
    # the consent is missing: the case waits for a supplement, with the item named
    expect(page.get_by_role("heading", name="Søknaden mangler opplysninger")).to_be_visible()
    expect(page.get_by_role("region", name="Søknaden mangler opplysninger")).to_contain_text("pasienten har samtykket")
    page.get_by_role("link", name="Supplér søknaden").click()
    page.get_by_label("Pasienten har samtykket til at jeg søker på pasientens vegne").check()
    page.get_by_role("button", name="Send supplert søknad").click()
    expect(page.get_by_role("status")).to_contain_text("sendt til saksbehandler")
    reference = re.search(r"IS-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text())
    assert reference
    logout(page)

    login(page, server, "Saksbehandler Sara Demo")
    expect(page.get_by_role("heading", name="Saksbehandling: individuell stønad")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "saksbehandler-ko")
    page.get_by_role("link", name=reference.group(0)).click()
    expect(page.get_by_role("heading", name="Punkter saksbehandler må avklare")).to_be_visible()
    page.get_by_label("Oppfylt", exact=True).first.check()
    page.get_by_label("Begrunnelse").first.fill("Metotreksat ga leverpåvirkning; dokumentert i journal.")
    assert_accessible(page)
    screenshot(page, "saksbehandler-sak")
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("heading", name="Fatt vedtak")).to_be_visible()
    page.get_by_role("button", name="Fatt vedtak og send brevet").click()
    expect(page.get_by_role("heading", name="Vedtak: innvilget")).to_be_visible()
    expect(page.get_by_role("table", name="Hvem gjorde hva, og når")).to_contain_text("Saksbehandler Sara Demo")
    no_stack_trace(page)


def test_patient_downloads_letter_and_appeal_runs_through_the_pages(server: LiveServer, page: Page) -> None:
    case_id = refused_case(server)
    login(page, server, "Kari Nordmann")
    page.get_by_role("link", name="Saker").click()
    expect(page.get_by_role("heading", name="Mine saker")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"IS-\d{4}-")).click()
    expect(page.get_by_role("heading", name="Vedtak: avslått")).to_be_visible()
    letter = page.get_by_role("link", name=re.compile("Vedtak om individuell stønad"))
    response = page.request.get(server.url + (letter.get_attribute("href") or ""))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert_accessible(page)
    screenshot(page, "pasient-sak")
    page.get_by_label("Hvorfor er du uenig, og hvilken endring ønsker du?").fill(
        "Jeg trenger medisinen i beredskap store deler av året.")
    page.get_by_role("button", name="Send klagen").click()
    expect(page.get_by_role("heading", name=re.compile("Klage 1: formkrav oppfylt"))).to_be_visible()
    logout(page)

    login(page, server, "Saksbehandler Sara Demo")
    page.goto(f"{server.url}/saker/{case_id}")
    page.get_by_label("Begrunnelse", exact=True).fill("Behovet er fortsatt under tre måneder i året.")
    page.get_by_role("button", name="Lagre ny vurdering").click()
    expect(page.get_by_role("heading", name=re.compile("Helfo opprettholder vedtaket"))).to_be_visible()
    expect(page.get_by_label("Fremstilling av saken (sendes også pasienten)")).to_contain_text("Klagerens begrunnelse")
    page.get_by_role("button", name="Send klagen til Helseklage").click()
    expect(page.get_by_role("heading", name=re.compile("sendt til Helseklage"))).to_be_visible()
    page.get_by_label("Begrunnelse").fill("Helseklage er enig med Helfo.")
    page.get_by_role("button", name="Registrer").click()
    expect(page.get_by_role("heading", name=re.compile("Helseklage opprettholdt vedtaket"))).to_be_visible()
    logout(page)

    login(page, server, "Kari Nordmann")
    page.goto(f"{server.url}/saker/{case_id}")
    page.get_by_label("Hvorfor anker du?").fill("Jeg er uenig med Helseklage.")
    page.get_by_role("button", name="Send anken").click()
    expect(page.get_by_role("heading", name=re.compile("anket til Trygderetten"))).to_be_visible()
    logout(page)

    login(page, server, "Saksbehandler Sara Demo")
    page.goto(f"{server.url}/saker/{case_id}")
    page.get_by_label("Utfall").select_option("reversed")
    page.get_by_label("Begrunnelse").fill("Beredskap store deler av året likestilles med bruk.")
    page.get_by_role("button", name="Registrer").click()
    expect(page.get_by_role("heading", name="Vedtak: innvilget")).to_be_visible()
    timeline = page.get_by_role("table", name="Hvem gjorde hva, og når")
    for label in ("Klage mottatt", "Formkrav vurdert", "Ny vurdering i enheten som fattet vedtaket",
                  "Oversendt Helseklage", "Helseklages vedtak registrert", "Anke til Trygderetten mottatt",
                  "Trygderettens kjennelse registrert"):
        expect(timeline).to_contain_text(label)
    assert_accessible(page)
    screenshot(page, "klage-hele-kjeden")
    no_stack_trace(page)


def test_errors_are_shown_in_place(server: LiveServer, page: Page) -> None:
    login(page, server, "Lege Lise Demo")
    page.goto(f"{server.url}/lege/soknad")
    page.get_by_label("Pasientens fødselsnummer eller D-nummer").fill("12345678901")
    page.get_by_role("button", name="Send søknaden").click()
    expect(page.get_by_role("alert")).to_contain_text("Fødselsnummeret")
    expect(page.get_by_label("Pasientens fødselsnummer eller D-nummer")).to_have_value("12345678901")
    assert_accessible(page)
    page.goto(f"{server.url}/saksbehandler")
    expect(page.get_by_role("heading", name="Ikke tilgang til denne siden")).to_be_visible()
    no_stack_trace(page)
