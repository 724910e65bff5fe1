"""The batch engine: a country's year of dispensings priced exactly, columnar (Polars), under the rules of
each date, with the yearly egenandelstak per person. It reads the same parameter files as the counter engine
(`blaresept.rules.parameters`) and reproduces `blaresept.rules.egenandelstak.ledger.price_person` to the øre.

- `schema`: the input table (one row per dispensed line) and its checks.
- `rule_table`: per-date and per-year lookups built from the `Parameter` objects (no value written twice).
- `engine`: the pricing plan (lazy Polars, one sort, then only columnar scans).
- `runner`: Parquet in, Parquet out, in person-disjoint batches, with progress and a summary.
- `summary`: the totals a person reads (price, copay, patient extra, Helfo, frikort, refunds).
- `generate`: the seeded synthetic national dataset.
- `reference`: the same table priced by the counter engine, one person at a time (for tests and benchmarks).

See docs/batch.md.
"""
