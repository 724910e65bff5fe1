"""What held on a date, asked of the sample catalogue on SQLite and PostgreSQL: prices, substitution, the
reimbursement list (link and code both valid), § 5 / § 6 products, and search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from blaresept.catalog import service
from blaresept.catalog.importer import import_file
from blaresept.storage.db import make_engine, session_factory

DAY = date(2017, 4, 12)


@pytest.fixture(scope="module")
def session(sample_url: str) -> Iterator[Session]:
    engine = make_engine(sample_url)
    with session_factory(engine)() as session:
        yield session
    engine.dispose()


def test_prices_on_a_date_with_the_later_start_winning_an_overlap(session: Session) -> None:
    """NovoRapid 010117: AUP 426.10 from 2017-01-01 to 2017-04-01, 411.30 from 2017-04-01."""
    assert service.package_on(session, "010117", date(2017, 3, 31)).price("aup") == 42610
    assert service.package_on(session, "010117", date(2017, 4, 1)).price("aup") == 41130
    assert service.package_on(session, "010117", date(2017, 4, 12)).price("refusjonspris") == 41130


def test_a_package_shows_prices_substitution_and_reimbursement_with_codes_and_conditions(session: Session) -> None:
    view = service.package_on(session, "990001", DAY)
    assert (view.price("aup"), view.price("aip"), view.price("trinnpris")) == (15690, 9845, 6430)
    assert view.substitution is not None and view.substitution.cheapest is not None
    assert view.substitution.cheapest.varenummer == "990002"
    [reimbursement] = view.reimbursements
    assert (reimbursement.hjemmel_code, reimbursement.group_code) == ("200", "A02BC01_1")
    codes = {(c.system, c.code): [x.number for x in c.conditions] for c in reimbursement.codes}
    assert codes[("ICD-10", "K21")] == ["12", "155"]
    assert codes[("ICPC-2", "D85")] == ["126"]
    k21 = next(c for c in reimbursement.codes if c.code == "K21")
    assert k21.text == "Gastroøsofageal reflukssykdom"
    twelve = k21.conditions[0]
    assert twelve.text.startswith("Behandlingen skal være instituert av spesialist i indremedisin")
    assert [(s.type_code, [v.code for v in s.values]) for s in twelve.structured] == [("7", ["190", "80", "45", "3"])]


def test_the_cheapest_equivalent_is_the_lowest_aup_in_the_group_on_the_date(session: Session) -> None:
    view = service.package_on(session, "464531", DAY)  # Candesartan Krka 8 mg, byttegruppe 001219
    assert view.substitution is not None and view.substitution.code == "001219"
    same_size = [m for m in view.substitution.members if m.aup is not None and m.pack == "98 stykk"]
    assert view.substitution.cheapest == min(same_size, key=lambda m: (m.aup, m.varenummer))
    # a 28-pack at 179,60 kr is cheaper, but not an equivalent of a 98-pack
    assert any(m.pack == "28 stykk" and m.aup == 17960 for m in view.substitution.members)
    assert view.substitution.cheapest.aup == 53940
    assert view.price("trinnpris") == 9510


def test_the_reimbursement_link_ends_with_forskrivestildato(session: Session) -> None:
    """Citalopram 022113: the package's link is prescribable and dispensable until 2017-04-18."""
    assert [r.group_code for r in service.package_on(session, "022113", date(2017, 4, 18)).reimbursements] == [
        "N06AB04_1"]
    assert service.package_on(session, "022113", date(2017, 4, 19)).reimbursements == ()


def test_a_refund_code_holds_only_from_its_own_start(session: Session) -> None:
    """Atacand 065276 is linked to C09CA06_1 from 2008-01-17, but the code Z94 holds from 2010-05-01."""
    assert "065276" not in {h.varenummer for h in service.reimbursable_for_code(session, "ICD:Z94",
                                                                                 date(2010, 4, 30)).hits}
    assert "065276" in {h.varenummer for h in service.reimbursable_for_code(session, "ICD:Z94", date(2010, 5, 1)).hits}
    assert "065276" in {h.varenummer for h in service.reimbursable_for_code(session, "ICD:I10", date(2010, 4, 30)).hits}


