"""Derive the synthetic dataset's price table from the FEST sample: one row per package with its AUP
(apotekets utsalgspris) and, where FEST gives one, its refund price (Refusjonspris), in øre.

Run once; the result is committed as src/blaresept/batch/data/fest_prices_2017-04-12.json:

    .venv/bin/python scripts/batch_prices_from_fest.py \
        /work/shared/reference/fest/samples/fest-mini-2017-04-12.m30ns.xml.gz \
        src/blaresept/batch/data/fest_prices_2017-04-12.json
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from lxml import etree

from blaresept.money import kroner

M30 = "http://www.kith.no/xmlstds/eresept/m30/2014-12-01"
FORSKRIVNING = "http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01"
PRICE_TYPES = {"4": "aup", "2": "refund_price"}  # Volven 7453: 4 = AUP, 2 = Refusjonspris


def derive(source: Path) -> list[dict[str, object]]:
    with gzip.open(source) as stream:
        tree = etree.parse(stream)
    ns = {"m": M30, "f": FORSKRIVNING}
    packages = []
    for package in tree.iterfind(".//m:OppfLegemiddelpakning/f:Legemiddelpakning", namespaces=ns):
        prices: dict[str, int] = {}
        for price in package.iterfind("f:PrisVare", namespaces=ns):
            kind = PRICE_TYPES.get(price.find("f:Type", namespaces=ns).get("V"))
            if kind:
                prices[kind] = kroner(price.find("f:Pris", namespaces=ns).get("V"))
        if "aup" not in prices:
            continue
        packages.append({
            "varenummer": package.findtext("f:Varenr", namespaces=ns),
            "name": package.findtext("f:NavnFormStyrke", namespaces=ns),
            "atc": package.find("f:Atc", namespaces=ns).get("V"),
            "aup": prices["aup"],
            "refund_price": prices.get("refund_price"),
        })
    packages.sort(key=lambda p: str(p["varenummer"]))
    return packages


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    packages = derive(source)
    document = {
        "source": f"FEST M30, HentetDato 2017-04-12 ({source.name}; shared/reference/fest/SOURCES.md), "
                  "open data from DMP (NLOD 2.0)",
        "derived_by": "scripts/batch_prices_from_fest.py",
        "unit": "øre, including VAT",
        "packages": packages,
    }
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(packages)} pakninger skrevet til {target}")


if __name__ == "__main__":
    main()
