"""Fase 2 sessies: planning, a proposed schedule, lifecycle, participants and calendar files."""

from flask import Blueprint

bp = Blueprint("sessions", __name__)
