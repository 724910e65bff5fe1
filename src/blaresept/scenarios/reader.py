"""A strict reader for scenario mappings: every key must be known, every required key present, and every
value of the right type. Errors name the file and the path to the value, in bokmål."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from blaresept.money import MoneyError, Ore, kroner

T = TypeVar("T")
MISSING: Any = object()


class ScenarioFormatError(ValueError):
    """The scenario file breaks the format."""


class Reader:
    """Reads one mapping of a scenario, remembering which keys were used."""

    def __init__(self, data: Any, path: str):
        if not isinstance(data, dict):
            raise ScenarioFormatError(f"{path or 'filen'}: forventet et oppslag (nøkkel: verdi), fikk {_kind(data)}.")
        self.data = data
        self.path = path
        self.used: set[str] = set()

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, default: Any = MISSING) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is MISSING:
                raise ScenarioFormatError(f"{self._at(key)} mangler.")
            return default
        return self.data[key]

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not MISSING:
            return value
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise ScenarioFormatError(f"{self._at(key)}: forventet tekst, fikk {_kind(value)}.")
        return value

    def date(self, key: str, default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not MISSING:
            return value
        return as_date(value, self._at(key))

    def optional_date(self, key: str) -> dt.date | None:
        value = self.raw(key, None)
        return None if value is None else as_date(value, self._at(key))

    def boolean(self, key: str, default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if value is None and default is not MISSING:  # an optional flag written as null takes its default
            return default
        if not isinstance(value, bool):
            raise ScenarioFormatError(f"{self._at(key)}: forventet true eller false, fikk {_kind(value)}.")
        return value

    def integer(self, key: str, default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScenarioFormatError(f"{self._at(key)}: forventet et heltall, fikk {_kind(value)}.")
        return value

    def money(self, key: str, default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not MISSING:
            return value
        return as_money(value, self._at(key))

    def optional_money(self, key: str) -> Ore | None:
        value = self.raw(key, None)
        return None if value is None else as_money(value, self._at(key))

    def mapping(self, key: str, default: Any = MISSING) -> Reader:
        value = self.raw(key, default)
        return Reader(value, self._at(key))

    def items(self, key: str, read: Callable[[Reader], T], default: Any = MISSING) -> list[T]:
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise ScenarioFormatError(f"{self._at(key)}: forventet en liste, fikk {_kind(value)}.")
        out = []
        for index, entry in enumerate(value):
            sub = Reader(entry, f"{self._at(key)}[{index}]")
            out.append(read(sub))
            sub.done()
        return out

    def list(self, key: str, default: Any = MISSING) -> list[Any]:
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise ScenarioFormatError(f"{self._at(key)}: forventet en liste, fikk {_kind(value)}.")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if (value is default or value is None) and default is not MISSING:
            return default
        if value not in choices:
            raise ScenarioFormatError(
                f"{self._at(key)}: «{value}» er ikke en gyldig verdi (gyldige: {', '.join(choices)})."
            )
        return value

    def done(self) -> None:
        unknown = [str(k) for k in self.data if k not in self.used]
        if unknown:
            raise ScenarioFormatError(
                f"{self.path or 'filen'}: ukjent nøkkel {', '.join(sorted(unknown))}. Ukjente nøkler godtas ikke."
            )


def as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ScenarioFormatError(f"{where}: «{value}» er ikke en dato (ÅÅÅÅ-MM-DD).")


def as_money(value: Any, where: str) -> Ore:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise ScenarioFormatError(f"{where}: forventet et beløp i kroner, fikk {_kind(value)}.")
    try:
        return kroner(value)
    except MoneyError as exc:
        raise ScenarioFormatError(f"{where}: {exc}") from exc


def _kind(value: Any) -> str:
    if value is None:
        return "ingenting (null)"
    return {
        dict: "et oppslag",
        list: "en liste",
        str: f"teksten «{value}»",
        bool: f"{str(value).lower()}",
        int: f"tallet {value}",
        Decimal: f"tallet {value}",
    }.get(type(value), type(value).__name__)
