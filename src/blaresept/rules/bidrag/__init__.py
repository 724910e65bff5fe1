"""Bidrag til spesielle formål (folketrygdloven § 5-22, Helsedirektoratet's rundskriv): pure rules.

- model.py     the claim (persons, relations, receipts per purpose) and the result types
- compute.py   minstebeløp per year, 90 % above it per purpose, the purposes that count as one within a person,
               full cover (cystisk fibrose, yrkesskade, low income), fixed maxima paid once (madrass- and
               puteovertrekk), ridefysioterapi (max treatments, takst), family pooling, the claim deadline
- declaration.py  whether a doctor's declaration is needed and still valid (every 3rd year for hud and sår)
"""
