"""Borging (Fase 3): regular tasks that keep the changes going, and the decision log (archivering)."""

from flask import Blueprint

bp = Blueprint("borging", __name__, url_prefix="/projecten/<int:project_id>/borging")
