"""The toolkit's documents, filled with a project's data: Word (docxtpl) and PowerPoint (python-pptx).

Unlike the other areas, importing this package does not import its views: the renderers (word, slides)
are used on their own too (by tests and the benchmark), without the web layer. create_app imports
documents.views when it registers the blueprint.
"""

from flask import Blueprint

bp = Blueprint("documents", __name__)
