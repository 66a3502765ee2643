"""A whole project as one archive (zip), and importing such an archive into another installation."""

from flask import Blueprint

bp = Blueprint("archive", __name__)
