"""One package per stønad. Each registers its `Stonad` objects with `blaresept.cases.contract.register` when
imported; the engine imports every package here on its first lookup (`contract.stonad_for`), so a new stønad
is a new package and nothing else changes."""
