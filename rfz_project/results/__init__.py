"""Results of the sessies: findings, the Service Blueprint board, agreements, and bundling in themes."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/projecten/<int:project_id>")
