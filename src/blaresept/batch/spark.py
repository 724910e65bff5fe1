"""The batch engine on Apache Spark: the same pricing, spread over a cluster (or over the cores of one machine).

This is a thin layer around `engine.price_table`; no rule is written here. Every rule of the engine is per
person (copay groups, dispensings, the yearly tak and refund never cross persons), so Spark only has to hand
each task whole persons:

1. Spark reads the Parquet dataset and numbers the rows as the Polars runner does (`row` = the row's number
   over the files in name order: each file's offset plus the row's index in its file, `_metadata.row_index`).
2. `repartition(n, "person_id")`: every row of a person lands in one partition.
3. `mapInArrow`: each partition arrives as Arrow batches; they are joined into one Polars frame and priced by
   `price_table` under each parameter set (the baseline and every reform) — the input is read and shuffled
   once, however many reforms. The task writes its part of each parameter set's `lines/` and
   `person_years/` itself (`runner.write_parts`, part-<partition>.parquet: the same columns and types as the
   Polars runner's; a retried task overwrites its own part) and returns only the part's summary rows.
4. The driver adds the summaries (`Summary.__add__`), as the Polars runner does for its batches.

A table that cannot be priced is refused with the engine's own bokmål message: a task that meets one
returns it instead of a summary and the driver raises it (the first partition's, in partition order).

OUT must be a folder that every executor can write (a local folder in local mode; a shared file system on a
cluster). docs/batch.md has the cluster run (spark-submit with the package as a wheel).
"""

from __future__ import annotations

import math
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from blaresept.batch.engine import price_table
from blaresept.batch.rule_table import RuleTables, rule_tables
from blaresept.batch.runner import RunResult, input_files, prepare_output, write_parts
from blaresept.batch.schema import BatchInputError, check_schema
from blaresept.batch.summary import FIELDS, Summary, summarise
from blaresept.rules.errors import RuleError
from blaresept.rules.parameters import ParameterSet

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

LOCAL = "local[*]"
LOCAL_MEMORY = "4g"
PARTITION_ROWS = 1_000_000
"""About this many rows per Spark partition (one Polars call per partition and parameter set)."""

SUMMARY = pa.schema(
    [pa.field("scenario", pa.int32()), pa.field("year", pa.int32()),
     *(pa.field(name, pa.int64()) for name in FIELDS), pa.field("error", pa.string())]
)
SUMMARY_DDL = ", ".join(
    ["scenario int", "year int", *(f"{name} long" for name in FIELDS), "error string"]
)


@dataclass(frozen=True)
class Job:
    """What every task needs: the rule tables of each parameter set, the output labels and folder."""

    tables: tuple[RuleTables, ...]
    labels: tuple[str, ...]
    out: str | None


