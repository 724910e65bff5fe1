"""Write the hand-made FEST supplement to the sample catalogue: what the real 2017-04-12 extract lacks.

    .venv/bin/python scripts/make_fest_supplement.py src/blaresept/catalog/data/fest-supplement-2017-04-12.xml

It is a FEST M30 file with the extract's HentetDato, so importing it adds to the same release, and it
validates against the strict XSD on its own (every reference resolves inside it). It holds:

- the omeprazole example of the paediatric guideline 13.8.2 (revised 2009, shared/seeds/004_…): A02BC01 with
  ICPC -90, D84, D85, D86 and ICD -90, K21, K25, K26, vilkår 12, 126 and 155 with their texts; two invented
  packages ("Eksempel") in one substitution group with AUP, AIP, refusjonspris and trinnpris;
- KatHandelsvare: invented § 5 goods (groups 501–514) and § 6 products (601–604), product groups from
  shared/reference/codes/fat_7403.json, with maximum refund prices for the period 2017-04-01 – 2017-06-30;
  their reimbursement groups under hjemmel 501 … 604 (Volven 7427) and the conditions Helfo attaches
  (structured condition types 2, 11, 15 and 22, implementation guide v3.5 § 5.8);
- KatKodeverk: Volven 7434 and 7435 (DMP's refund codes), from shared/reference/codes/kith_kodeverk_volven.json.

Everything invented is marked so in docs/catalog.md; prices are plausible, not real.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from lxml import etree

M30 = "http://www.kith.no/xmlstds/eresept/m30/2014-12-01"
FS = "http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01"
OID = "2.16.578.1.12.4.1.1."
HENTET = "2017-04-12T18:26:27.336Z"
TIME = "2017-04-12T00:00:00"
ROOT = Path(__file__).resolve().parents[1]
VOLVEN = ROOT / "src/blaresept/catalog/data/volven_subset.json"
PRODUCT_GROUPS = ROOT / "src/blaresept/catalog/data/fat_7403.json"

OMEPRAZOLE_USE = (
    "Refluksøsofagitt. Patologisk refluks. Behandling av NSAID-indusert ulcus ventriculi, ulcus duodeni eller "
    "gastroduodenale erosjoner. Profylakse mot ulcus ventriculi, ulcus duodeni, gastroduodenale erosjoner eller "
    "dyspepsi ved samtidig NSAID behandling hos pasienter med NSAID-relaterte sår eller erosjoner i anamnesen. "
    "Palliativ behandling i livets sluttfase av medikamentindusert ulcus."
)
CONDITIONS = [
    # id, number, group (7437), applies to (7438), text, structured [(type, [coded (V, S, DN)] or [texts])]
    ("ID_SUPP-VILKAR-12", "12", "3", "3",
     "Behandlingen skal være instituert av spesialist i indremedisin, kirurgi, øre-nese-halssykdommer eller "
     "barnesykdommer, eller på sykehusavdeling med tilsvarende spesialitet.",
     [("7", [("190", "7426", "Indremedisin"), ("80", "7426", "Generell Kirurgi"),
             ("45", "7426", "Øre-, nese-, halssykdommer"), ("3", "7426", "Barnesykdommer")])]),
    ("ID_SUPP-VILKAR-126", "126", "3", "1",
     "Ulcus skal være indusert av et legemiddel som er brukt for en sykdom i refusjonslisten.", []),
    ("ID_SUPP-VILKAR-155", "155", "3", "1",
     "Hos pasienter med langvarige, betydelige symptomer med endoskopisk verifisert refluksøsofagitt eller påvist "
     "patologisk refluks ved 24-timers pH-måling. Hvis endoskopi eller pH-måling av tungtveiende medisinske "
     "grunner ikke kan gjennomføres eller det er særlige forhold som gjør tolkningen av undersøkelsene vanskelig, "
     "må årsaken journalføres.", []),
    ("ID_SUPP-VILKAR-H15", "H15", "2", "3",
     "Det gis ikke refusjon for mer enn maksimalt 16 stk per år.",
     [("15", ["16"])]),
    ("ID_SUPP-VILKAR-H22", "H22", "2", "3",
     "Antall teststrimler til blodsukkermåling per døgn skal oppgis på resepten.",
     [("22", [("1", "1101", "Ja")])]),
    ("ID_SUPP-VILKAR-H11", "H11", "2", "3",
     "Produktene kan ikke utleveres uten at artikkelgruppen er angitt på resepten.",
     [("11", [("1", "1101", "Ja")])]),
    ("ID_SUPP-VILKAR-H2", "H2", "2", "3",
     "Refusjon ytes kun til barn under 10 år.",
     [("2", ["10"])]),
]
STRUCTURED_TYPES = {"2": "Alder mindre enn", "7": "Instituert av spesialist eller sykehus",
                    "11": "Forskrives på artikkelgruppenivå", "15": "Maks antall stk per kalenderår",
                    "22": "Antall teststrimler til blodsukkermåling per døgn må oppgis"}
CONDITION_GROUPS = {"2": "Handelsvare", "3": "Refusjon"}
APPLIES_TO = {"1": "Rekvirent", "3": "Rekvirent og utleverer"}

OMEPRAZOLE_CODES = [
    # code, system, vilkår
    ("-90", "7434", []), ("D84", "7170", ["12", "155"]), ("D85", "7170", ["126"]), ("D86", "7170", ["126"]),
    ("-90", "7435", []), ("K21", "7110", ["12", "155"]), ("K25", "7110", ["126"]), ("K26", "7110", ["126"]),
]
PACKAGES = [
    # id, varenummer, name, producer, AUP, AIP, trinnpris, refusjonspris, ean
    ("A", "990001", "Omeprazol Eksempel A Enterokaps 20 mg", "Eksempel Pharma A", "156.90", "98.45", "64.30",
     "64.30", "7040000990012"),
    ("B", "990002", "Omeprazol Eksempel B Enterokaps 20 mg", "Eksempel Pharma B", "71.20", "41.10", "64.30",
     "64.30", "7040000990029"),
]
GOODS = [
    # kind, number, name, product group, per pack, price type, max price, hjemmel, condition ids
    ("MedForbMatr", "810001", "Bleie Eksempel middels", "5011102", 28, "P", "359.00", "501", []),
    ("MedForbMatr", "810002", "Bleieholder Eksempel", "5010207", 1, "E", "48.50", "501", ["ID_SUPP-VILKAR-H15"]),
    ("MedForbMatr", "810003", "Tappekateter Eksempel hydrofilt", "5020110", 30, "E", "12.40", "502", []),
    ("MedForbMatr", "810004", "Blodsukkerstrimler Eksempel", "5040101", 50, "P", "329.00", "504",
     ["ID_SUPP-VILKAR-H22"]),
    ("MedForbMatr", "810005", "Stomipose Eksempel tømbar", "5052503", 30, "P", "1089.00", "505", []),
    ("MedForbMatr", "810006", "Inhalasjonskammer Eksempel", "5070101", 1, "E", "295.00", "507", []),
    ("Naringsmiddel", "820001", "Næringsdrikk Eksempel", "6010101", 4, "P", "98.60", "601", []),
    ("Naringsmiddel", "820002", "Aminosyreerstatning Eksempel", "6010702", 1, "P", "642.00", "601",
     ["ID_SUPP-VILKAR-H11"]),
    ("Naringsmiddel", "820003", "Melkeerstatning Eksempel hydrolysert", "6020601", 1, "P", "289.00", "602",
     ["ID_SUPP-VILKAR-H2"]),
    ("Naringsmiddel", "820004", "Melkeerstatning Eksempel aminosyrer", "6020602", 1, "P", "612.00", "602",
     ["ID_SUPP-VILKAR-H2", "ID_SUPP-VILKAR-H11"]),
    ("Naringsmiddel", "820005", "PKU-næring Eksempel", "6030101", 1, "P", "1450.00", "603", []),
    ("Naringsmiddel", "820006", "Næringsdrikk Eksempel energi", "6040101", 4, "P", "104.20", "604", []),
]
REQUIRES_DECISION = {"601", "602", "604"}
HJEMMEL_TEXT = {"200": "§5-14 §2"}


def m(tag: str) -> str:
    return f"{{{M30}}}{tag}"


def f(tag: str) -> str:
    return f"{{{FS}}}{tag}"


def sub(parent: Any, tag: str, text: str | None = None, nsmap: dict[str | None, str] | None = None,
        **attrs: str) -> Any:
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None}, nsmap=nsmap)
    if text is not None:
        el.text = text
    return el


def entry(catalogue: Any, name: str, entry_id: str) -> Any:
    oppf = sub(catalogue, m(name))
    sub(oppf, m("Id"), entry_id)
    sub(oppf, m("Tidspunkt"), TIME)
    sub(oppf, m("Status"), V="A", DN="Aktiv oppføring")
    return oppf


def price(parent: Any, tag: Any, code: str, name: str, amount: str, valid_from: str, valid_to: str | None = None,
          system: str = "7453") -> None:
    el = sub(parent, tag("PrisVare"))
    sub(el, tag("Type"), V=code, S=OID + system, DN=name)
    sub(el, tag("Pris"), V=amount, U="NOK")
    sub(el, tag("GyldigFraDato"), valid_from)
    if valid_to:
        sub(el, tag("GyldigTilDato"), valid_to)


def build() -> Any:
    volven = json.loads(VOLVEN.read_text(encoding="utf-8"))
    groups = {c["code"]: c["display"] for c in json.loads(PRODUCT_GROUPS.read_text(encoding="utf-8"))["concepts"]}
    root = etree.Element(m("FEST"), nsmap={None: M30})
    root.append(etree.Comment(" Tillegg til FEST-utdraget 2017-04-12, laget for hånd: se docs/catalog.md. "))
    sub(root, m("HentetDato"), HENTET)

    brands = sub(root, m("KatLegemiddelMerkevare"))
    for key, _varenummer, name, producer, *_ in PACKAGES:
        oppf = entry(brands, "OppfLegemiddelMerkevare", f"ID_SUPP-OPPF-MERKEVARE-{key}")
        brand = sub(oppf, f("LegemiddelMerkevare"), nsmap={None: FS})
        sub(brand, f("Atc"), V="A02BC01", S=OID + "7180", DN="Omeprazol")
        sub(brand, f("NavnFormStyrke"), name)
        sub(brand, f("Reseptgruppe"), V="C", DN="Reseptgruppe C")
        sub(brand, f("LegemiddelformKort"), V="24", S=OID + "7448", DN="Enterokapsel, hard")
        sub(brand, f("Preparattype"), V="7", DN="Legemiddel")
        sub(brand, f("Id"), f"ID_SUPP-MERKEVARE-{key}")
        sub(brand, f("Varenavn"), name.split(" Enterokaps")[0])
        sub(brand, f("LegemiddelformLang"), "Enterokapsel, hard")
        sorted_ = sub(brand, f("SortertVirkestoffMedStyrke"))
        sub(sorted_, f("Sortering"), "0")
        sub(sorted_, f("RefVirkestoffMedStyrke"), "ID_SUPP-VIRKESTOFF-OMEPRAZOL-20MG")
        info = sub(brand, f("ProduktInfo"))
        sub(info, f("Produsent"), producer)
        validity = sub(brand, f("Reseptgyldighet"))
        sub(validity, f("Varighet"), "P1Y")

    packages = sub(root, m("KatLegemiddelpakning"))
    for key, varenummer, name, _producer, aup, aip, trinn, refusjon, ean in PACKAGES:
        oppf = entry(packages, "OppfLegemiddelpakning", f"ID_SUPP-OPPF-PAKNING-{key}")
        package = sub(oppf, f("Legemiddelpakning"), nsmap={None: FS})
        sub(package, f("Atc"), V="A02BC01", S=OID + "7180", DN="Omeprazol")
        sub(package, f("NavnFormStyrke"), name)
        sub(package, f("Reseptgruppe"), V="C", DN="Reseptgruppe C")
        sub(package, f("LegemiddelformKort"), V="24", S=OID + "7448", DN="Enterokapsel, hard")
        sub(package, f("Preparattype"), V="7", DN="Legemiddel")
        link = sub(package, f("Refusjon"))
        sub(link, f("RefRefusjonsgruppe"), "ID_SUPP-GRUPPE-A02BC01_1")
        sub(link, f("GyldigFraDato"), "2009-01-01")
        member = sub(package, f("PakningByttegruppe"))
        sub(member, f("RefByttegruppe"), "ID_SUPP-BYTTEGRUPPE-OMEPRAZOL-20MG")
        sub(member, f("GyldigFraDato"), "2009-01-01")
        sub(package, f("Id"), f"ID_SUPP-PAKNING-{key}")
        sub(package, f("Varenr"), varenummer)
        sub(package, f("Ean"), ean)
        info = sub(package, f("Pakningsinfo"))
        sub(info, f("RefLegemiddelMerkevare"), f"ID_SUPP-MERKEVARE-{key}")
        sub(info, f("Pakningsstr"), "28")
        sub(info, f("EnhetPakning"), V="stk", S=OID + "7452", DN="stykk")
        sub(info, f("Pakningstype"), V="169", S=OID + "7449", DN="Blisterpakning")
        sub(info, f("Mengde"), "28")
        sub(info, f("DDD"), V="20", U="mg")
        price(package, f, "4", "AUP", aup, "2017-01-01")
        price(package, f, "3", "AIP", aip, "2017-01-01")
        price(package, f, "5", "Trinnpris", trinn, "2017-01-01")
        price(package, f, "2", "Refusjonspris", refusjon, "2017-01-01")
        marketing = sub(package, f("Markedsforingsinfo"))
        sub(marketing, f("Markedsforingsdato"), "2009-01-01")

    substances = sub(root, m("KatVirkestoff"))
    oppf = entry(substances, "OppfVirkestoff", "ID_SUPP-OPPF-VIRKESTOFF-OMEPRAZOL")
    substance = sub(oppf, f("Virkestoff"), nsmap={None: FS})
    sub(substance, f("Id"), "ID_SUPP-VIRKESTOFF-OMEPRAZOL")
    sub(substance, f("Navn"), "Omeprazol")
    sub(substance, f("NavnEngelsk"), "Omeprazole")
    oppf = entry(substances, "OppfVirkestoff", "ID_SUPP-OPPF-VIRKESTOFF-OMEPRAZOL-20MG")
    strength = sub(oppf, f("VirkestoffMedStyrke"), nsmap={None: FS})
    sub(strength, f("Id"), "ID_SUPP-VIRKESTOFF-OMEPRAZOL-20MG")
    sub(strength, f("Styrke"), V="20", U="mg")
    sub(strength, f("RefVirkestoff"), "ID_SUPP-VIRKESTOFF-OMEPRAZOL")
    sub(strength, f("Styrkeoperator"), V="L", S=OID + "7445", DN="Lik")

    goods = sub(root, m("KatHandelsvare"))
    for kind, number, name, group, per_pack, price_type, amount, _hjemmel, _conditions in GOODS:
        oppf = entry(goods, "OppfHandelsvare", f"ID_SUPP-OPPF-VARE-{number}")
        item = sub(oppf, f(kind), nsmap={None: FS})
        sub(item, f("Nr"), number)
        sub(item, f("Navn"), name)
        info = sub(item, f("ProduktInfoVare"))
        sub(info, f("ProduktNr"), f"EX-{number}")
        sub(info, f("EnhetStorrelse"), V="stk", S=OID + "7452", DN="stykk")
        sub(info, f("AntPerPakning"), str(per_pack))
        sub(info, f("TillattMerMakspris"), "true")
        supplier = sub(item, f("Leverandor"))
        sub(supplier, f("Navn"), "Eksempel Helsevarer AS")
        sub(supplier, f("Adresse"), "Postboks 1, 0001 Oslo")
        sub(supplier, f("Telefon"), "00000000")
        label = "Maksimal refusjonspris per pakning" if price_type == "P" else "Maksimal refusjonspris per enhet"
        price(item, f, price_type, label, amount, "2017-04-01", "2017-06-30", system="7423")
        link = sub(item, f("Refusjon"))
        sub(link, f("RefRefusjonsgruppe"), f"RID_{group}")
        sub(link, f("GyldigFraDato"), "2017-04-01")  # the vilkår sit on the product group (guide § 12.2)

    refusjon = sub(root, m("KatRefusjon"))
    oppf = entry(refusjon, "OppfRefusjon", "ID_SUPP-OPPF-REFUSJON-A02BC01")
    hjemmel = sub(oppf, m("Refusjonshjemmel"))
    sub(hjemmel, m("Refusjonshjemmel"), V="200", S=OID + "7427", DN="§5-14 §2")
    sub(hjemmel, m("KreverVarekobling"), "true")
    sub(hjemmel, m("KreverVedtak"), "false")
    group = sub(hjemmel, m("Refusjonsgruppe"))
    sub(group, m("Id"), "ID_SUPP-GRUPPE-A02BC01_1")
    sub(group, m("GruppeNr"), V="A02BC01_1", S=OID + "7451", DN="A02BC01_1")
    sub(group, m("Atc"), V="A02BC01", S=OID + "7180", DN="Omeprazol")
    sub(group, m("KreverRefusjonskode"), "true")
    sub(group, m("RefusjonsberettighetBruk"), OMEPRAZOLE_USE)
    texts = {"7434": volven["7434"], "7435": volven["7435"]}
    for code, system, condition_numbers in OMEPRAZOLE_CODES:
        refund_code = sub(group, m("Refusjonskode"))
        if code.startswith("-"):
            text = texts[system][code].strip()
        else:
            text = {"D84": "Spiserørssykdom", "D85": "Sår i tolvfingertarm", "D86": "Magesår ventrikulært",
                    "K21": "Gastroøsofageal reflukssykdom", "K25": "Sår i magesekk",
                    "K26": "Sår i tolvfingertarm"}[code]
        sub(refund_code, m("Refusjonskode"), V=code, S=OID + system, DN=text)
        if code == "D84":
            sub(refund_code, m("Underterm"), "Gastroøsofageal reflukssykdom")
        sub(refund_code, m("GyldigFraDato"), "2009-01-01")
        for number in condition_numbers:
            condition = sub(refund_code, m("Refusjonsvilkar"))
            sub(condition, m("RefVilkar"), f"ID_SUPP-VILKAR-{number}")
            sub(condition, m("FraDato"), "2009-01-01")
    by_hjemmel: dict[str, list[tuple[str, list[str]]]] = {}
    for _kind, _number, _name, product_group, _per_pack, _type, _amount, hjemmel_code, condition_ids in GOODS:
        entries = by_hjemmel.setdefault(hjemmel_code, [])
        if product_group not in [g for g, _ in entries]:
            entries.append((product_group, condition_ids))
    for hjemmel_code, product_groups in sorted(by_hjemmel.items()):
        oppf = entry(refusjon, "OppfRefusjon", f"ID_SUPP-OPPF-REFUSJON-{hjemmel_code}")
        hjemmel = sub(oppf, m("Refusjonshjemmel"))
        sub(hjemmel, m("Refusjonshjemmel"), V=hjemmel_code, S=OID + "7427", DN=volven["7427"][hjemmel_code])
        sub(hjemmel, m("KreverVarekobling"), "true")
        sub(hjemmel, m("KreverVedtak"), "true" if hjemmel_code in REQUIRES_DECISION else "false")
        for product_group, condition_ids in product_groups:
            group = sub(hjemmel, m("Refusjonsgruppe"))
            sub(group, m("Id"), f"RID_{product_group}")
            sub(group, m("GruppeNr"), V=product_group, S=OID + "7403", DN=groups[product_group])
            sub(group, m("KreverRefusjonskode"), "false")
            for condition_id in condition_ids:
                sub(group, m("RefVilkar"), condition_id)

    conditions = sub(root, m("KatVilkar"))
    for condition_id, number, group_code, applies, text, structured in CONDITIONS:
        oppf = entry(conditions, "OppfVilkar", condition_id.replace("VILKAR", "OPPF-VILKAR"))
        vilkar = sub(oppf, m("Vilkar"))
        sub(vilkar, m("Id"), condition_id)
        sub(vilkar, m("VilkarNr"), number)
        sub(vilkar, m("Gruppe"), V=group_code, S=OID + "7437", DN=CONDITION_GROUPS[group_code])
        sub(vilkar, m("GjelderFor"), V=applies, DN=APPLIES_TO[applies])
        sub(vilkar, m("Tekst"), text)
        sub(vilkar, m("GyldigFraDato"), "2009-01-01")
        for type_code, values in structured:
            part = sub(vilkar, m("StrukturertVilkar"))
            sub(part, m("Type"), V=type_code, S=OID + "7439", DN=STRUCTURED_TYPES[type_code])
            for value in values:
                if isinstance(value, tuple):
                    sub(part, m("VerdiKodet"), V=value[0], S=OID + value[1], DN=value[2])
                else:
                    sub(part, m("VerdiTekst"), value)

    systems = sub(root, m("KatKodeverk"))
    for number, name, short in (("7434", "Refusjonskoder ICPC (DMP-definerte)", "Refusjonskode ICPC"),
                                ("7435", "Refusjonskoder ICD", "Refusjonskode ICD")):
        oppf = entry(systems, "OppfKodeverk", f"ID_SUPP-OPPF-KODEVERK-{number}")
        info = sub(oppf, m("Info"))
        sub(info, m("Id"), OID + number)
        sub(info, m("Betegnelse"), name)
        sub(info, m("Kortnavn"), short)
        sub(info, m("AnsvarligUtgiver"), "Statens legemiddelverk")
        for index, (code, text) in enumerate(volven[number].items()):
            element = sub(oppf, m("Element"))
            sub(element, m("Id"), f"KV{number}_{index}")
            sub(element, m("Kode"), code)
            term = sub(element, m("Term"))
            sub(term, m("Term"), text.strip())

    swaps = sub(root, m("KatByttegruppe"))
    oppf = entry(swaps, "OppfByttegruppe", "ID_SUPP-OPPF-BYTTEGRUPPE-OMEPRAZOL-20MG")
    swap = sub(oppf, m("Byttegruppe"))
    sub(swap, m("Id"), "ID_SUPP-BYTTEGRUPPE-OMEPRAZOL-20MG")
    sub(swap, m("Kode"), V="990001", DN="OMEPRAZOL ENTEROKAPSLER 20MG (EKSEMPEL)")
    sub(swap, m("MerknadTilByttbarhet"), "false")
    sub(swap, m("GyldigFraDato"), "2009-01-01")
    return root


def main() -> None:
    target = Path(sys.argv[1])
    root = build()
    etree.indent(root, space="  ")
    target.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    print(f"Skrev {target}")


if __name__ == "__main__":
    main()
