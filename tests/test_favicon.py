"""The app has an icon: linked from every page as SVG, and at /favicon.ico for browsers that ask there."""

import struct
from xml.etree import ElementTree


def test_favicon_ico_leads_to_a_cacheable_icon(client, app):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.headers["Location"].endswith("/static/favicon.ico")
    assert response.headers["Cache-Control"] == "no-store"  # a route like every other; the file itself is cached
    icon = client.get(response.headers["Location"])
    assert icon.status_code == 200 and icon.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    reserved, kind, count = struct.unpack("<HHH", icon.data[:6])
    assert (reserved, kind) == (0, 1) and count >= 1  # an ICO file with at least one image
    assert "no-store" not in icon.headers.get("Cache-Control", "") and icon.headers.get("ETag")


def test_every_page_links_the_svg_icon(client, app):
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert ElementTree.fromstring(svg.data).tag == "{http://www.w3.org/2000/svg}svg"
    assert "no-store" not in svg.headers.get("Cache-Control", "")
