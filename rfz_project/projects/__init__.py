"""Projects: the wizard, the project page with phases and steps, and Voorbereiding's records."""

from flask import Blueprint

bp = Blueprint("projects", __name__, url_prefix="/projecten")
