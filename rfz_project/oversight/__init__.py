"""Oversight: the VNG's view over many gemeenten (portfolio, mijlpaal coverage, checklist comparison, notes)."""

from flask import Blueprint

bp = Blueprint("oversight", __name__, url_prefix="/vng")
