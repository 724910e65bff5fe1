"""A seeded synthetic national dataset of blue-prescription dispensings, calibrated to the national volumes in
shared/reference/scale-figures.md, written as Parquet in chunks.

What is calibrated, and to what (every figure here is a modelling choice for a benchmark, not a statistic):

- rows per person per year ≈ 17.5: about 70 M dispensed lines (69 M in 2023, Apotekforeningen) over about
  4 M persons (3.8–3.9 M persons with a dispensing, 2023; scale-figures.md § 1). So `--rows 70000000` gives
  ≈ 4 M persons for one year.
- age structure of the persons: the population share of each age band (rounded, Norway 2023) times the
  share with a dispensing in the band (70 % overall, 92–95 % at 70+; FHI 2019:2); older persons get more
  dispensings (relative weights below; unverified estimate).
- prices: the AUPs of the packages in the FEST sample (src/blaresept/batch/data/fest_prices_2017-04-12.json,
  derived by scripts/batch_prices_from_fest.py), drawn with weight AUP^−α, α solved so the mean line price is
  ≈ 510 kr = 35.2 bn kr Rx-only spending / 69 M prescriptions (2023, scale-figures.md § 2; derived, L).
- everything else — the hjemmel mix (from the 2014 user counts per section, Meld. St. 28), the share of
  minstepensjonister, reservations, maximum refund prices, yrkesskade, refund codes and frikort known from
  other services — is an unverified estimate, stated where it is set.

All 70 M lines are treated as blue prescriptions; in reality about 55–65 % are (unverified estimate), so
totals are an upper bound of the blue scheme. Rows are written sorted by person, so each Parquet row group
covers a disjoint range of persons (the batch runner uses that to price in person-disjoint batches).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import polars as pl

from blaresept.batch.schema import HJEMMEL, RESERVATION

ROWS_PER_PERSON = 17.5
"""≈ 70 M lines / 4 M persons a year (scale-figures.md, «Proposed target sizes»)."""

LINES_PER_DISPENSING_EXTRA = 0.5
"""Lines per dispensing are 1 + Poisson(0.5): 1.5 on average (unverified estimate)."""

TARGET_MEAN_PRICE = 51_000
"""Mean line price in øre: 35.2 bn kr / 69 M prescriptions (2023; derived, low confidence)."""

AGE_BANDS: tuple[tuple[int, int, float, float, float], ...] = (
    # (from age, to age inclusive, population share, share with a dispensing, relative dispensings)
    (0, 11, 0.140, 0.50, 0.25),
    (12, 15, 0.050, 0.55, 0.30),
    (16, 17, 0.025, 0.60, 0.40),
    (18, 29, 0.155, 0.62, 0.50),
    (30, 44, 0.205, 0.63, 0.70),
    (45, 66, 0.260, 0.72, 1.20),
    (67, 79, 0.120, 0.93, 2.20),
    (80, 99, 0.045, 0.95, 3.00),
)
"""Population shares rounded from Norway's 2023 age structure; prevalence from FHI 2019:2 (70 % overall,
92–95 % at 70+); the relative dispensing weights are an unverified estimate."""

HJEMMEL_SHARES = {"§2": 0.86, "§3": 0.07, "§4": 0.02, "§5": 0.04, "§6": 0.01}
"""Per prescribed package; from the 2014 user counts (§ 2 ≈ 2.3 M, § 3 ≈ 110 k, § 4 ≈ 35 k; Meld. St. 28)
with § 5/§ 6 guessed (unverified estimate)."""

PRESCRIBERS = 30_000
"""Size of the prescriber pool (unverified estimate); ids are HPR-like numbers from 1 000 000."""

MINIMUM_PENSIONER_SHARE = 0.10
"""Share of persons 67+ who are minstepensjonister (unverified estimate)."""

FRIKORT_ELSEWHERE_SHARE = 0.08
"""Share of adults whose frikort is known at the counter from other services, from a random day (unverified)."""

PATIENT_RESERVATION = 0.10
PRESCRIBER_RESERVATION = 0.03
"""Of packages with a cheaper equivalent: patient and prescriber reservations (unverified estimate)."""

YRKESSKADE_SHARE = 0.003
"""Share of prescribed packages for an approved yrkesskade (unverified estimate)."""

REFUND_CODES_SECTION2 = ("ICPC:T90", "ICPC:K86", "ICPC:R96", "ICPC:P76", "ICD:E11", "ICD:D84", "-90")
REFUND_CODE_WEIGHTS = (0.30, 0.30, 0.15, 0.15, 0.08, 0.01, 0.01)
REFUND_CODES_SECTION4 = ("ICD:B20", "ICD:A15")
"""Refusjonskoder on § 2 and § 4 prescriptions, some of them exempt (D84, -90, B20); unverified mix."""

REGULAR_SHARE = 0.15
"""Share of a person's regular packages (slots) collected on a fixed rhythm from one reiterated prescription —
one prescription group for the year — so that the egenandelsperiode matters (unverified estimate)."""

REGULAR_INTERVALS = (30, 61)
REGULAR_INTERVAL_WEIGHTS = (0.6, 0.4)
"""Regular pick-ups are monthly (every 30 days) or two-monthly (every 61 days) (unverified estimate)."""

PERSONS_PER_CHUNK = 100_000
ROW_GROUP = 250_000


@dataclass(frozen=True)
class PriceTable:
    aup: np.ndarray
    cheapest: np.ndarray  # the refund price when it is below the AUP, else -1 (no cheaper equivalent)
    refund_price: np.ndarray  # -1 where FEST gives none
    weights: np.ndarray
    source: str


@cache
def price_table() -> PriceTable:
    """The FEST sample's AUPs, weighted so the mean line price meets TARGET_MEAN_PRICE."""
    path = resources.files("blaresept.batch") / "data" / "fest_prices_2017-04-12.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    packages = document["packages"]
    aup = np.array([p["aup"] for p in packages], dtype=np.int64)
    refund = np.array([p["refund_price"] if p["refund_price"] is not None else -1 for p in packages],
                      dtype=np.int64)
    cheapest = np.where((refund >= 0) & (refund < aup), refund, -1)
    alpha = _solve_alpha(aup.astype(float), TARGET_MEAN_PRICE)
    weights = aup.astype(float) ** -alpha
    return PriceTable(aup, cheapest, refund, weights / weights.sum(), document["source"])


