"""Sample data for the fastlege register, loaded with the demo persons (`seed_demo`, so `scripts/serve` shows it):
three kommuner, four practices, five fastleger with lists — one open with room (the demo doctor's), one nearly
full, one full (for the waiting list), one in another kommune, one ubesatt — the demo persons on lists, and
synthetic listeinnbyggere to fill them. Idempotent: nothing is added when the register has lists."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select

from blaresept.fastlege import register as reg
from blaresept.fastlege.synthetic import synthetic_fnr
from blaresept.fastlege.tables import GpList
from blaresept.persons.service import find_or_register
from blaresept.storage.db import transaction

KOMMUNER = (("0301", "Oslo"), ("1103", "Stavanger"), ("4601", "Bergen"))
PRACTICES = (("0301", "Majorstuen legesenter", "Kirkeveien 64, 0364 Oslo"),
             ("0301", "Grünerløkka legekontor", "Thorvald Meyers gate 40, 0555 Oslo"),
             ("1103", "Storhaug legesenter", "Haugesundsgata 9, 4014 Stavanger"),
             ("4601", "Nordnes legekontor", "Nordnesgaten 5, 5005 Bergen"))
# key, HPR, name, practice, listetak, open, filled with this many synthetic persons
LISTS = (("lise", "9144889", "Lise Demo", "Majorstuen legesenter", 25, True, 12),
         ("per", "9144900", "Per Hansen", "Majorstuen legesenter", 20, True, 17),
         ("frida", "9144897", "Frida Full", "Grünerløkka legekontor", 20, True, 20),
         ("sven", "9144918", "Sven Storhaug", "Storhaug legesenter", 30, True, 8),
         ("nina", "9144926", "Nina Nordnes", "Nordnes legekontor", 15, False, 15))
# demo person's fødselsnummer → the list they are on and their kommune
DEMO_PLACES = {"01037040068": ("lise", "0301"), "15068040083": ("per", "0301"), "20051250096": ("per", "0301"),
               "10015040063": ("lise", "0301")}
FIRST = ("Anne", "Bjørn", "Camilla", "Dag", "Eva", "Fredrik", "Gro", "Håkon", "Ingrid", "Jon", "Kristin", "Lars",
         "Marit", "Nils", "Oda", "Petter", "Ragnhild", "Sindre", "Tone", "Ulrik", "Vilde", "Øystein", "Åse")
LAST = ("Berg", "Dahl", "Eide", "Haugen", "Johansen", "Lie", "Moen", "Nilsen", "Olsen", "Solberg", "Strand",
        "Vik")
SINCE = date(2020, 1, 1)


def seed_fastlege(engine: Engine) -> None:
    with transaction(engine) as session:
        if session.scalar(select(func.count(GpList.id))):
            return
        for number, name in KOMMUNER:
            reg.kommune(session, number, name)
        practices = {name: reg.practice(session, kommune, name, address) for kommune, name, address in PRACTICES}
        lists = {}
        for key, hpr, name, practice, capacity, _open, _fill in LISTS:
            lists[key] = reg.create_list(session, practices[practice], reg.gp(session, hpr, name), capacity, True,
                                         SINCE, "eksempeldata")
        for fnr, (key, kommune) in DEMO_PLACES.items():
            person = find_or_register(session, fnr)
            reg.register_move(session, person, kommune, SINCE, "eksempeldata")
            reg.place(session, person, lists[key].id, SINCE, "eksempeldata")
        serial = 0
        for key, _hpr, _name, practice, _capacity, open_, fill in LISTS:
            kommune = next(k for k, p, _a in PRACTICES if p == practice)
            have = sum(1 for k, _ in DEMO_PLACES.values() if k == key)
            for _ in range(fill - have):
                born = date(1950 + serial % 50, 1 + serial % 12, 1 + (serial * 7) % 28)
                name = f"{FIRST[serial % len(FIRST)]} {LAST[(serial // len(FIRST)) % len(LAST)]}"
                person = find_or_register(session, synthetic_fnr(born, serial // 600), name)
                reg.register_move(session, person, kommune, SINCE, "eksempeldata")
                reg.place(session, person, lists[key].id, SINCE, "eksempeldata")
                serial += 1
            lists[key].open = open_
