"""Code texts for ICPC-2, ICD-10 (with or without the dot), DMP's minus-codes, specialties and product groups;
and how a refund code written on a prescription is read."""

from __future__ import annotations

import pytest

from blaresept.catalog import codes
from blaresept.rules.blaresept.eligibility.refund_code import CodeSystem, MalformedCode, parse_refund_code


@pytest.mark.parametrize("code", ["Z95.2", "Z952", "z95.2"])
def test_icd10_with_or_without_the_dot(code: str) -> None:
    assert codes.code_text(CodeSystem.ICD10, code) == "Status med mekanisk hjerteventil"


def test_icd10_categories_come_from_volven_7435_when_the_nav_list_lacks_them() -> None:
    assert codes.code_text(CodeSystem.ICD10, "K21") == "Gastroøsofageal reflukssykdom"
    assert codes.code_text(CodeSystem.ICD10, "K21.0") == "Gastroøsofageal reflukssykdom med øsofagitt"


def test_icpc2_and_minus_codes() -> None:
    assert codes.code_text(CodeSystem.ICPC2, "K86") == "Hypertensjon ukomplisert"
    assert codes.code_text(CodeSystem.DMP, "-90") == "Palliativ behandling i livets sluttfase"
    assert codes.code_text(CodeSystem.ICPC2, "Q99") is None


def test_system_of_a_fest_refund_code() -> None:
    assert codes.system_of("2.16.578.1.12.4.1.1.7170", "D84") is CodeSystem.ICPC2
    assert codes.system_of("2.16.578.1.12.4.1.1.7110", "K21") is CodeSystem.ICD10
    assert codes.system_of("2.16.578.1.12.4.1.1.7435", "-F3") is CodeSystem.DMP


def test_specialties_by_name_or_code_and_product_groups() -> None:
    assert codes.specialty_code("indremedisin") == "190" and codes.specialty_code("190") == "190"
    assert codes.specialty_code("ukjent fag") is None
    assert codes.product_group_name("6010702") == "Melkeerstatninger - frie aminosyrer, andre proteinkilder"
    assert codes.hjemmel_text("603") == "§5-14 §6.3"


@pytest.mark.parametrize(("text", "system", "key"), [
    ("ICD:K21", CodeSystem.ICD10, "K21"), ("ICD-10:K21.0", CodeSystem.ICD10, "K210"),
    ("ICPC:D84", CodeSystem.ICPC2, "D84"), ("-90", CodeSystem.DMP, "-90"), ("ICD:-F3", CodeSystem.DMP, "-F3"),
])
def test_written_codes(text: str, system: CodeSystem, key: str) -> None:
    written = parse_refund_code(text)
    assert (written.system, written.key) == (system, key)


@pytest.mark.parametrize(("text", "message"), [
    ("K21", "mangler kodeverk"), ("XYZ:K21", "Ukjent kodeverk"), ("ICPC:K21.0", "ikke en ICPC-2-kode"),
    ("ICD:hei", "ikke en ICD-10-kode"), ("", "tom"),
])
def test_malformed_written_codes(text: str, message: str) -> None:
    with pytest.raises(MalformedCode, match=message):
        parse_refund_code(text)
