"""Shared by the authoring scripts: the same input gives the same bytes, so a rebuilt template only
shows up in git when its content really changed."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

FIXED_TIME = datetime(2026, 1, 1, 12, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """The same bytes on every run: fixed timestamps and order in the zip."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
