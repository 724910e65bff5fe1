"""The parameter store: one YAML file per legal quantity, values keyed by the date they take effect, each
value with its source. Loaded and schema-checked once; looked up by date.

A file looks like this (see docs/parameters.md):

    description: Andel av prisgrunnlaget pasienten betaler i egenandel
    law: {act: blåreseptforskriften, section: "§ 8", ledd: første}
    unit: rate
    values:
      2009-01-01:
        value: 0.36
        confidence: high
        reference:
          - title: Statsbudsjettet 2010 – egenandeler
            url: https://www.statsbudsjettet.no/...

A value without a reference, a reference without a URL or document, a weak source without a note, or an
unknown key is a build error. A lookup before the first value is an error, never a default; a `value: null`
means the rule is repealed from that date.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from blaresept.rules.law import ACTS, LegalReference
from blaresept.rules.steps import ParameterUse

UNITS = {
    "rate": "andel (eksakt desimaltall)",
    "NOK": "kroner",
    "years": "år",
    "weeks": "uker",
    "days": "dager",
    "months": "måneder",
    "count": "antall",
    "bool": "ja/nei",
    "enum": "kodeverdi",
    "codes": "liste av koder",
    "record": "sammensatt verdi",
}
CONFIDENCE = ("high", "medium-high", "medium", "low-medium", "low")
WEAK = {"low-medium", "low"}
FILE_KEYS = {"description", "law", "unit", "values", "note"}
VALUE_KEYS = {"value", "reference", "confidence", "note"}
REFERENCE_KEYS = {"title", "url", "document"}
LAW_KEYS = {"act", "section", "ledd", "point"}


class ParameterError(Exception):
    """A parameter file breaks the schema (a build error). The message is in bokmål."""


class OutOfScope(ValueError):
    """A lookup for a date before the first formalised value. The message is in bokmål."""


@dataclass(frozen=True)
class Reference:
    """Where a value comes from: a title and a URL or a document."""

    title: str
    url: str | None = None
    document: str | None = None

    def __str__(self) -> str:
        return f"{self.title} ({self.url or self.document})"


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter."""

    effective: date
    value: Any
    references: tuple[Reference, ...]
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class Parameter:
    """A legal quantity over time."""

    name: str
    description: str
    law: LegalReference
    unit: str
    values: tuple[ParameterValue, ...]

    def at(self, on: date) -> ParameterValue:
        """The value in effect on the date; an error for a date before the first value."""
        dates = [v.effective for v in self.values]
        index = bisect.bisect_right(dates, on) - 1
        if index < 0:
            raise OutOfScope(
                f"Datoen {on.isoformat()} ligger før første formaliserte verdi av «{self.description}» "
                f"({self.name}, fra {dates[0].isoformat()}). Blåresept regner ikke med regler før den datoen."
            )
        return self.values[index]

    def use(self, on: date) -> tuple[Any, ParameterUse]:
        """The value on the date and the record of its use for the explanation."""
        found = self.at(on)
        return found.value, ParameterUse(
            name=self.name,
            value=found.value,
            effective=found.effective,
            sources=tuple(str(r) for r in found.references),
            confidence=found.confidence,
        )

    @property
    def first_date(self) -> date:
        return self.values[0].effective

    def change_dates(self) -> list[date]:
        return [v.effective for v in self.values]


class ParameterSet(Mapping[str, Parameter]):
    """All parameters, by dotted name (the file path under the parameter root: `blaresept.copay.rate`)."""

    def __init__(self, parameters: dict[str, Parameter]):
        self._parameters = parameters

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise KeyError(f"Ukjent parameter «{name}».") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def replace(self, name: str, values: dict[date, Any], note: str = "reform") -> ParameterSet:
        """A copy where the named parameter takes the given values from the given dates (a reform as data)."""
        base = self[name]
        kept = [v for v in base.values if v.effective not in values]
        added = [
            ParameterValue(d, _coerce(name, base.unit, v), (Reference(title=note, document=note),), "high")
            for d, v in values.items()
        ]
        updated = Parameter(base.name, base.description, base.law, base.unit,
                            tuple(sorted(kept + added, key=lambda v: v.effective)))
        return ParameterSet({**self._parameters, name: updated})


