"""Properties of the counter price over random dispensings on any date 2009–2026 (issue 3):
copay + patient extra + Helfo = price, each group's copay at most the maximum in force, nothing negative,
the copay monotone in a line's price, lines adding up exactly to their group, and agreement with an
independent reference computed straight from the rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from blaresept.rules.blaresept.copay import copay_terms
from blaresept.rules.blaresept.dispensing import Dispensing, Hjemmel
from blaresept.rules.blaresept.pricing import price_dispensing
from blaresept.rules.parameters import default_parameters
from tests.rules.strategies import dispensings, maximum_on, per_dispensing, reference_copay

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None)


@PROPERTY_SETTINGS
@given(dispensings())
def test_copay_plus_extra_plus_helfo_is_the_price_per_line_and_in_total(dispensing: Dispensing) -> None:
    priced = price_dispensing(dispensing)
    for line in priced.lines:
        assert line.copay + line.patient_extra + line.helfo + line.not_charged == line.price
        assert line.basis + line.mellomlegg + line.above_max_refund + line.not_charged == line.price
        hjemmel = dispensing.prescriptions[line.prescription - 1].hjemmel
        if line.not_charged:  # § 8 femte ledd: only § 5/§ 6 goods, only from 2025-04-02, never also the patient
            assert dispensing.date >= date(2025, 4, 2) and hjemmel in (Hjemmel.SECTION_5, Hjemmel.SECTION_6)
            assert line.above_max_refund == 0
        elif dispensing.date >= date(2025, 4, 2) and hjemmel in (Hjemmel.SECTION_5, Hjemmel.SECTION_6):
            assert line.above_max_refund == 0
    total_price = sum(line.price for p in dispensing.prescriptions for line in p.lines)
    assert priced.price == total_price
    assert priced.copay + priced.patient_extra + priced.helfo + priced.not_charged == total_price


@PROPERTY_SETTINGS
@given(dispensings())
def test_each_group_copay_is_at_most_the_maximum_in_force(dispensing: Dispensing) -> None:
    priced = price_dispensing(dispensing)
    terms = copay_terms(dispensing.date, default_parameters())
    assert terms.maximum == maximum_on(dispensing.date)
    for group in priced.groups:
        assert group.maximum == terms.maximum
        assert group.copay <= terms.maximum
        assert group.copay == min(group.uncapped, terms.maximum)
    if per_dispensing(dispensing.date):
        assert len(priced.groups) <= 1
        assert priced.copay <= 40000
    else:
        keys = {(p.prescriber, p.written) for p in dispensing.prescriptions}
        assert len(priced.groups) <= len(keys)
        assert priced.copay <= 52000 * len(keys)


@PROPERTY_SETTINGS
@given(dispensings())
def test_nothing_is_negative(dispensing: Dispensing) -> None:
    priced = price_dispensing(dispensing)
    for line in priced.lines:
        for amount in (line.copay, line.patient_extra, line.helfo, line.basis, line.mellomlegg,
                       line.above_max_refund):
            assert amount >= 0
    for group in priced.groups:
        assert group.copay >= 0 and group.basis >= 0 and group.uncapped >= 0


@PROPERTY_SETTINGS
@given(dispensings())
def test_lines_add_up_exactly_to_their_group(dispensing: Dispensing) -> None:
    priced = price_dispensing(dispensing)
    for group in priced.groups:
        members = [line for line in priced.lines if line.group == group.key]
        assert members, group
        assert sum(line.copay for line in members) == group.copay
        assert sum(line.basis for line in members) == group.basis
    ungrouped = [line for line in priced.lines if line.group is None]
    assert all(line.copay == 0 for line in ungrouped)
    assert priced.copay == sum(group.copay for group in priced.groups)


@PROPERTY_SETTINGS
@given(dispensings(), st.data())
def test_copay_is_monotone_in_a_line_price(dispensing: Dispensing, data: st.DataObject) -> None:
    p = data.draw(st.integers(0, len(dispensing.prescriptions) - 1), label="prescription")
    prescription = dispensing.prescriptions[p]
    n = data.draw(st.integers(0, len(prescription.lines) - 1), label="line")
    more = data.draw(st.integers(1, 200_000), label="increase")
    line = prescription.lines[n]
    dearer_lines = prescription.lines[:n] + (replace(line, price=line.price + more),) + prescription.lines[n + 1:]
    dearer = replace(dispensing, prescriptions=dispensing.prescriptions[:p]
                     + (replace(prescription, lines=dearer_lines),) + dispensing.prescriptions[p + 1:])
    before, after = price_dispensing(dispensing), price_dispensing(dearer)
    assert after.copay >= before.copay
    assert after.copay + after.patient_extra >= before.copay + before.patient_extra
    assert after.lines[sum(len(q.lines) for q in dispensing.prescriptions[:p]) + n].copay >= 0


@PROPERTY_SETTINGS
@given(dispensings())
def test_copay_agrees_with_an_independent_reference(dispensing: Dispensing) -> None:
    assert price_dispensing(dispensing).copay == reference_copay(dispensing)


@settings(max_examples=60, deadline=None)
@given(dispensings(first=date(2025, 12, 1), last=date(2026, 1, 31)))
def test_around_the_2026_change(dispensing: Dispensing) -> None:
    """Dense around 2025-12-31 → 2026-01-01, where the maximum moves from each group to the dispensing."""
    assert price_dispensing(dispensing).copay == reference_copay(dispensing)
