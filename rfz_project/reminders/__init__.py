"""Reminders and notices by e-mail: the weekly digest, the day before a sessie, support requests; and what each user wants."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)
