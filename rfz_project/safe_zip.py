"""Reading uploaded zip files (archives now, .docx/.pptx templates later) without trusting them.

A zip can lie about its sizes and hold millions of members or a tiny file that expands to gigabytes;
so member count, declared sizes and compression ratio are checked first, and each member is read as a
stream against a byte budget (the real size is only known while reading).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


class UnsafeZip(ValueError):
    """The file is not a zip we are willing to open; the message is Dutch and safe to show."""


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 200
    max_member_bytes: int = 50 * 1024 * 1024
    max_total_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, per member


def open_zip(data: bytes, limits: ZipLimits = ZipLimits()) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnsafeZip("Dit is geen geldig zip-bestand.") from exc
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise UnsafeZip(f"Het bestand bevat te veel onderdelen (meer dan {limits.max_members}).")
    for member in members:
        if member.filename.startswith("/") or ".." in member.filename.split("/"):
            raise UnsafeZip("Het bestand bevat een ongeldige bestandsnaam.")
        if member.flag_bits & 0x1:
            raise UnsafeZip("Versleutelde zip-bestanden worden niet geaccepteerd.")
        if member.file_size > limits.max_member_bytes:
            raise UnsafeZip("Een onderdeel van het bestand is te groot.")
        if member.compress_size and member.file_size / member.compress_size > limits.max_ratio:
            raise UnsafeZip("Het bestand is verdacht sterk ingepakt en wordt niet geopend.")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limits: ZipLimits = ZipLimits()) -> bytes:
    """One member, read in chunks so a member that is larger than it claims is stopped early."""
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise UnsafeZip(f"Het onderdeel '{name}' ontbreekt in het bestand.") from exc
    chunks, total = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(64 * 1024):
                total += len(chunk)
                if total > limits.max_member_bytes:
                    raise UnsafeZip("Een onderdeel van het bestand is groter dan het zegt te zijn.")
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnsafeZip("Het zip-bestand is beschadigd.") from exc
    return b"".join(chunks)