def _solve_alpha(prices: np.ndarray, target: float) -> float:
    """The exponent α ≥ 0 for which the mean of prices weighted by price^−α is the target (bisection)."""
    def mean(a: float) -> float:
        w = prices ** -a
        return float((prices * w).sum() / w.sum())

    if mean(0.0) <= target:
        return 0.0
    low, high = 0.0, 4.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if mean(middle) > target else (low, middle)
    return (low + high) / 2


def _age_mix() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    lows = np.array([b[0] for b in AGE_BANDS])
    highs = np.array([b[1] for b in AGE_BANDS])
    users = np.array([b[2] * b[3] for b in AGE_BANDS])
    weight = np.array([b[4] for b in AGE_BANDS])
    share = users / users.sum()
    return lows, highs, share, weight


def _lines_scale() -> float:
    """Mean lines per person in a band = scale × relative weight, so the users' mean is ROWS_PER_PERSON."""
    _, _, share, weight = _age_mix()
    return ROWS_PER_PERSON / float((share * weight).sum())


def generate_chunk(first_person: int, persons: int, first_dispensing: int, years: Sequence[int], seed: int,
                   chunk: int) -> pl.DataFrame:
    """The dispensed lines of `persons` persons with ids from `first_person`, over the given years."""
    rng = np.random.default_rng([seed, chunk])
    prices = price_table()
    lows, highs, share, weight = _age_mix()

    # Persons: age band, birth date, statuses.
    band = rng.choice(len(AGE_BANDS), size=persons, p=share)
    age_mid_first_year = rng.integers(lows[band], highs[band] + 1)
    birth_ordinal = (
        date(years[0], 7, 1).toordinal() - age_mid_first_year * 365.25 - rng.integers(0, 365, size=persons)
    ).astype(np.int64)
    minimum_pensioner = (age_mid_first_year >= 67) & (rng.random(persons) < MINIMUM_PENSIONER_SHARE)
    frikort_elsewhere = (age_mid_first_year >= 18) & (rng.random(persons) < FRIKORT_ELSEWHERE_SHARE)
    frikort_day = rng.integers(0, 365, size=persons)
    mean_lines = _lines_scale() * weight[band]

    # Each person's regular packages ("slots"), each with its prescriber, hjemmel and status.
    slots_per_person = 1 + rng.poisson(np.clip(mean_lines / 6, 0.5, 6))
    slot_person = np.repeat(np.arange(persons), slots_per_person)
    slot_offset = np.concatenate(([0], np.cumsum(slots_per_person)[:-1]))
    slots = slot_person.size
    slot_index_in_person = np.arange(slots) - slot_offset[slot_person]
    own_prescribers = 1 + (rng.random(persons) < 0.4) + (rng.random(persons) < 0.15)
    person_prescribers = rng.integers(1_000_000, 1_000_000 + PRESCRIBERS, size=(persons, 3), dtype=np.int64)
    which = np.where(slot_index_in_person == 0, 0, rng.integers(0, own_prescribers[slot_person]))
    slot_prescriber = person_prescribers[slot_person, which]
    slot_writing_anchor = (rng.integers(0, 91, size=(persons, 3)))[slot_person, which]
    package = rng.choice(prices.aup.size, size=slots, p=prices.weights)
    slot_price = prices.aup[package]
    slot_cheapest = prices.cheapest[package]
    hjemmel_names = list(HJEMMEL_SHARES)
    slot_hjemmel = rng.choice(len(hjemmel_names), size=slots, p=list(HJEMMEL_SHARES.values()))
    roll = rng.random(slots)
    has_cheaper = slot_cheapest >= 0
    slot_reservation = np.where(
        has_cheaper & (roll < PATIENT_RESERVATION), 2,
        np.where(has_cheaper & (roll < PATIENT_RESERVATION + PRESCRIBER_RESERVATION), 1, 0),
    )
    section5or6 = np.isin(slot_hjemmel, [hjemmel_names.index("§5"), hjemmel_names.index("§6")])
    refund_or_aup = np.where(prices.refund_price[package] >= 0, prices.refund_price[package], slot_price)
    ceiling = np.minimum(refund_or_aup, (slot_price * rng.uniform(0.8, 1.1, size=slots)).astype(np.int64))
    slot_max_refund = np.where(section5or6, ceiling, -1)
    slot_yrkesskade = rng.random(slots) < YRKESSKADE_SHARE
    slot_regular = rng.random(slots) < REGULAR_SHARE
    slot_interval = np.array(REGULAR_INTERVALS)[rng.choice(len(REGULAR_INTERVALS), size=slots,
                                                           p=REGULAR_INTERVAL_WEIGHTS)]
    codes = list(REFUND_CODES_SECTION2) + list(REFUND_CODES_SECTION4)
    slot_code = np.where(
        slot_hjemmel == hjemmel_names.index("§4"),
        len(REFUND_CODES_SECTION2) + rng.integers(0, len(REFUND_CODES_SECTION4), size=slots),
        np.where(slot_hjemmel == hjemmel_names.index("§2"),
                 rng.choice(len(REFUND_CODES_SECTION2), size=slots, p=REFUND_CODE_WEIGHTS), -1),
    )

    frames = []
    dispensing_base = first_dispensing
    for year in years:
        start = date(year, 1, 1).toordinal()
        days_in_year = date(year + 1, 1, 1).toordinal() - start
        # Regular pick-ups: each regular slot every 30 or 61 days from a random first day, one line each,
        # all from one prescription written up to two weeks before the first pick-up.
        first_day = rng.integers(0, slot_interval)
        pick_ups = np.where(slot_regular, (days_in_year - 1 - first_day) // slot_interval + 1, 0)
        r_slot = np.repeat(np.arange(slots), pick_ups)
        r_index = np.arange(r_slot.size) - np.repeat(np.cumsum(pick_ups) - pick_ups, pick_ups)
        r_day = first_day[r_slot] + r_index * slot_interval[r_slot]
        r_written = start + first_day[r_slot] - rng.integers(0, 15, size=slots)[r_slot]
        regular_per_person = np.bincount(slot_person[r_slot], minlength=persons)
        # Other dispensings per person: a long tail (negative binomial, dispersion 1), fewer by the regular
        # pick-ups so the lines per person stay calibrated; everyone has at least one dispensing.
        mean_dispensings = np.maximum(mean_lines / (1 + LINES_PER_DISPENSING_EXTRA) - 1, 0.01)
        count = 1 + rng.negative_binomial(1, 1 / (1 + mean_dispensings))
        count = np.where(regular_per_person > 0, np.maximum(count - regular_per_person, 0), count)
        o_person = np.repeat(np.arange(persons), count)
        d_person = np.concatenate((o_person, slot_person[r_slot]))
        d_day = np.concatenate((rng.integers(0, days_in_year, size=o_person.size), r_day))
        d_regular = np.concatenate((np.full(o_person.size, -1), r_slot))  # the regular slot, or -1
        d_written = np.concatenate((np.zeros(o_person.size, dtype=np.int64), r_written))
        d_day = np.maximum(d_day, birth_ordinal[d_person] - start)  # nobody gets a dispensing before birth
        order = np.lexsort((d_day, d_person))
        d_person, d_day, d_regular, d_written = d_person[order], d_day[order], d_regular[order], d_written[order]
        lines = np.where(d_regular >= 0, 1, 1 + rng.poisson(LINES_PER_DISPENSING_EXTRA, size=d_person.size))
        l_dispensing = np.repeat(np.arange(d_person.size), lines)
        l_person = d_person[l_dispensing]
        l_day = d_day[l_dispensing]
        l_regular = d_regular[l_dispensing]
        l_slot = np.where(l_regular >= 0, l_regular,
                          slot_offset[l_person] + rng.integers(0, slots_per_person[l_person]))
        l_ordinal = start + l_day
        anchor = slot_writing_anchor[l_slot]
        written = np.where(l_regular >= 0, d_written[l_dispensing],
                           l_ordinal - np.mod(l_ordinal - anchor, 91))
        written = np.minimum(np.maximum(written, birth_ordinal[l_person]), l_ordinal)
        hjemmel = slot_hjemmel[l_slot]
        reservation = slot_reservation[l_slot]
        cheapest = slot_cheapest[l_slot]
        ceiling_l = slot_max_refund[l_slot]
        code = slot_code[l_slot]
        epoch = date(1970, 1, 1).toordinal()
        frames.append(pl.DataFrame({
            "person_id": (first_person + l_person).astype(np.int32),
            "birth_date": pl.Series(birth_ordinal[l_person] - epoch, dtype=pl.Int32).cast(pl.Date),
            "dispensing_id": (dispensing_base + l_dispensing).astype(np.int32),
            "date": pl.Series(l_ordinal - epoch, dtype=pl.Int32).cast(pl.Date),
            "prescriber": slot_prescriber[l_slot].astype(np.int32),
            "written": pl.Series(written - epoch, dtype=pl.Int32).cast(pl.Date),
            "hjemmel": pl.Series(np.array(hjemmel_names)[hjemmel], dtype=pl.String).cast(HJEMMEL),
            "price": slot_price[l_slot].astype(np.int64),
            "cheapest_price": pl.Series(np.where(cheapest >= 0, cheapest, 0), dtype=pl.Int64),
            "cheapest_missing": cheapest < 0,
            "reserved_by": pl.Series(np.array(RESERVATION.categories.to_list())[reservation],
                                     dtype=pl.String).cast(RESERVATION),
            "max_refund_price": pl.Series(np.where(ceiling_l >= 0, ceiling_l, 0), dtype=pl.Int64),
            "ceiling_missing": ceiling_l < 0,
            "minimum_pensioner": minimum_pensioner[l_person],
            "frikort": frikort_elsewhere[l_person] & (l_day >= frikort_day[l_person]),
            "yrkesskade": slot_yrkesskade[l_slot],
            "refund_code": pl.Series(np.array(codes + [""])[code], dtype=pl.String),
        }))
        dispensing_base += d_person.size
    frame = pl.concat(frames).with_columns(
        pl.when(pl.col("cheapest_missing")).then(None).otherwise(pl.col("cheapest_price")).alias("cheapest_price"),
        pl.when(pl.col("ceiling_missing")).then(None).otherwise(pl.col("max_refund_price"))
        .alias("max_refund_price"),
        pl.when(pl.col("refund_code") == "").then(None).otherwise(pl.col("refund_code")).alias("refund_code"),
    ).drop("cheapest_missing", "ceiling_missing")
    return frame.sort("person_id", "date", "dispensing_id", maintain_order=True)


def persons_for(rows: int) -> int:
    return max(1, math.ceil(rows / ROWS_PER_PERSON))


@dataclass(frozen=True)
class Generated:
    rows: int
    persons: int
    dispensings: int
    files: tuple[Path, ...]


def generate(rows: int, out: Path, seed: int = 2023, years: Sequence[int] = (2023,),
             progress: Callable[[int], None] | None = None, row_group_size: int = ROW_GROUP) -> Generated:
    """Write exactly `rows` dispensed lines to out/part-NNNNN.parquet, person by person (a person's rows
    never span two files; the last person may be cut short). `progress` is called with the number of rows
    written after each chunk."""
    if rows < 1:
        raise ValueError("Antall rader må være minst 1.")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    written = persons = dispensings = chunk = 0
    files = []
    per_chunk = max(1, math.ceil(PERSONS_PER_CHUNK / len(years)))
    while written < rows:
        wanted = math.ceil(persons_for(rows - written) / len(years) * 1.2) + 10
        frame = generate_chunk(persons, min(per_chunk, wanted), dispensings, years, seed, chunk)
        frame = frame.head(rows - written)
        path = out / f"part-{chunk:05d}.parquet"
        frame.write_parquet(path, row_group_size=row_group_size, statistics=True)
        files.append(path)
        written += frame.height
        persons = int(frame["person_id"].max()) + 1  # type: ignore[arg-type]
        dispensings = int(frame["dispensing_id"].max()) + 1  # type: ignore[arg-type]
        chunk += 1
        if progress:
            progress(frame.height)
    return Generated(written, persons, dispensings, tuple(files))
