"""Which tables make up a project, found from the schema itself so new areas are carried along.

A table belongs to a project when it points at the project (or at a row that belongs to it) with
ON DELETE CASCADE. Rows elsewhere that project rows point at are either users (matched by e-mail in
the other installation), the gemeente (replaced by the importing gemeente), or gemeente-level rows
(such as a gemeente's own checklist items), which are carried along and re-created.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

USER_TABLE = "user_account"
GEMEENTE_TABLE = "gemeente"
ROOT = "project"


@dataclass(frozen=True)
class Ownership:
    table: sa.Table
    parent_column: sa.Column | None  # the column that ties a row to its owner (None for the project)


def owned_tables(metadata: sa.MetaData) -> list[Ownership]:
    """Project-owned tables in insert order (parents before children)."""
    owned: dict[str, Ownership] = {ROOT: Ownership(metadata.tables[ROOT], None)}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in owned:
                continue
            link = _owning_column(table, owned)
            if link is not None:
                owned[table.name] = Ownership(table, link)
                changed = True
    order = [t.name for t in metadata.sorted_tables]
    return sorted(owned.values(), key=lambda o: order.index(o.table.name))


def _owning_column(table: sa.Table, owned: dict[str, Ownership]) -> sa.Column | None:
    # Prefer a direct project_id: one query per table instead of walking through parents.
    candidates = [
        fk for fk in table.foreign_keys if fk.column.table.name in owned and (fk.ondelete or "").upper() == "CASCADE"
    ]
    candidates.sort(key=lambda fk: fk.column.table.name != ROOT)
    return candidates[0].parent if candidates else None


def gemeente_level_tables(metadata: sa.MetaData, owned_names: set[str]) -> list[sa.Table]:
    """Tables that project rows may reference and that belong to a gemeente, not a project."""
    result = []
    for table in metadata.sorted_tables:
        if table.name in owned_names or table.name in (USER_TABLE, GEMEENTE_TABLE):
            continue
        referenced = any(
            fk.column.table.name == table.name for name in owned_names for fk in metadata.tables[name].foreign_keys
        )
        belongs_to_gemeente = any(fk.column.table.name == GEMEENTE_TABLE for fk in table.foreign_keys)
        if referenced and belongs_to_gemeente:
            result.append(table)
    return result