def price_partition(job: Job, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """One Spark partition (whole persons) priced under each parameter set by the Polars engine; its files
    written; its summary rows returned (or the reason it cannot be priced)."""
    from pyspark import TaskContext

    parts = list(batches)
    if not parts or not sum(part.num_rows for part in parts):
        return
    frame = pl.from_arrow(pa.Table.from_batches(parts))
    assert isinstance(frame, pl.DataFrame)
    try:
        results = [price_table(frame, tables=tables) for tables in job.tables]
    except (BatchInputError, *RuleError) as exc:
        yield pa.RecordBatch.from_pylist([{"scenario": -1, "error": str(exc)}], schema=SUMMARY)
        return
    if job.out is not None:
        context = TaskContext.get()
        write_parts(Path(job.out), job.labels, context.partitionId() if context else 0, results)
    for scenario, result in enumerate(results):
        totals = summarise(result).by_year.select(
            pl.lit(scenario, dtype=pl.Int32).alias("scenario"), "year", *FIELDS,
            pl.lit(None, dtype=pl.String).alias("error"),
        )
        yield from totals.to_arrow().cast(SUMMARY).to_batches()


def session(master: str | None = None) -> SparkSession:
    """The Spark session: `master` if given; under spark-submit the master it was given; else local[*].
    In local mode the tasks run this interpreter (with this environment's Polars and Blåresept)."""
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # the driver was started by spark-submit
    builder = SparkSession.builder.appName("blaresept batch price")
    chosen = master or (None if submitted else LOCAL)
    if chosen is not None:
        builder = builder.master(chosen)
    if (chosen or "").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # read when the SparkContext starts
        # One JVM holds the shuffle of the whole dataset in local mode (Spark's default heap is 1 GiB).
        builder = builder.config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", LOCAL_MEMORY))
    spark = (
        builder.config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100000")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def read_input(spark: SparkSession, source: str | Path) -> tuple[DataFrame, int]:
    """The dataset with its `row` numbers (as the Polars runner gives them) and its row count.

    A local path is read as the Polars runner reads it (the file, or the folder's *.parquet in name order),
    its schema and row counts from the Parquet footers. Any other (hdfs://, s3a:// …) is a Parquet file or a
    folder of them that Spark reads, its schema and row counts found by two small Spark jobs."""
    from pyspark.sql import functions as F

    if "://" not in str(source):
        files = input_files(Path(source))
        frame = spark.read.parquet(*(str(f.resolve()) for f in files))
        counts = [(f.name, pq.ParquetFile(f).metadata.num_rows) for f in files]
        columns = pl.read_parquet_schema(files[0])
    else:
        frame = spark.read.option("pathGlobFilter", "*.parquet").parquet(str(source))
        per_file = frame.groupBy(F.col("_metadata.file_name").alias("name")).count().collect()
        counts = sorted((str(f["name"]), int(f["count"])) for f in per_file)
        empty = pl.from_arrow(frame.limit(0).toArrow())
        assert isinstance(empty, pl.DataFrame)
        columns = dict(empty.schema)
    name = Path(str(source)).name
    if "person_id" not in columns:
        raise BatchInputError(f"{name} mangler kolonnen person_id.")
    if "row" in columns:
        raise BatchInputError(f"{name} har en kolonne som heter row; det navnet er radnummeret i resultatet.")
    check_schema(pl.Schema(columns))  # the engine's bokmål message for missing columns or wrong types, up front
    offsets: list[tuple[str, int]] = []
    total = 0
    for file_name, rows in counts:  # in name order, as input_files
        offsets.append((file_name, total))
        total += rows
    offset = F.create_map(*(item for file_name, start in offsets for item in (F.lit(file_name), F.lit(start))))
    row = offset[F.col("_metadata.file_name")] + F.col("_metadata.row_index")
    return frame.select(row.cast("long").alias("row"), *frame.columns), total


def price_files_spark(source: str | Path, out: Path | None, params: Sequence[ParameterSet],
                      labels: Sequence[str] = ("",), master: str | None = None,
                      partition_rows: int = PARTITION_ROWS,
                      progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Price a dataset on Spark under each parameter set (input read once); write each one's lines and
    person-years under out/<label>/ as `runner.price_files` does; return one summary per parameter set.
    `progress(done, total)` is called with the job's finished and total tasks while it runs."""
    spark = session(master)
    frame, rows = read_input(spark, source)
    partitions = max(spark.sparkContext.defaultParallelism, math.ceil(rows / partition_rows), 1)
    if out is not None:
        prepare_output(out, labels)
    job = Job(tuple(rule_tables(p) for p in params), tuple(labels), str(out.resolve()) if out else None)
    priced = frame.repartition(partitions, "person_id").mapInArrow(partial(price_partition, job), SUMMARY_DDL)
    group = f"blaresept-{id(job)}"
    spark.sparkContext.setJobGroup(group, "blaresept batch price")
    watcher = _watch(spark, group, progress) if progress else None
    try:
        collected = priced.toArrow()
    finally:
        if watcher:
            watcher.set()
    table = pl.from_arrow(collected)
    assert isinstance(table, pl.DataFrame)
    errors = table.filter(pl.col("scenario") < 0)
    if errors.height:
        raise BatchInputError(str(errors["error"][0]))
    summaries = [
        Summary.empty() + Summary(table.filter(pl.col("scenario") == index).select("year", *FIELDS))
        for index in range(len(params))
    ]
    return RunResult(summaries, partitions, rows)


def _watch(spark: SparkSession, group: str, progress: Callable[[int, int], None]) -> threading.Event:
    """Report the finished and total tasks of the group's jobs every half second until the event is set."""
    stop = threading.Event()
    tracker = spark.sparkContext.statusTracker()

    def poll() -> None:
        while not stop.wait(0.5):
            done = total = 0
            for job_id in tracker.getJobIdsForGroup(group):
                job = tracker.getJobInfo(job_id)
                for stage_id in job.stageIds if job else ():
                    stage = tracker.getStageInfo(stage_id)
                    if stage:
                        done += stage.numCompletedTasks
                        total += stage.numTasks
            if total:
                progress(done, total)

    threading.Thread(target=poll, daemon=True).start()
    return stop