class _DecimalLoader(yaml.SafeLoader):
    """YAML loader that reads numbers with a fraction as exact Decimals, never floats."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    return Decimal(text)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def load_yaml(text: str) -> Any:
    """Parse YAML with exact decimals (shared by the parameter store and the scenario files)."""
    return yaml.load(text, Loader=_DecimalLoader)


def load_yaml_all(text: str) -> list[Any]:
    """Every YAML document in the text, with exact decimals."""
    return list(yaml.load_all(text, Loader=_DecimalLoader))


def load_parameters(root: Path | None = None) -> ParameterSet:
    """Load and schema-check every parameter file under root (default: the packaged parameters)."""
    base: Traversable = resources.files("blaresept") / "parameters" if root is None else root
    files = sorted(_yaml_files(base))
    if not files:
        raise ParameterError(f"Fant ingen parameterfiler under {base}.")
    problems: list[str] = []
    parameters: dict[str, Parameter] = {}
    for parts, path in files:
        name = ".".join(parts)
        try:
            parameters[name] = _parse_file(name, path.read_text(encoding="utf-8"))
        except ParameterError as exc:
            problems.append(f"{'/'.join(parts)}.yaml: {exc}")
    if problems:
        raise ParameterError("Ugyldige parameterfiler:\n" + "\n".join(problems))
    return ParameterSet(parameters)


def _yaml_files(folder: Traversable, parts: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Traversable]]:
    """Every *.yaml under the folder with its path parts (without .yaml). A Traversable, not a Path, so the
    packaged parameters load from a wheel or zip on sys.path too (spark-submit --py-files, docs/batch.md)."""
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _yaml_files(entry, (*parts, entry.name))
        elif entry.name.endswith(".yaml"):
            yield (*parts, entry.name.removesuffix(".yaml")), entry


@cache
def default_parameters() -> ParameterSet:
    """The packaged parameters, loaded once per process."""
    return load_parameters()


def _parse_file(name: str, text: str) -> Parameter:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"ikke gyldig YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ParameterError("filen må være et oppslag med description, law, unit og values.")
    _only(data, FILE_KEYS, "filen")
    for key in ("description", "law", "unit", "values"):
        if key not in data:
            raise ParameterError(f"mangler «{key}».")
    unit = data["unit"]
    if unit not in UNITS:
        raise ParameterError(f"ukjent enhet «{unit}» (kjente: {', '.join(UNITS)}).")
    law = _parse_law(data["law"])
    raw_values = data["values"]
    if not isinstance(raw_values, dict) or not raw_values:
        raise ParameterError("«values» må ha minst én verdi, med dato som nøkkel.")
    values = []
    for key, entry in raw_values.items():
        if not isinstance(key, date):
            raise ParameterError(f"nøkkelen «{key}» under values er ikke en dato (ÅÅÅÅ-MM-DD).")
        values.append(_parse_value(name, unit, key, entry))
    values.sort(key=lambda v: v.effective)
    return Parameter(name, str(data["description"]), law, unit, tuple(values))


def _parse_law(raw: Any) -> LegalReference:
    if not isinstance(raw, dict):
        raise ParameterError("«law» må angi act og section (og gjerne ledd).")
    _only(raw, LAW_KEYS, "law")
    act = raw.get("act")
    if act not in ACTS:
        raise ParameterError(f"ukjent lov/forskrift «{act}» i law (kjente: {', '.join(ACTS)}).")
    if not raw.get("section"):
        raise ParameterError("«law» mangler section (paragraf).")
    return LegalReference(ACTS[act], str(raw["section"]), raw.get("ledd"), raw.get("point"))


def _parse_value(name: str, unit: str, effective: date, entry: Any) -> ParameterValue:
    where = f"verdien fra {effective.isoformat()}"
    if not isinstance(entry, dict) or "value" not in entry:
        raise ParameterError(f"{where} må være et oppslag med value, reference og confidence.")
    _only(entry, VALUE_KEYS, where)
    refs = entry.get("reference")
    if not refs:
        raise ParameterError(f"{where} mangler kilde (reference). En verdi uten kilde godtas ikke.")
    if not isinstance(refs, list):
        refs = [refs]
    references = []
    for ref in refs:
        if not isinstance(ref, dict):
            raise ParameterError(f"{where}: hver kilde må ha title og url eller document.")
        _only(ref, REFERENCE_KEYS, f"{where}, kilde")
        if not ref.get("title") or not (ref.get("url") or ref.get("document")):
            raise ParameterError(f"{where}: en kilde må ha title og url eller document.")
        references.append(Reference(str(ref["title"]), ref.get("url"), ref.get("document")))
    confidence = entry.get("confidence")
    if confidence not in CONFIDENCE:
        raise ParameterError(f"{where}: confidence må være en av {', '.join(CONFIDENCE)}.")
    note = entry.get("note")
    if confidence in WEAK and not note:
        raise ParameterError(f"{where}: kilden er svak ({confidence}); skriv en note som sier det.")
    return ParameterValue(effective, _coerce(f"{name} {where}", unit, entry["value"]), tuple(references),
                          confidence, note)


def _coerce(where: str, unit: str, value: Any) -> Any:
    """Check a value against its unit; numbers become exact Decimals."""
    if value is None:
        return None
    if unit in {"rate", "NOK"}:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise ParameterError(f"{where}: {value!r} er ikke et tall.")
        return Decimal(value)
    if unit in {"years", "weeks", "days", "months", "count"}:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{where}: {value!r} er ikke et heltall.")
        return value
    if unit == "bool":
        if not isinstance(value, bool):
            raise ParameterError(f"{where}: {value!r} er ikke true/false.")
        return value
    if unit == "enum":
        if not isinstance(value, str):
            raise ParameterError(f"{where}: {value!r} er ikke en kodeverdi.")
        return value
    if unit == "codes":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParameterError(f"{where}: {value!r} er ikke en liste av koder (tekst).")
        return tuple(value)
    if unit == "record":
        if not isinstance(value, dict):
            raise ParameterError(f"{where}: {value!r} er ikke et oppslag.")
        return dict(value)
    raise ParameterError(f"{where}: ukjent enhet {unit}.")


def _only(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ParameterError(f"{where}: ukjent nøkkel {', '.join(sorted(map(str, unknown)))}.")
