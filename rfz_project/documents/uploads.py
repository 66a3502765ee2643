"""Checking a gemeente's own version of a template before it is kept.

In order, each step guarding the next: size; a zip we are willing to open (members, ratio, streamed
budget); really a Word document or presentation (content types, not the file name); no macros, ActiveX
or embedded programs; no DOCTYPE/ENTITY in any XML part (entity expansion); then, for Word, every
placeholder known and a dry render with sample data in the sandbox; for the base deck, the layouts the
presentations need and a dry render of each presentation.
"""

from __future__ import annotations

import re
import zipfile
from typing import NoReturn

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError, UndefinedError

from ..errors import ValidationError
from ..safe_zip import UnsafeZip, ZipLimits, open_zip, read_member
from . import slides, word
from .catalog import BASE_DECK, SLIDES, TEMPLATE_KEYS, WORD, template_format
from .sample import hostile_context

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
LIMITS = ZipLimits(max_members=400, max_member_bytes=20 * 1024 * 1024, max_total_bytes=60 * 1024 * 1024)
MAIN_CONTENT_TYPES = {
    WORD: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    SLIDES: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# Templates (.dotx/.potx) are fine to upload too: their main part is the same, with another type.
TEMPLATE_CONTENT_TYPES = {
    WORD: "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    SLIDES: "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
}
_FORBIDDEN_NAME = re.compile(r"(vbaproject|vbadata|activex|/embeddings/.*\.bin$|oleobject)", re.IGNORECASE)
_FORBIDDEN_TYPE = re.compile(r"(macroenabled|vbaproject|activex|oleobject|ms-office\.vba)", re.IGNORECASE)
_DTD = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)


def _refuse(message: str) -> NoReturn:
    raise ValidationError({"file": [message]})


def _open(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_UPLOAD_BYTES:
        _refuse(f"Het bestand is groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    try:
        return open_zip(data, LIMITS)
    except UnsafeZip as exc:
        if "geen geldig zip" in str(exc):  # a .docx/.pptx is a zip inside: a renamed file fails here
            _refuse("Dit is geen geldig zip-bestand, en dus ook geen Word-document of presentatie.")
        _refuse(str(exc))


def _check_parts(archive: zipfile.ZipFile, expected_format: str) -> None:
    try:
        types = read_member(archive, "[Content_Types].xml", LIMITS).decode("utf-8", "replace")
    except UnsafeZip:
        _refuse("Dit is geen Word-document of presentatie (de inhoudsopgave van het bestand ontbreekt).")
    if _FORBIDDEN_TYPE.search(types):
        _refuse(
            "Het bestand bevat macro's of ingebouwde programma's. Sla het op als gewoon .docx of .pptx "
            "zonder macro's en probeer het opnieuw."
        )
    if MAIN_CONTENT_TYPES[expected_format] not in types and TEMPLATE_CONTENT_TYPES[expected_format] not in types:
        wanted = "Word-document (.docx)" if expected_format == WORD else "PowerPoint-presentatie (.pptx)"
        _refuse(f"Dit is geen {wanted}. Een ander bestand met een andere extensie werkt niet.")
    budget = LIMITS.max_total_bytes
    for member in archive.infolist():
        if _FORBIDDEN_NAME.search("/" + member.filename):
            _refuse("Het bestand bevat macro's, ActiveX of ingebouwde programma's en wordt niet geaccepteerd.")
        if member.filename.endswith((".xml", ".rels")):
            content = read_member(archive, member.filename, LIMITS)
            budget -= len(content)
            if budget < 0:
                _refuse("Het bestand is van binnen te groot.")
            if _DTD.search(content):
                _refuse("Het bestand bevat een DOCTYPE-definitie; die accepteren we om veiligheidsredenen niet.")


def _check_word(template_key: str, data: bytes) -> None:
    try:
        used = word.template_variables(data)
    except SecurityError:
        _refuse("Het sjabloon probeert iets te doen wat niet mag en is geweigerd.")
    except TemplateError as exc:
        _refuse(f"Er staat een fout in een veld van het sjabloon: {exc.message or exc}.")
    unknown = sorted(used - word.placeholders_for(template_key))
    if unknown:
        _refuse(
            "Het sjabloon gebruikt velden die de tool niet kent: "
            + ", ".join(f"{{{{ {u} }}}}" for u in unknown)
            + ". Zie docx_templates/README.md voor de velden die wel bestaan."
        )
    _dry_render(lambda: word.render_word(data, template_key, hostile_context(), None))


def _check_deck(data: bytes) -> None:
    problems = slides.check_base_deck(data)
    if problems:
        _refuse(" ".join(problems))
    for key in slides.DOCUMENT_KEYS:
        _dry_render(lambda key=key: slides.render_deck(data, key, hostile_context(), _sessie_for(key)))


def _sessie_for(deck_key: str) -> int | None:
    """For a deck made per sessie, the sample's sessie of that option; the other decks need none."""
    option = next((o for o, key in slides.OPTION_DECKS.items() if key == deck_key), None)
    if option is None:
        return None
    return next(s.id for s in hostile_context().sessies if s.option_key == option)


def _dry_render(render) -> None:
    try:
        render()
    except SecurityError:
        _refuse("Het sjabloon probeert iets te doen wat niet mag en is geweigerd.")
    except UndefinedError as exc:
        _refuse(f"Het sjabloon gebruikt een veld dat niet bestaat: {exc.message}.")
    except TemplateError as exc:
        _refuse(f"Er staat een fout in een veld van het sjabloon: {exc}.")
    except ValueError as exc:  # the slides renderer names a missing layout this way
        _refuse(str(exc))
    except Exception as exc:  # noqa: BLE001 - any other failure means: this file cannot serve as template
        _refuse(f"Met dit bestand kon geen proefdocument worden gemaakt ({type(exc).__name__}).")


def validate_upload(template_key: str, data: bytes) -> None:
    if template_key not in TEMPLATE_KEYS:
        raise ValidationError({"template_key": ["Kies een sjabloon uit de lijst."]})
    if not data:
        _refuse("Het bestand is leeg.")
    archive = _open(data)
    _check_parts(archive, template_format(template_key))
    if template_key == BASE_DECK:
        _check_deck(data)
    else:
        _check_word(template_key, data)
