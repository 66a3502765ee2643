"""An action taken over from another gemeente's initiative is archived without that link: the initiative lives
in this installation's catalogue, which another installation has not got."""

import io
import json
import zipfile

import sqlalchemy as sa

from rfz_project.archive import services
from rfz_project.extensions import db
from rfz_project.initiatives import services as initiatives
from rfz_project.models import Action

from .. import factories


def _document(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("project.json"))


def test_an_adopted_action_is_exported_and_imported_without_its_initiative(world):
    initiative = factories.initiative(world.other_project, "Betaalkalender")
    own = factories.initiative(world.project, "Eigen spreekuur")  # Venlo's own: stays in the catalogue
    action = initiatives.adopt(world.actor(world.projectleider), initiative.id, world.project.id)
    exported = services.export_project(world.actor(world.projectleider), world.project.id)
    document = _document(exported.content)
    assert "initiative" not in document["tables"] and "initiative_adoption" not in document["tables"]
    row = next(r for r in document["tables"]["action"] if r["id"] == action.id)
    assert row["source_initiative_id"] is None and row["title"] == "Betaalkalender"
    imported = services.import_archive(world.actor(world.other_projectleider), world.other.id, exported.content)
    copy = db.session.scalars(sa.select(Action).where(Action.project_id == imported.id)).one()
    assert copy.title == "Betaalkalender" and copy.source_initiative_id is None
    assert own.id  # untouched


def test_an_archive_that_names_an_initiative_is_imported_without_the_link(world):
    action = factories.action(world.project, title="Met een verwijzing")
    exported = services.export_project(world.actor(world.projectleider), world.project.id)
    document = _document(exported.content)
    document["tables"]["action"][0]["source_initiative_id"] = 424242  # from another installation
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported.content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = json.dumps(document).encode() if name == "project.json" else source.read(name)
            target.writestr(name, data)
    imported = services.import_archive(world.actor(world.other_projectleider), world.other.id, buffer.getvalue())
    copy = db.session.scalars(sa.select(Action).where(Action.project_id == imported.id)).one()
    assert copy.title == action.title and copy.source_initiative_id is None
