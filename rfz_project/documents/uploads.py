"""Checking a gemeente's own version of a template before it is kept.

In order, each step guarding the next: size; a zip we are willing to open (members, ratio, total
uncompressed size, streamed budget); really a Word document or presentation (content types, not the file
name); no macros, ActiveX or embedded programs; no DOCTYPE/ENTITY in any XML part, whatever its encoding
(entity expansion); no external relationships other than hyperlinks (an attached template or a picture on
a server would be fetched by Word); then, for Word, at least one placeholder (an already filled-in
document is not a template), every placeholder known and a dry render with sample data in the sandbox;
for the base deck, the layouts the presentations need and a dry render of each presentation.

The dry render proves little on its own (a template can branch on the data), so every later render is
bounded as well: see word.DocumentEnvironment.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from typing import NoReturn
from xml.etree import ElementTree

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError, UndefinedError

from ..errors import ValidationError
from ..safe_zip import UnsafeZip, ZipLimits, open_zip, read_member
from . import slides, word
from .catalog import BASE_DECK, SLIDES, TEMPLATE_KEYS, WORD, template_format
from .sample import hostile_context

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # all members together, as they will be unpacked when rendering
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
_DTD = re.compile(r"<!\s*(doctype|entity)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _refuse(message: str) -> NoReturn:
    raise ValidationError({"file": [message]})


def _open(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_UPLOAD_BYTES:
        _refuse(f"Het bestand is groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    try:
        archive = open_zip(data, LIMITS)
    except UnsafeZip as exc:
        if "geen geldig zip" in str(exc):  # a .docx/.pptx is a zip inside: a renamed file fails here
            _refuse("Dit is geen geldig zip-bestand, en dus ook geen Word-document of presentatie.")
        _refuse(str(exc))
    # zipfile reads no more of a member than it declares, so the declared sizes bound what rendering unpacks
    if sum(member.file_size for member in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
        _refuse(
            f"Het bestand is uitgepakt groter dan {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB "
            "(bijvoorbeeld door veel of grote afbeeldingen). Maak het kleiner en probeer het opnieuw."
        )
    return archive


def _xml_text(content: bytes) -> str:
    """An XML part as text, decoded as its byte order mark or XML declaration says (UTF-16 too)."""
    encoding = None
    for bom, name in _BOMS:
        if content.startswith(bom):
            content, encoding = content[len(bom) :], name
            break
    if encoding is None:
        if content.startswith((b"<\x00\x00\x00", b"\x00\x00\x00<")):
            encoding = "utf-32-le" if content[0] else "utf-32-be"
        elif content.startswith((b"<\x00", b"\x00<")):
            encoding = "utf-16-le" if content[0] else "utf-16-be"
        else:
            declared = _XML_ENCODING.match(content)
            encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return content.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        _refuse("Een onderdeel van het bestand heeft een onbekende of ongeldige tekenset.")


def _check_relationships(name: str, text: str) -> None:
    """No part may point outside the file, except hyperlinks (which Word only opens when clicked)."""
    try:
        root = ElementTree.fromstring(text)  # no DTD left to expand: _check_parts refused those already
    except ElementTree.ParseError:
        _refuse(f"Het onderdeel '{name}' van het bestand is beschadigd.")
    for relationship in root.iter(_RELATIONSHIP):
        kind = relationship.get("Type", "")
        external = relationship.get("TargetMode", "").lower() == "external"
        if kind.endswith("/attachedTemplate") or (external and not kind.endswith("/hyperlink")):
            _refuse(
                "Het bestand verwijst naar iets buiten het bestand (een gekoppelde sjabloon, afbeelding of "
                "ander document). Sla het op zonder koppelingen en probeer het opnieuw."
            )


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
            text = _xml_text(content)
            if _DTD.search(text):
                _refuse("Het bestand bevat een DOCTYPE-definitie; die accepteren we om veiligheidsredenen niet.")
            if member.filename.endswith(".rels"):
                _check_relationships(member.filename, text)


def _check_word(template_key: str, data: bytes) -> None:
    try:
        used = word.template_variables(data)
    except SecurityError:
        _refuse("Het sjabloon probeert iets te doen wat niet mag en is geweigerd.")
    except TemplateError as exc:
        _refuse(f"Er staat een fout in een veld van het sjabloon: {exc.message or exc}.")
    if not used:
        _refuse(
            "Het sjabloon bevat geen enkel veld (zoals {{ gemeente }}). Is dit misschien een al ingevuld "
            "document? Upload het sjabloon met de velden erin."
        )
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


def template_problem(error: Exception) -> str | None:
    """What is wrong with a template whose render raised `error`, in Dutch; None for any other failure.

    The upload check and a download with the gemeente's own template say the same thing the same way.
    """
    if isinstance(error, word.TemplateTooHeavy):
        return word.TOO_HEAVY
    if isinstance(error, SecurityError):
        return "Het sjabloon probeert iets te doen wat niet mag en is geweigerd."
    if isinstance(error, UndefinedError):
        return f"Het sjabloon gebruikt een veld dat niet bestaat: {error.message}."
    if isinstance(error, TemplateError):
        return f"Er staat een fout in een veld van het sjabloon: {error}."
    if isinstance(error, ValueError):  # the slides renderer names a missing layout this way
        return str(error)
    return None


def _dry_render(render) -> None:
    try:
        render()
    except Exception as exc:  # noqa: BLE001 - any failure means: this file cannot serve as template
        _refuse(
            template_problem(exc) or f"Met dit bestand kon geen proefdocument worden gemaakt ({type(exc).__name__})."
        )


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
