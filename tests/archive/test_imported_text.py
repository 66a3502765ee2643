"""Text taken from an imported archive follows the same rules as typed text (inputs.clean_text)."""

import io
import json
import zipfile

from rfz_project.archive import services


def _archive_with(world, change) -> bytes:
    exported = services.export_project(world.actor(world.teamlid), world.project.id).content
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        document = json.loads(archive.read("project.json"))
    change(document)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.json", json.dumps(document))
    return buffer.getvalue()


def test_control_characters_in_an_archive_are_dropped_on_import(world):
    """A NUL would fail the insert on PostgreSQL; a U+FFFE would break every document afterwards."""

    def dirty(document):
        project = document["tables"]["project"][0]
        project["name"] = "Geïmporteerd\x00 project\ufffe 💶"
        project["central_question"] = "Vraag\x01\r\nmet <&> en\ttab"

    imported = services.import_archive(world.actor(world.projectleider), world.home.id, _archive_with(world, dirty))
    assert imported.name == "Geïmporteerd project 💶"
    assert imported.central_question == "Vraag\nmet <&> en\ttab"
