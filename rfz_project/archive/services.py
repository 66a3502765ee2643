"""Export a whole project as one zip, and import such a zip into (another installation's) gemeente.

The zip holds project.json (every row of every project-owned table, found from the schema by
archive.graph), the action list as CSV and Excel, and a short explanation. Import checks every value
(archive.values), re-creates the rows under new ids and checks every record with the forms' own rules
(archive.records), inside one transaction: a broken or foreign archive changes nothing.
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

import sqlalchemy as sa

from .. import access, security_log
from ..access import Need
from ..actions import export as action_export
from ..actions.services import action_list
from ..errors import ConflictError, NotAuthorized, ValidationError
from ..extensions import db
from ..filenames import download_name
from ..inputs import clean_text, whole_number
from ..models import AuditEvent, Gemeente, Membership, Project, User
from ..projects.scope import manageable_gemeenten
from ..safe_zip import UnsafeZip, ZipLimits, open_zip, read_member
from ..services_common import commit_or_conflict
from . import graph, records
from . import values as values_rules

FORMAT = "rfz-projectarchief"
FORMAT_VERSION = 1
JSON_NAME = "project.json"
# Secrets are never exported: a calendar feed token from one installation must not open another. Initiatives
# and their adoptions live in this installation's catalogue, which another installation has not got: they
# stay here, and a reference to one (an action taken over from an initiative) is exported empty.
EXCLUDED_TABLES = {"calendar_feed", "initiative", "initiative_adoption"}
IMPORT_LIMITS = ZipLimits(max_members=10, max_member_bytes=50 * 1024 * 1024)
README = """Projectarchief van de RFZ-implementatietool

project.json  alle gegevens van het project (fasen, stappen, sessies, resultaten, acties, besluiten,
              borging en de geschiedenis), om in een andere installatie te importeren
acties.csv    de actielijst, voor spreadsheetprogramma's (puntkomma als scheidingsteken)
acties.xlsx   de actielijst als Excel-werkmap
"""


# --- export ----------------------------------------------------------------------------------------


def _plain(value):
    """A column value as JSON can hold it; the import turns it back using the column's type."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _owned():
    return [o for o in graph.owned_tables(db.metadata) if o.table.name not in EXCLUDED_TABLES]


def _gemeente_level(owned_names: set[str]) -> list[sa.Table]:
    return [t for t in graph.gemeente_level_tables(db.metadata, owned_names) if t.name not in EXCLUDED_TABLES]


def _is_excluded_reference(column: sa.Column) -> bool:
    return any(fk.column.table.name in EXCLUDED_TABLES for fk in column.foreign_keys)


def _exported(table: sa.Table, row) -> dict:
    return {key: None if _is_excluded_reference(table.c[key]) else _plain(value) for key, value in row.items()}


def _export_rows(project: Project) -> dict[str, list[dict]]:
    """Every owned row, table by table; a child table is selected through its owning column."""
    ids: dict[str, list[int]] = {graph.ROOT: [project.id]}
    tables: dict[str, list[dict]] = {}
    for ownership in _owned():
        table = ownership.table
        if ownership.parent_column is None:
            where = table.c.id == project.id
        else:
            parent = next(iter(ownership.parent_column.foreign_keys)).column.table.name
            where = ownership.parent_column.in_(ids.get(parent) or [-1])
        rows = db.session.execute(sa.select(table).where(where).order_by(table.c.id)).mappings().all()
        tables[table.name] = [_exported(table, row) for row in rows]
        ids[table.name] = [row["id"] for row in rows]
    owned_names = {o.table.name for o in _owned()}
    for table in _gemeente_level(owned_names):
        referenced = _referenced_ids(tables, table.name)
        rows = (
            db.session.execute(sa.select(table).where(table.c.id.in_(referenced or [-1])).order_by(table.c.id))
            .mappings()
            .all()
        )
        tables[table.name] = [_exported(table, row) for row in rows]
    return tables


def _referenced_ids(tables: dict[str, list[dict]], target: str) -> set[int]:
    found = set()
    for name, rows in tables.items():
        for fk in db.metadata.tables[name].foreign_keys:
            if fk.column.table.name == target:
                found |= {row[fk.parent.name] for row in rows if row.get(fk.parent.name) is not None}
    return found


def _users(tables: dict[str, list[dict]]) -> dict[str, dict]:
    ids = _referenced_ids(tables, graph.USER_TABLE)
    users = db.session.execute(sa.select(User.id, User.email, User.name).where(User.id.in_(ids or [-1])))
    return {str(row.id): {"email": row.email, "name": row.name} for row in users}


@dataclass(frozen=True)
class ArchiveFile:
    filename: str
    content: bytes


