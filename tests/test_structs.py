"""The hand-written value classes behave as the dataclasses they replace did.

`structs.Frozen` and `structs.Struct` stand in for `@dataclass(frozen=True)` and `@dataclass` to
keep start-up fast; these tests pin the behaviour the rest of huandu relies on: equality and hashing
by fields, immutability, repr, `_replace`, and pickling (the registry cache) without running Python
code per object.
"""

from __future__ import annotations

import datetime as dt
import inspect
import pickle
from dataclasses import FrozenInstanceError

import pytest

import huandu.domain.compare
import huandu.domain.model
import huandu.domain.monthly
import huandu.domain.progress
import huandu.domain.report
import huandu.domain.units
import huandu.store.journal
import huandu.store.journal_index
import huandu.store.journal_store
import huandu.store.locations
from huandu.domain.model import Journal, Registry
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry
from huandu.structs import Frozen, Struct

REGISTRY = parse_registry(bundled_registry().read_bytes())
MODULES = (
    huandu.domain.model,
    huandu.domain.units,
    huandu.domain.progress,
    huandu.domain.report,
    huandu.store.locations,
    huandu.store.journal,
    huandu.store.journal_index,
    huandu.store.journal_store,
    huandu.domain.monthly,
    huandu.domain.compare,
)
# huandu's own classes on these bases, each where it is defined.
HUANDU_STRUCTS = [
    obj
    for module in MODULES
    for obj in vars(module).values()
    if isinstance(obj, type) and issubclass(obj, Struct) and obj.__module__ == module.__name__
]


class Point(Frozen):
    x: int
    y: int
    _norm: int  # private: neither compared nor shown

    def __init__(self, x: int, y: int = 0) -> None:
        self.__dict__.update(x=x, y=y, _norm=abs(x) + abs(y))


class OtherPoint(Frozen):
    x: int
    y: int

    def __init__(self, x: int, y: int = 0) -> None:
        self.__dict__.update(x=x, y=y)


class Box(Struct):
    items: list[int]

    def __init__(self, items: list[int]) -> None:
        self.items = items


def test_frozen_objects_are_equal_and_hash_alike_by_their_fields() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(2, 1)
    assert hash(Point(1, 2)) == hash(Point(1, 2)) == hash((1, 2))
    assert len({Point(1, 2), Point(1, 2), Point(3)}) == 2


def test_objects_of_different_classes_are_never_equal() -> None:
    assert Point(1, 2) != OtherPoint(1, 2)
    assert Point(1, 2) != (1, 2)


def test_a_frozen_object_refuses_every_change() -> None:
    point = Point(1, 2)
    with pytest.raises(FrozenInstanceError, match="'x'"):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        point.z = 5  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError, match="cannot delete"):
        del point.y
    assert point == Point(1, 2)


def test_repr_shows_the_fields_in_order_and_no_private_state() -> None:
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    assert repr(Box([1])) == "Box(items=[1])"
    assert Point._fields == ("x", "y")


def test_replace_changes_only_the_named_fields() -> None:
    moved = Point(1, 2)._replace(y=7)
    assert moved == Point(1, 7)
    assert moved._norm == 8
    with pytest.raises(TypeError):
        Point(1, 2)._replace(z=1)


def test_a_field_that_cannot_be_hashed_makes_the_object_unhashable() -> None:
    summary = huandu.domain.progress.CountySummary(None, 0, {"done": 0}, None)
    with pytest.raises(TypeError):
        hash(summary)


def test_a_struct_is_mutable_comparable_and_unhashable() -> None:
    box = Box([1])
    box.items = [1, 2]
    assert box == Box([1, 2])
    assert box != Box([1])
    with pytest.raises(TypeError):
        hash(box)


def test_a_pickled_registry_comes_back_equal_and_still_finds_goals() -> None:
    copy = pickle.loads(pickle.dumps(REGISTRY, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == REGISTRY
    assert hash(copy) == hash(REGISTRY)
    goal = REGISTRY.targets[0]
    assert copy.get(goal.id) == goal
    with pytest.raises(FrozenInstanceError):
        copy.path = "elsewhere"  # type: ignore[misc]


def test_unpickling_runs_no_python_code_per_object(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry cache stays quick to load: pickle fills each object's __dict__ itself."""
    data = pickle.dumps(Journal((), ()), protocol=pickle.HIGHEST_PROTOCOL)
    calls: list[str] = []

    def spy(self: object, *args: object, **kwargs: object) -> None:
        calls.append("called")

    monkeypatch.setattr(Journal, "__init__", spy)
    monkeypatch.setattr(Journal, "__setattr__", spy)
    assert pickle.loads(data).records == ()
    assert calls == []
    assert not hasattr(Journal, "__setstate__")
    assert Journal.__reduce_ex__ is object.__reduce_ex__


@pytest.mark.parametrize("cls", HUANDU_STRUCTS, ids=lambda c: c.__qualname__)
def test_every_field_is_an_argument_of_the_constructor_in_order(cls: type) -> None:
    """`_fields` keys the registry cache to the model's shape and drives equality and repr: it must
    say exactly what the constructor takes."""
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    assert list(cls._fields) == parameters


def test_the_registry_classes_are_among_those_checked() -> None:
    names = {c.__qualname__ for c in HUANDU_STRUCTS}
    assert {"Stage", "Plan", "County", "Target", "Registry", "Journal", "Unit"} <= names
    assert Registry._fields == ("plan", "counties", "targets", "path")


def test_a_journal_is_compared_by_its_entries() -> None:
    at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    record = huandu.store.journal.ProgressRecord(1, "a", 1, dt.date(2024, 1, 1), at)
    assert Journal((record,)) == Journal((record,), ())
    assert Journal((record,)) != Journal()
