"""Beheer: gemeenten, users, their roles and procesbegeleider assignments."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/beheer")