def export_project(actor: User, project_id: int, today: date | None = None) -> ArchiveFile:
    project = access.get_project(actor, project_id, Need.READ, options=[sa.orm.joinedload(Project.gemeente)])
    today = today or date.today()
    tables = _export_rows(project)
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": {"gemeente": project.gemeente.name, "project": project.name},
        "users": _users(tables),
        "tables": tables,
    }
    listing = action_list(actor, project.id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=1))
        archive.writestr("acties.csv", action_export.to_csv(listing))
        archive.writestr("acties.xlsx", action_export.to_xlsx(listing))
        archive.writestr("LEESMIJ.txt", README)
    name = download_name(project.gemeente.name, project.name, "projectarchief", today, "zip")
    security_log.record_and_commit("archive_export", actor=actor, target=project.name, project_id=project.id)
    return ArchiveFile(filename=name, content=buffer.getvalue())


# --- import ----------------------------------------------------------------------------------------


class _Refused(ValidationError):
    def __init__(self, message: str):
        super().__init__({"archive": [message]})


def _read_document(data: bytes) -> dict:
    try:
        archive = open_zip(data, IMPORT_LIMITS)
        raw = read_member(archive, JSON_NAME, IMPORT_LIMITS)
    except UnsafeZip as exc:
        raise _Refused(str(exc)) from exc
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Refused("Het archief bevat geen leesbare projectgegevens.") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _Refused("Dit is geen projectarchief van de RFZ-implementatietool.")
    if document.get("version") != FORMAT_VERSION:
        raise _Refused("Dit archief is gemaakt met een andere versie en kan hier niet worden ingelezen.")
    if not isinstance(document.get("tables"), dict) or not isinstance(document.get("users", {}), dict):
        raise _Refused("Het archief is onvolledig.")
    return document


MAX_LISTED_PROBLEMS = 20
# How an imported audit event says it is history of the origin, not something done here.
IMPORTED_MARK = " (uit archief)"


def _refusal(problems: list[str]) -> _Refused:
    listed = problems[:MAX_LISTED_PROBLEMS]
    more = len(problems) - len(listed)
    text = "Het archief is niet ingelezen, want het bevat ongeldige waarden: " + "; ".join(listed)
    if more:
        text += f"; en nog {more}"
    return _Refused(text + ".")


def _imported_actor_name(name) -> str:
    """The origin's name for who acted, marked as imported; never a link to a local account."""
    name = clean_text(name) if isinstance(name, str) else ""
    name = name.removesuffix(IMPORTED_MARK) or "onbekend"
    return name[: 120 - len(IMPORTED_MARK)] + IMPORTED_MARK


class _Importer:
    """Checks every value of the archive first (all problems at once), then inserts under new ids."""

    def __init__(self, document: dict, gemeente: Gemeente):
        self.document = document
        self.gemeente = gemeente
        self.id_map: dict[str, dict[int, int]] = {}
        self.problems: list[str] = []
        self.checked: dict[str, list[tuple[int, dict]]] = {}
        emails = {
            str(k): v["email"]
            for k, v in document.get("users", {}).items()
            if isinstance(v, dict) and isinstance(v.get("email"), str)
        }
        # Only an active member of the importing gemeente is linked; anyone else stays a name in the text.
        local = dict(
            db.session.execute(
                sa.select(User.email, User.id)
                .join(Membership, Membership.user_id == User.id)
                .where(
                    Membership.gemeente_id == gemeente.id,
                    User.active.is_(True),
                    User.email.in_([e for e in emails.values() if e] or ["-"]),
                )
            ).all()
        )
        self.users = {whole_number(k): local.get(e) for k, e in emails.items() if whole_number(k) is not None}

    def rows(self, name: str) -> list[dict]:
        rows = self.document["tables"].get(name, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("id"), int) for r in rows):
            raise _Refused(f"Het archief is beschadigd (tabel {name}).")
        return rows

    def check(self, table: sa.Table) -> None:
        """Every value of the table's rows against its column's rules; problems are collected."""
        known = set(table.c.keys())
        checked = self.checked.setdefault(table.name, [])
        for number, row in enumerate(self.rows(table.name), start=1):
            if not set(row) <= known:
                raise _Refused(f"Het archief bevat onbekende velden in {table.name}.")
            values = {}
            for key, value in row.items():
                column = table.c[key]
                if key == "id" or column.foreign_keys:
                    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                        self.problems.append(values_rules.describe(column, number, "geen verwijzing"))
                    values[key] = value
                    continue
                try:
                    values[key] = values_rules.column_value(column, value)
                except values_rules.Invalid as exc:
                    self.problems.append(values_rules.describe(column, number, str(exc)))
            if table.name == AuditEvent.__tablename__:
                values["actor_name"] = _imported_actor_name(values.get("actor_name"))
            checked.append((row["id"], values))

    def reference(self, column: sa.Column, value):
        if value is None or _is_excluded_reference(column):
            return None  # what stays in its own installation (an initiative) is never linked here
        if table_name := _user_or_gemeente(column):
            if table_name == graph.USER_TABLE:
                if column.table.name == AuditEvent.__tablename__:
                    return None  # history of the origin is never attributed to a local account
                return self.users.get(value)  # people unknown here are kept by name only
            return self.gemeente.id
        target = next(iter(column.foreign_keys)).column.table.name
        mapped = self.id_map.get(target, {}).get(value)
        if mapped is None:
            raise _Refused(f"Het archief verwijst naar iets dat er niet in staat ({column.table.name}).")
        return mapped

    def insert(self, table: sa.Table) -> None:
        mapping = self.id_map.setdefault(table.name, {})
        for old_id, row in self.checked.get(table.name, []):
            values = {
                key: self.reference(table.c[key], value) if table.c[key].foreign_keys else value
                for key, value in row.items()
                if key != "id"
            }
            result = db.session.execute(table.insert().values(**values))
            # Session.execute is typed as returning a plain Result; for an insert it is a CursorResult
            mapping[old_id] = result.inserted_primary_key[0]  # type: ignore[attr-defined]

    def row_numbers(self) -> dict[str, dict[int, int]]:
        """Per table, the new id of each inserted row and its number in the archive (as problems name it)."""
        return {
            name: {self.id_map[name][old_id]: number for number, (old_id, _) in enumerate(rows, start=1)}
            for name, rows in self.checked.items()
            if name in self.id_map
        }


