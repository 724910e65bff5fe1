"""Helfo's case engine: one process for every stønad.

The engine (this package outside `stonader/`) holds what every case has: the steps and who may take them
(`flow.py`), the tables (`tables.py`), the application track (`application.py`: receive → completeness →
assessment → decision → letter → close), the appeal chain to Helseklage and Trygderetten (`appeals.py`), the
caseworker queue and reads (`reads.py`), deadlines on Norwegian working days (`clock.py` with
`rules/procedure/`), letters (`letters.py`, the frame every decision letter extends) and the timeline
(`repository.record_event`). It imports no stønad.

A stønad plugs in through `contract.Stonad`: its form, its pure rules (in `rules/<area>/`), what its decision
contains and what its letter says. Each package under `stonader/` registers its stønader with
`contract.register()`; the engine finds them with `contract.stonad_for(case.kind)`. docs/architecture.md walks
through adding one.
"""
