"""Reminders and notices by e-mail (weekly digest, the day before a sessie, support) and what each user wants."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)
