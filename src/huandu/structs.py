"""Base classes for huandu's plain data objects, cheap to define at import time.

`@dataclass` writes its methods as source text and `exec`s it when the class is created: about
half a millisecond per frozen class, paid by every `huandu` run for every class on its import path
(README "Performance"). These bases give the same behaviour from methods written once here:
equality, hashing and repr over the fields, and (for `Frozen`) read-only attributes. A subclass
annotates its fields, in order, and writes its own `__init__`.

Subclasses keep a `__dict__` (no `__slots__`): pickle then restores an object by filling its
`__dict__` in C, without running Python code per object, which keeps the cached registry of a
province (thousands of goals) quick to load. A `Frozen` `__init__` therefore sets its fields with
`self.__dict__.update(...)`, past its own `__setattr__`.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import get_annotations
from operator import attrgetter
from typing import Any, ClassVar

__all__ = ["Frozen", "Struct"]


class Struct:
    """A mutable object compared and shown by its fields, like a plain `@dataclass`.

    The fields are the names the class itself annotates, in order, except private ones (a leading
    underscore: state derived from the fields, neither compared nor shown). Instances are equal when
    they are of the same class and their fields are equal. Like a mutable dataclass, a `Struct` is
    unhashable.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _values: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = tuple(name for name in get_annotations(cls) if not name.startswith("_"))
        if len(fields) > 1:
            values = attrgetter(*fields)
        else:  # attrgetter of one name gives the value itself, of none it cannot be built
            values = lambda obj: tuple(getattr(obj, name) for name in fields)  # noqa: E731
        cls._fields = fields
        cls._values = staticmethod(values)  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = (
            f"{name}={value!r}"
            for name, value in zip(self._fields, self._values(self), strict=True)
        )
        return f"{type(self).__qualname__}({', '.join(shown)})"


class Frozen(Struct):
    """An immutable `Struct`, like a `@dataclass(frozen=True)`: hashable by its fields, and
    assigning or deleting an attribute raises `dataclasses.FrozenInstanceError`."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        from dataclasses import FrozenInstanceError  # only on a mistake: keep import time low

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._values(self))

    def _replace(self, **changes: Any) -> Any:
        """A copy with some fields changed (as `NamedTuple._replace` or `dataclasses.replace`)."""
        return type(self)(**dict(zip(self._fields, self._values(self), strict=True), **changes))
