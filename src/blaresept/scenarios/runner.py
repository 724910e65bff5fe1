"""Find scenario files, read them strictly, run them, and compare with what they expect."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from blaresept.rules.errors import RuleError
from blaresept.rules.parameters import load_yaml_all
from blaresept.scenarios.kinds import known_kinds
from blaresept.scenarios.model import Difference, Outcome, Scenario
from blaresept.scenarios.reader import Reader, ScenarioFormatError

SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Every scenario file under the given folders (or the files themselves), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"Fant ikke {path}.")
    return found


def read_scenarios(path: Path) -> list[Scenario]:
    """Read every scenario (YAML document) in a file. Raises ScenarioFormatError on any breach of the format."""
    try:
        documents = [d for d in _documents(path.read_text(encoding="utf-8")) if d is not None]
    except yaml.YAMLError as exc:
        raise ScenarioFormatError(f"ikke gyldig YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ScenarioFormatError("filen er ikke UTF-8-tekst.") from exc
    if not documents:
        raise ScenarioFormatError("filen er tom.")
    return [read_scenario(path, document) for document in documents]


def read_scenario(path: Path, document: object) -> Scenario:
    reader = Reader(document, "")
    kind = reader.text("kind")
    kinds = known_kinds()
    if kind not in kinds:
        raise ScenarioFormatError(f"ukjent kind «{kind}» (kjente: {', '.join(sorted(kinds))}).")
    name = reader.text("name")
    source = reader.text("source")
    case, expected, expected_error = kinds[kind](reader)
    reader.done()
    return Scenario(path, kind, name, source, case, expected, expected_error)


def run_scenario(scenario: Scenario) -> Outcome:
    """Run one scenario and compare every expected value."""
    try:
        run = scenario.case.run()
    except RuleError as exc:
        message = str(exc)
        if scenario.expected_error is not None:
            if scenario.expected_error.lower() in message.lower():
                return Outcome(scenario, scenario.path, True)
            return Outcome(scenario, scenario.path, False,
                           [Difference("error", scenario.expected_error, message)])
        return Outcome(scenario, scenario.path, False, error=f"Reglene avviste inndata: {message}")
    if scenario.expected_error is not None:
        return Outcome(scenario, scenario.path, False,
                       [Difference("error", scenario.expected_error, "(ingen feil)")], run=run)
    differences = [
        Difference(key, expected, run.actual.get(key, "(finnes ikke)"))
        for key, expected in scenario.expected.items()
        if run.actual.get(key) != expected
    ]
    return Outcome(scenario, scenario.path, not differences, differences, run=run)


def run_paths(paths: Iterable[Path]) -> Iterator[Outcome]:
    """Run every scenario under the paths. A file that breaks the format is a failure, never skipped."""
    for path in scenario_files(paths):
        try:
            scenarios = read_scenarios(path)
        except ScenarioFormatError as exc:
            yield Outcome(None, path, False, error=f"Feil i scenariofilen: {exc}")
            continue
        for scenario in scenarios:
            yield run_scenario(scenario)


def _documents(text: str) -> list[object]:
    """All YAML documents in the text, read with exact decimals."""
    return load_yaml_all(text)
