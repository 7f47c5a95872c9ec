"""Reading raw JSON: a field reader that collects every error with its path, and the value limits.

`problem_from_dict` (parse.py) drives it; anything unusable becomes a `ProblemError` naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ProblemError(ValueError):
    """A malformed problem. `field` is a path such as `people[3].available[0]`.

    When several things are wrong, `errors` lists every (field, message) pair found; the exception itself
    describes the first one.
    """

    def __init__(self, field: str, message: str, errors: list[tuple[str, str]] | None = None):
        self.field = field
        self.message = message
        self.errors = errors or [(field, message)]
        super().__init__(f"{field}: {message}")


class TooManyErrors(Exception):
    """Raised by `Reader.error` once enough errors are collected: reading stops there."""


_MAX_ERRORS = 50

# Largest accepted values: far above any real programme, low enough that no count overflows or makes
# a model explode (a ward has tens of people; a day has a handful of sessions).
MAX_COUNT = 10_000  # session size, room capacity, staff allowances, group minimums
MAX_PER_DAY = 100
MAX_WEIGHT = 1_000
MAX_MINUTES = 24 * 60
# Slot starts must fall in these years (time-zone arithmetic overflows at the ends of the calendar).
FIRST_YEAR, LAST_YEAR = 1970, 2200


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class Reader:
    """Collects errors while reading a JSON-like structure."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))
        if len(self.errors) >= _MAX_ERRORS:
            raise TooManyErrors

    # Field readers. Each returns a usable value (or None) and records an error when needed.
    def obj(self, value: Any, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, f"expected an object, got {type_name(value)}")
            return None
        return value

    def get(
        self, d: dict, key: str, path: str, *, required: bool = True, default: Any = None
    ) -> Any:
        if key not in d or (d[key] is None and required):
            if required:
                self.error(join_path(path, key), "missing")
            return default
        return d[key]

    def text(self, d: dict, key: str, path: str, *, required: bool = True) -> str | None:
        value = self.get(d, key, path, required=required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(join_path(path, key), f"expected non-empty text, got {type_name(value)}")
            return None
        return value

    def integer(
        self,
        d: dict,
        key: str,
        path: str,
        *,
        minimum: int,
        maximum: int = MAX_COUNT,
        required: bool = True,
        default=None,
    ) -> int | None:
        value = self.get(d, key, path, required=required, default=default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            elif isinstance(value, float) and value == float("inf"):
                self.error(join_path(path, key), f"must be at most {maximum}, got a huge number")
                return None
            else:
                self.error(join_path(path, key), f"expected a whole number, got {type_name(value)}")
                return None
        if value < minimum:
            what = "positive" if minimum == 1 else "zero or more"
            self.error(join_path(path, key), f"must be {what}, got {value}")
            return None
        if value > maximum:
            shown = value if len(str(value)) <= 12 else f"a {len(str(value))}-digit number"
            self.error(join_path(path, key), f"must be at most {maximum}, got {shown}")
            return None
        return value

    def boolean(self, d: dict, key: str, path: str, default: bool) -> bool:
        value = d.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(join_path(path, key), f"expected true or false, got {type_name(value)}")
            return default
        return value

    def items(self, d: dict, key: str, path: str, *, required: bool = True) -> list:
        value = self.get(d, key, path, required=required, default=None)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(join_path(path, key), f"expected a list, got {type_name(value)}")
            return []
        return value

    def ids(
        self,
        d: dict,
        key: str,
        path: str,
        known: dict | set,
        what: str,
        *,
        required: bool = True,
        allow_empty: bool = True,
    ) -> tuple[str, ...]:
        """A list of references to known ids (duplicates dropped, order kept)."""
        values = self.items(d, key, path, required=required)
        out: list[str] = []
        seen: set[str] = set()
        for i, value in enumerate(values):
            p = f"{join_path(path, key)}[{i}]"
            if not isinstance(value, str):
                self.error(p, f"expected a {what} id (text), got {type_name(value)}")
            elif value not in known:
                self.error(p, f'unknown {what} id "{value}"')
            elif value not in seen:
                seen.add(value)
                out.append(value)
        if not allow_empty and not values and key in d:
            self.error(join_path(path, key), f"must name at least one {what}")
        return tuple(out)

    def ref(self, d: dict, key: str, path: str, known: dict, what: str) -> str | None:
        value = self.get(d, key, path)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(join_path(path, key), f"expected a {what} id (text), got {type_name(value)}")
            return None
        if value not in known:
            self.error(join_path(path, key), f'unknown {what} id "{value}"')
            return None
        return value


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def entities(
    r: Reader, root: dict, key: str, build: Callable[[dict, str], Any], *, required: bool = True
) -> list:
    """Read a list of objects with unique `id`s, calling build(obj, path) for each."""
    out = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(r.items(root, key, "", required=required)):
        path = f"{key}[{i}]"
        obj = r.obj(raw, path)
        if obj is None:
            continue
        ident = r.text(obj, "id", path)
        if ident is None:
            continue
        if ident in seen:
            r.error(f"{path}.id", f'duplicate id "{ident}" (also {key}[{seen[ident]}])')
            continue
        seen[ident] = i
        built = build(obj, path)
        if built is not None:
            out.append(built)
    return out
