"""Reading a TOML data file that ships beside the module that uses it (the demo's content files)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_beside(module_file: str, name: str) -> dict[str, Any]:
    """The TOML file `name` in the folder of the module whose `__file__` is `module_file`."""
    path = Path(module_file).with_name(name)
    with path.open("rb") as file:
        try:
            return tomllib.load(file)
        except tomllib.TOMLDecodeError as exc:
            exc.add_note(f"in {path}")  # tomllib names the line and column, not the file
            raise
