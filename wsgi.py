"""Entry point for gunicorn and `flask --app wsgi`."""

from rfz_project import create_app

app = create_app()