def _user_or_gemeente(column: sa.Column) -> str | None:
    target = next(iter(column.foreign_keys)).column.table.name
    return target if target in (graph.USER_TABLE, graph.GEMEENTE_TABLE) else None


def _check_tables(document: dict, allowed: set[str]) -> None:
    unknown = set(document["tables"]) - allowed
    if unknown:
        raise _Refused("Het archief bevat onderdelen die deze installatie niet kent: " + ", ".join(sorted(unknown)))
    projects = document["tables"].get(graph.ROOT, [])
    if not isinstance(projects, list) or len(projects) != 1 or not isinstance(projects[0], dict):
        raise _Refused("Het archief moet precies één project bevatten.")


def _unique_name(gemeente_id: int, name: str) -> str:
    taken = set(db.session.scalars(sa.select(Project.name).where(Project.gemeente_id == gemeente_id)))
    if name not in taken:
        return name
    return f"{name[:180]} (geïmporteerd)"


def import_choices(actor: User) -> list[Gemeente]:
    """The gemeenten the actor may import a project into; NotAuthorized when there are none."""
    gemeenten = manageable_gemeenten(actor)
    if not gemeenten:
        raise NotAuthorized()
    return gemeenten


@security_log.refusals("archive_import")
def import_archive(actor: User, gemeente_id: int | None, data: bytes) -> Project:
    if gemeente_id is None or gemeente_id not in access.gemeente_ids_where(actor, Need.MANAGE):
        raise ValidationError({"gemeente_id": ["Kies een gemeente waarvoor u projecten mag starten."]})
    gemeente = db.session.get_one(Gemeente, gemeente_id)
    document = _read_document(data)
    owned = [o.table for o in _owned()]
    level = _gemeente_level({t.name for t in owned})
    _check_tables(document, {t.name for t in owned + level})
    project_row = document["tables"][graph.ROOT][0]
    project_row["name"] = _unique_name(gemeente.id, clean_text(str(project_row.get("name", ""))))
    importer = _Importer(document, gemeente)
    for table in level + owned:
        importer.check(table)
    if importer.problems:
        raise _refusal(importer.problems)
    try:
        for table in level + owned:
            importer.insert(table)
        project_id = importer.id_map[graph.ROOT][project_row["id"]]
        # the rules of whole records, as the forms apply them, on the rows as stored; a refusal rolls back
        if problems := records.record_problems(project_id, importer.row_numbers()):
            raise _refusal(problems)
        db.session.add(
            AuditEvent(
                project_id=project_id,
                actor_id=actor.id,
                actor_name=actor.name,
                entity="Project",
                entity_id=project_id,
                action="geïmporteerd",
                summary=project_row["name"],
                changes={},
            )
        )
        security_log.record("archive_import", actor=actor, target=gemeente.name, project=project_row["name"])
        commit_or_conflict()
    except (ValidationError, ConflictError, sa.exc.IntegrityError, sa.exc.DataError, sa.exc.StatementError) as exc:
        db.session.rollback()
        if isinstance(exc, ValidationError):
            raise
        # a clash of the rows with this installation's (a ConflictError from the commit) is no conflict
        # with a colleague: the archive does not fit
        raise _Refused("Het archief past niet in deze installatie en is niet ingelezen.") from exc
    return db.session.get_one(Project, project_id)
