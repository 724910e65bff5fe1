"""The pricing, annual_cap and ledger examples in docs/scenarios.md are valid scenarios that pass."""

from __future__ import annotations

import re
from pathlib import Path

from blaresept.scenarios.runner import run_paths

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def test_the_documented_examples_pass(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    ours = [b for b in blocks if re.match(r"kind: (pricing|annual_cap|ledger)\n", b)]
    assert len(ours) >= 3
    for number, block in enumerate(ours):
        (tmp_path / f"example-{number}.yaml").write_text(block, encoding="utf-8")
    outcomes = list(run_paths([tmp_path]))
    assert len(outcomes) == len(ours)
    assert all(o.passed for o in outcomes), [(o.path.name, o.error, o.differences) for o in outcomes]
