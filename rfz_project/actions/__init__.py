"""Actions: a project's action list with themes, its exports and the implementatieplan."""

from flask import Blueprint

bp = Blueprint("actions", __name__, url_prefix="/projecten/<int:project_id>/acties")
