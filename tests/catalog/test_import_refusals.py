"""Files that must never become a release: the empty release, a DOCTYPE (billion laughs or one harmless entity),
a negative or absurd price, a gzip bomb, a release that drops most packages. Each is refused in bokmål before
anything is stored, and the catalogue is exactly as it was (every row of every catalogue table compared, and
the row counts)."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from blaresept.catalog.importer import import_file
from blaresept.fest import FestError
from tests.catalog.conftest import EXTRACT, extract_text, snapshot

HENTET = "<HentetDato>2017-04-12T05:32:22</HentetDato>"
M30 = "http://www.kith.no/xmlstds/eresept/m30/2014-12-01"
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>\n")


def _refused(engine: Engine, path: Path, words: str, **kwargs: object) -> None:
    before = snapshot(engine)
    counts = {name: len(rows) for name, rows in before.items()}
    with pytest.raises(FestError) as caught:
        import_file(engine, path, **kwargs)  # type: ignore[arg-type]
    assert words in str(caught.value), str(caught.value)
    after = snapshot(engine)
    assert {name: len(rows) for name, rows in after.items()} == counts
    assert after == before


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    import_file(engine, EXTRACT)
    return engine


def test_the_empty_release_is_refused(loaded: Engine, tmp_path: Path) -> None:
    text = extract_text()
    hentet = text[text.index("<HentetDato>"):text.index("</HentetDato>") + len("</HentetDato>")]
    later = hentet.replace("2017", "2018")
    empty = tmp_path / "tom.xml"
    empty.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<FEST xmlns="{M30}">{later}</FEST>\n')
    _refused(loaded, empty, "KatLegemiddelpakning")


@pytest.mark.parametrize("doctype", [
    LAUGHS,
    '<?xml version="1.0"?>\n<!DOCTYPE FEST [<!ENTITY e "x">]>\n',
    '<?xml version="1.0"?>\n<!DOCTYPE FEST SYSTEM "file:///etc/passwd">\n',
])
def test_a_doctype_is_refused_before_parsing(loaded: Engine, tmp_path: Path, doctype: str) -> None:
    text = extract_text()
    body = text[text.index("<FEST"):] if text.startswith("<?xml") else text
    path = tmp_path / "doctype.xml"
    path.write_text(doctype + body.replace("<HentetDato>", "<HentetDato>&e;" if "ENTITY e " in doctype
                                           else "<HentetDato>", 1))
    _refused(loaded, path, "DOCTYPE")


@pytest.mark.parametrize("price,words", [("-688.80", "negativ"), ("100000000000000000000", "over 100 000 000 kr"),
                                         ("1E+20", "xs:decimal")])
def test_a_negative_or_absurd_price_is_refused(engine: Engine, variant: Callable[..., Path], price: str,
                                               words: str) -> None:
    path = variant(('<Pris V="505.15" U="NOK" />', f'<Pris V="{price}" U="NOK" />'))
    _refused(engine, path, words)


def test_a_gzip_bomb_is_refused_while_it_is_unpacked(loaded: Engine, tmp_path: Path) -> None:
    text = extract_text()
    start = text.index("<HentetDato>")
    bomb = tmp_path / "bombe.xml.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        out.write(text[:start].encode())
        block = b" " * (1 << 20)
        for _ in range(400):  # 400 MB of whitespace, about 400 kB packed
            out.write(block)
        out.write(text[start:].encode())
    assert bomb.stat().st_size < 2_000_000
    _refused(loaded, bomb, "gzip-bombe")


def test_a_release_that_drops_most_packages_is_refused_unless_meant(loaded: Engine,
                                                                    variant: Callable[..., Path]) -> None:
    text = extract_text()
    # a later release holding only the first package of the catalogue (and everything else)
    first = text.index("<OppfLegemiddelpakning>")
    last = text.rindex("</OppfLegemiddelpakning>") + len("</OppfLegemiddelpakning>")
    second = text.index("<OppfLegemiddelpakning>", first + 1)
    hentet = text[text.index("<HentetDato>"):text.index("</HentetDato>")]
    path = variant((text[second:last], ""), (hentet, hentet.replace("2017-04-12", "2017-05-12")))
    _refused(loaded, path, "ville fjerne", loose=True)
    assert import_file(loaded, path, loose=True, allow_drop=True).new_release
