"""The egenandelsperioder in the batch engine (rules/blaresept/copay_period.py, 2009–2025), columnar and
exact: each copay group's copay is at most what is left of the maximum in its period.

Only the copay groups that are not exempt and fall under a rule with periods are *events*. Sorted by person,
prescriber, date written (the copay group), date and dispensing, the events of one group form a run:

1. each event's period end (the day before the same day-of-month `months` later, or the last day of that
   month when the day does not exist) and, by one binary search over (run, day), the first event of the run
   after that end — the start of the next period if this event starts one;
2. the period starts follow from the first event of each run along those links: one vectorised step per
   period of the longest run (a handful), not per row;
3. within each period, event k's copay is min(uncapped, max(0, maximum − paid by events 0 … k−1)): one
   vectorised step per position in a period (a few), so the maximum may change inside a period as the rules
   of each date say.

A dispensing the frikort makes free forms no period (as in the counter, where it has no copay group). Whether a
dispensing is free depends on the copays before it, which depend on the periods; within a calendar year a free
dispensing only comes after every paid one, so it can change only events of a later year in the same run.
`price_table` therefore prices once with every event, and again with the free events left out while that
changes which dispensings are free (at most once per calendar year in the data; once for one year).
"""

from __future__ import annotations

import numpy as np
import polars as pl

DAY_BITS = 20
"""Days since 1970 fit in 20 bits until 4840; (run, day) is packed into one Int64 key."""


def event_frame(frame: pl.DataFrame, excluded: np.ndarray | None) -> pl.DataFrame:
    """The copay groups that use a period, with their row index in `frame`, in run order: `frame` is sorted by
    person, date and dispensing, so a stable sort by person and copay group gives person, group, date,
    dispensing. Prescriber and date written are packed into one key when they fit (they do for HPR numbers)."""
    events = frame.lazy().with_row_index("index").filter(
        pl.col("group_start") & ~pl.col("uncounted") & pl.col("period_months").is_not_null()
    ).select("index", "person_id", "group_prescriber", "group_written", "date", "period_months")
    bounds = frame.select(pl.col("group_prescriber").abs().max().alias("p"),
                          pl.col("group_written").min().cast(pl.Int32).alias("w0"),
                          pl.col("group_written").max().cast(pl.Int32).alias("w1")).row(0)
    if bounds[0] is not None and bounds[0] < 2**46 and bounds[1] >= 0 and bounds[2] < 2**16:
        group = pl.col("group_prescriber").cast(pl.Int64) * 2**16 + pl.col("group_written").cast(pl.Int32)
        found = events.sort([pl.col("person_id"), group], maintain_order=True).collect()
    else:
        found = events.sort(["person_id", "group_prescriber", "group_written"], maintain_order=True).collect()
    if excluded is not None:
        found = found.filter(pl.Series(~np.isin(found["index"].to_numpy(), excluded)))
    return found


MONTH_STARTS = np.arange("1970-01", "2300-01", dtype="datetime64[M]").astype("datetime64[D]").astype(np.int64)
"""The first day of every month from 1970 to 2299, as days since 1970: month arithmetic by lookup."""


def period_ends(day: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The last day of a period starting on each day (days since 1970; copay_period.period_end): the day before
    the same day-of-month `months` later, or the last day of that month when the day does not exist in it."""
    month = np.searchsorted(MONTH_STARTS, day, side="right") - 1
    day_of_month = day - MONTH_STARTS[month]  # 0-based
    target = month + months.astype(np.int64)
    first = MONTH_STARTS[target]
    length = MONTH_STARTS[target + 1] - first
    return np.where(day_of_month >= length, first + length - 1, first + day_of_month - 1)


def group_copays(frame: pl.DataFrame, excluded: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group copay (min(uncapped, maximum), or less where its period has paid before), and the
    row indices of the events. `frame` is in the engine's sort order with group_start, uncounted,
    period_months, maximum and group_uncapped."""
    # An invalid row (a missing value) may hold nulls here; the table is refused after the pass (`verify`).
    uncapped = frame["group_uncapped"].fill_null(0).to_numpy()
    maximum = frame["maximum"].fill_null(0).to_numpy()
    copay = np.where(frame["uncounted"].fill_null(True).to_numpy(), 0, np.minimum(uncapped, maximum))
    events = event_frame(frame, excluded)
    n = events.height
    if n == 0:
        return copay, np.empty(0, dtype=np.int64)
    index = events["index"].to_numpy().astype(np.int64)
    run_start = (
        (events["person_id"] != events["person_id"].shift(1))
        | (events["group_prescriber"] != events["group_prescriber"].shift(1))
        | (events["group_written"] != events["group_written"].shift(1))
    ).fill_null(True).to_numpy()
    run = np.cumsum(run_start) - 1
    day = events["date"].cast(pl.Int32).to_numpy().astype(np.int64)
    end = period_ends(day, events["period_months"].to_numpy())
    key = (run << DAY_BITS) | day
    following = np.searchsorted(key, (run << DAY_BITS) | end, side="right")

    starts = np.zeros(n, dtype=bool)
    current = np.flatnonzero(run_start)
    while current.size:
        starts[current] = True
        nxt = following[current]
        inside = nxt < n
        nxt, current = nxt[inside], current[inside]
        current = nxt[run[nxt] == run[current]]

    # One step per position in a period: the k-th event of every period that has one.
    first = np.flatnonzero(starts)
    size = np.diff(np.append(first, n))
    event_uncapped = uncapped[index]
    event_maximum = maximum[index]
    paid = np.zeros(n, dtype=np.int64)
    result = np.zeros(n, dtype=np.int64)
    for k in range(int(size.max())):
        at = first[size > k] + k
        before = paid[at - 1] if k else np.zeros(at.size, dtype=np.int64)
        left = np.maximum(0, event_maximum[at] - before)
        result[at] = np.minimum(event_uncapped[at], left)
        paid[at] = before + result[at]
    copay[index] = result
    return copay, index


def spread(copay: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Each row gets the value of its group's first row."""
    positions = np.where(group_start, np.arange(group_start.size), 0)
    return copay[np.maximum.accumulate(positions)]


def free_events_needing_a_second_pass(frame: pl.DataFrame, events: np.ndarray) -> np.ndarray:
    """The events the frikort made free, if leaving them out can change a later event (one of a later year
    in the same copay group); empty when the prices stand."""
    if events.size == 0 or frame["year"].min() == frame["year"].max():
        return np.empty(0, dtype=np.int64)
    rows = frame.select("free", "person_id", "group_prescriber", "group_written", "year")[events]
    free = rows["free"].to_numpy()
    if not free.any():
        return np.empty(0, dtype=np.int64)
    later = rows.with_columns(
        (pl.col("year").max().over(["person_id", "group_prescriber", "group_written"]) > pl.col("year"))
        .alias("later"))["later"].to_numpy()
    if not (free & later).any():
        return np.empty(0, dtype=np.int64)
    return np.sort(events[free])
