"""Initiatives, "van elkaar leren": a gemeente shares what works, the VNG approves, every gemeente can take it over."""

from flask import Blueprint

bp = Blueprint("initiatives", __name__)
