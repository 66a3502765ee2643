"""Checklist: the routekaart as checklist per project, with the gemeente's own items."""

from flask import Blueprint

bp = Blueprint("checklist", __name__, url_prefix="/projecten/<int:project_id>/checklist")
