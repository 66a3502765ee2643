"""A stored record as its form would submit it: the one builder behind the areas' `*_input_from`.

An area's input dataclass (`ActionInput`, `SessieInput`, ...) names its fields after the record's columns, so
`input_from` reads each field from the record by its name; an enum member (a `LabelledEnum`) becomes its
stored value where the field holds a str, as a form submits it. The fields whose source differs (the
mijlpalen a sessie keeps in rows of their own) are given as overrides. A field that the record lacks and no
override gives is an error, never the dataclass's default: a default would quietly hide a renamed column.
This module imports nothing of the app.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

InputT = TypeVar("InputT", bound="DataclassInstance")


def _holds_str(hint: Any) -> bool:
    """Whether a field of this type holds a str: `str`, or a union with str in it (`str | None`)."""
    if hint is str:
        return True
    return typing.get_origin(hint) in (typing.Union, types.UnionType) and str in typing.get_args(hint)


@functools.cache
def _str_fields(input_cls: type) -> frozenset[str]:
    """The names of the fields of `input_cls` that hold a str."""
    return frozenset(name for name, hint in typing.get_type_hints(input_cls).items() if _holds_str(hint))


def input_from(input_cls: type[InputT], record: object, **overrides: Any) -> InputT:
    """An `input_cls` with each field read from `record` by its name, or taken from `overrides`.

    An enum member becomes its `.value` where the field holds a str. A field missing on the record raises
    AttributeError, an override that names no field of `input_cls` raises TypeError; a field given as an
    override is not read from the record at all.
    """
    names = [f.name for f in fields(input_cls) if f.init]
    unknown = overrides.keys() - set(names)
    if unknown:
        raise TypeError(f"{input_cls.__name__} has no field {', '.join(sorted(unknown))}")
    str_fields = _str_fields(input_cls)
    values = dict(overrides)
    for name in names:
        if name in overrides:
            continue
        value = getattr(record, name)
        if name in str_fields and isinstance(value, enum.Enum):
            value = value.value
        values[name] = value
    return input_cls(**values)
