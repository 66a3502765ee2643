"""Names of the files the app hands out: the gemeente, the project, what the file is, and one date.

`venlo-het-ideale-integrale-proces-projectplan-2026-12-02.docx`: a folder of downloads sorts by gemeente and
project, two projects of one gemeente never share a name, and the name is ASCII so every browser, mail
program and file system keeps it as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date

PROJECT_SLUG_LENGTH = 40  # a long project name is cut at a word, so the document's own name stays in view


def slug(text: str, limit: int | None = None) -> str:
    """Lowercase ASCII words joined by hyphens: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if limit is not None and len(words) > limit:
        cut = words[: limit + 1]
        words = cut[: cut.rfind("-")] if "-" in cut else words[:limit]
    return words


def download_name(gemeente: str, project: str, what: str, day: date, extension: str) -> str:
    """The file's name: gemeente, project (shortened when long), what it is, the day, the extension."""
    parts = [slug(gemeente), slug(project, PROJECT_SLUG_LENGTH), slug(what), day.isoformat()]
    return "-".join(p for p in parts if p) + f".{extension}"


def unique(names: Iterable[str]) -> Iterator[str]:
    """The names in order, a repeated one numbered ('-2', '-3') before its extension: two sessies of the same
    kind on one day still give two files in a zip."""
    used: set[str] = set()
    for name in names:
        stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
        candidate, count = name, 1
        while candidate in used:
            count += 1
            candidate = f"{stem}-{count}{dot}{extension}"
        used.add(candidate)
        yield candidate
