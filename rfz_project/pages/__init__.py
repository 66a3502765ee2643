"""Pages that belong to no single area: the start page, accessibility statement, errors."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
