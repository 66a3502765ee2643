"""The toolkit's documents, filled with a project's data: Word (docxtpl) and PowerPoint (python-pptx)."""

from flask import Blueprint

bp = Blueprint("documents", __name__)
