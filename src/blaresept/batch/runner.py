"""Parquet in, Parquet out: a whole dataset priced in person-disjoint batches, with progress and a summary.

Every rule in the engine is per person, so any split of the persons can be priced independently and gives
the same result. The runner reads the `person_id` statistics of every Parquet row group, merges overlapping
ranges, and packs them into batches of about `batch_rows` rows; each batch is read with a filter on its person
range (row groups outside it are skipped from their statistics) and priced on its own. Data written person by
person (as `generate` does) splits into many batches and never needs more memory than one batch; data in
any other order still prices correctly, as one batch.

Output (OUT/): lines/part-NNNNN.parquet (one row per input row; `row` is the input's row number across the
files in name order) and person_years/part-NNNNN.parquet (one row per person and calendar year).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl
import pyarrow.parquet as pq

from blaresept.batch.engine import Priced, price_table
from blaresept.batch.rule_table import RuleTables, rule_tables
from blaresept.batch.schema import BatchInputError
from blaresept.batch.summary import Summary, summarise
from blaresept.rules.parameters import ParameterSet

BATCH_ROWS = 8_000_000
COMPRESSION: Final = "lz4"
"""Output compression: LZ4 writes markedly faster than zstd for these integer columns (docs/performance.md)."""


@dataclass(frozen=True)
class Batch:
    """The rows of the persons low … high (inclusive); all rows when low is None."""

    low: int | None
    high: int | None
    rows: int


def input_files(source: Path) -> list[Path]:
    """The Parquet files of a dataset: the file itself, or every *.parquet in the folder, in name order."""
    if source.is_dir():
        files = sorted(source.glob("*.parquet"))
        if not files:
            raise BatchInputError(f"Fant ingen Parquet-filer i {source}.")
        return files
    if not source.exists():
        raise BatchInputError(f"Finner ikke {source}.")
    return [source]


def plan_batches(files: Sequence[Path], batch_rows: int = BATCH_ROWS) -> list[Batch]:
    """Person-disjoint batches of about `batch_rows` rows from the row groups' person_id ranges.

    Row groups are ordered by their lowest person; a group that starts at or after the highest person seen
    so far may start a new batch, cut at its lowest person id (a person on the edge of two groups goes
    wholly to the later batch, since batches are read by person range). Groups that overlap more than that
    stay together; with no statistics, or data in no person order, everything is one batch."""
    ranges: list[tuple[int, int, int]] = []
    total = 0
    whole = False
    for path in files:
        metadata = pq.ParquetFile(path).metadata
        names = [metadata.schema.column(i).name for i in range(metadata.num_columns)]
        if "person_id" not in names:
            raise BatchInputError(f"{path.name} mangler kolonnen person_id.")
        if "row" in names:
            raise BatchInputError(f"{path.name} har en kolonne som heter row; det navnet er radnummeret i resultatet.")
        column = names.index("person_id")
        for group in range(metadata.num_row_groups):
            row_group = metadata.row_group(group)
            total += row_group.num_rows
            if row_group.num_rows == 0:
                continue
            stats = row_group.column(column).statistics
            if stats is None or not stats.has_min_max or stats.null_count:
                whole = True
                continue
            ranges.append((int(stats.min), int(stats.max), row_group.num_rows))
    if whole or not ranges:
        return [Batch(None, None, total)]
    ranges.sort()
    starts: list[int] = []
    rows_in: list[int] = []
    highest: int | None = None
    for low, high, rows in ranges:
        if highest is None or (low >= highest and rows_in[-1] >= batch_rows):
            starts.append(low)
            rows_in.append(0)
        rows_in[-1] += rows
        highest = high if highest is None else max(highest, high)
    assert highest is not None
    ends = [start - 1 for start in starts[1:]] + [highest]
    return [Batch(low, high, rows) for low, high, rows in zip(starts, ends, rows_in, strict=True)]


def read_batch(files: Sequence[Path], batch: Batch) -> pl.LazyFrame:
    scan = pl.scan_parquet(list(files), row_index_name="row")
    if batch.low is None or batch.high is None:
        return scan
    return scan.filter(pl.col("person_id").is_between(batch.low, batch.high))


def priced_batches(files: Sequence[Path], params: Sequence[ParameterSet], batch_rows: int = BATCH_ROWS
                   ) -> Iterator[tuple[Batch, list[Priced]]]:
    """Each batch priced under each parameter set (the baseline, and a reform if given)."""
    tables: list[RuleTables] = [rule_tables(p) for p in params]
    for batch in plan_batches(files, batch_rows):
        table = read_batch(files, batch).collect(engine="in-memory")
        yield batch, [price_table(table, tables=t) for t in tables]


@dataclass(frozen=True)
class RunResult:
    summaries: list[Summary]
    batches: int
    rows: int


def price_files(source: Path, out: Path | None, params: Sequence[ParameterSet], batch_rows: int = BATCH_ROWS,
                progress: Callable[[int], None] | None = None, labels: Sequence[str] = ("",)) -> RunResult:
    """Price a dataset under each parameter set; write each one's lines and person-years under out/<label>/
    (label "" → out/ itself); return one summary per parameter set. A batch's files are written in a
    background thread while the next batch is priced (at most one batch waits to be written)."""
    files = input_files(source)
    summaries = [Summary.empty() for _ in params]
    rows = batches = 0
    if out is not None:
        prepare_output(out, labels)
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future[None] | None = None
        for number, (_, results) in enumerate(priced_batches(files, params, batch_rows)):
            for index, result in enumerate(results):
                summaries[index] = summaries[index] + summarise(result)
            if out is not None:
                if pending is not None:
                    pending.result()
                pending = writer.submit(write_parts, out, labels, number, results)
            done = results[0].lines.height
            rows += done
            batches += 1
            if progress:
                progress(done)
        if pending is not None:
            pending.result()
    return RunResult(summaries, batches, rows)


def prepare_output(out: Path, labels: Sequence[str]) -> None:
    """out/<label>/lines/ and out/<label>/person_years/ for each label, emptied of an earlier run's parts."""
    for label in labels:
        for kind in ("lines", "person_years"):
            folder = out / label / kind
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("part-*.parquet"):
                old.unlink()


def write_parts(out: Path, labels: Sequence[str], number: int, results: Sequence[Priced]) -> None:
    """Part `number` of each parameter set's lines and person-years (the Spark engine writes the same)."""
    for label, result in zip(labels, results, strict=True):
        base = out / label
        result.lines.write_parquet(base / "lines" / f"part-{number:05d}.parquet", compression=COMPRESSION)
        result.person_years.write_parquet(base / "person_years" / f"part-{number:05d}.parquet",
                                          compression=COMPRESSION)