@pytest.mark.parametrize("written", ["ICD:K21.0", "ICD:K210", "K21", "icd:k21"])
def test_icd_codes_match_with_or_without_the_dot_and_subcodes_find_their_category(session: Session,
                                                                                  written: str) -> None:
    found = service.reimbursable_for_code(session, written, DAY)
    assert {"990001", "990002", "023949"} <= {h.varenummer for h in found.hits}
    assert found.text is not None and found.text.startswith("Gastroøsofageal reflukssykdom")


def test_icpc_and_icd_codes_are_kept_apart(session: Session) -> None:
    icpc = service.reimbursable_for_code(session, "ICPC:D84", DAY)
    assert {h.code for h in icpc.hits} == {"D84"}
    with pytest.raises(service.BadQuery):
        service.reimbursable_for_code(session, "ICPC:K21.0", DAY)


def test_a_product_has_its_maximum_refund_price_for_the_period(session: Session) -> None:
    view = service.product_on(session, "820004", DAY)
    assert (view.max_price_per_pack, view.hjemmel_code, view.product_group) == (61200, "602", "6020602")
    assert view.reimbursements[0].requires_decision
    assert {c.number for c in view.reimbursements[0].conditions} == {"H11", "H2"}
    later = service.product_on(session, "820004", date(2017, 7, 1))  # Helfo's period ended 2017-06-30
    assert later.max_price_per_pack is None
    assert service.product_on(session, "810002", DAY).max_price_per_unit == 4850


def test_search_by_name_atc_and_varenummer(session: Session) -> None:
    by_name = {h.number for h in service.search(session, "kandesartan", DAY)}  # ATC name finds «Candesartan …»
    by_atc = service.search(session, "C09CA", DAY)
    assert {h.atc for h in by_atc} == {"C09CA06"}
    assert by_name == {h.number for h in by_atc} and len(by_name) > 1
    assert [h.number for h in service.search(session, "014884", DAY)] == ["014884"]
    goods = [(h.kind, h.number) for h in service.search(session, "bleie", DAY)]
    assert goods == [("vare", "810001"), ("vare", "810002")]


def test_unknown_varenummer_and_product_are_not_found(session: Session) -> None:
    with pytest.raises(service.NotFound, match="999999"):
        service.package_on(session, "999999", DAY)
    with pytest.raises(service.NotFound):
        service.product_on(session, "123", DAY)


def test_a_date_before_every_release_is_answered_by_the_oldest_with_a_note(session: Session) -> None:
    view = service.package_on(session, "464531", date(2016, 1, 1))
    assert view.release.after_date
    assert not service.package_on(session, "464531", DAY).release.after_date


@pytest.fixture
def empty(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as session:
        yield session


def test_an_empty_catalogue_says_so(empty: Session) -> None:
    with pytest.raises(service.EmptyCatalog, match="Katalogen er tom"):
        service.package_on(empty, "464531", DAY)


def test_prescribing_and_dispensing_dates_are_checked_against_their_own_limits(
        engine: Engine, variant: Callable[..., Path]) -> None:
    """A link that may be prescribed until 2017-04-18 but dispensed until 2017-05-18 (guide § 6.4.1)."""
    path = variant(("<ForskrivesTilDato>2017-04-18</ForskrivesTilDato>\n          "
                    "<UtleveresTilDato>2017-04-18</UtleveresTilDato>",
                    "<ForskrivesTilDato>2017-04-18</ForskrivesTilDato>\n          "
                    "<UtleveresTilDato>2017-05-18</UtleveresTilDato>"))
    import_file(engine, path)
    with session_factory(engine)() as session:
        release = service.release_on(session, DAY)
        package = service.find_package(session, release.id, "022113")
        assert package is not None
        from sqlalchemy import select

        from blaresept.catalog import tables as t

        links = list(session.scalars(select(t.PackageReimbursement).where(
            t.PackageReimbursement.release_id == release.id,
            t.PackageReimbursement.package_fest_id == package.fest_id)))
        held = service.reimbursements
        assert held(session, release.id, links, date(2017, 4, 18), date(2017, 5, 18))
        assert not held(session, release.id, links, date(2017, 4, 19), date(2017, 4, 19))
        assert not held(session, release.id, links, date(2017, 4, 18), date(2017, 5, 19))
