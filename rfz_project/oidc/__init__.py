"""Organisation login: OpenID Connect providers for the installation and per gemeente, accounts linked on issuer and sub."""

from flask import Blueprint

bp = Blueprint("oidc", __name__)
