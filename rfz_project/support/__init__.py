"""Support on request: a gemeente asks the VNG for help, the procesbegeleiders handle it from a queue."""

from flask import Blueprint

bp = Blueprint("support", __name__)
