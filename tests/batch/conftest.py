"""The SparkSession for the Spark engine's tests: one per test session (per xdist worker; the Spark tests are
one xdist group), local[2]. Java is required: without it the tests fail, they never skip."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    if shutil.which("java") is None:
        pytest.fail("Java mangler: Spark-testene trenger Java 17 (scripts/setup --test installerer den).")
    from blaresept.batch.spark import session

    spark = session("local[2]")
    yield spark
    spark.stop()
