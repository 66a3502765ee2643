"""Organisation login (OpenID Connect): providers per installation and gemeente, accounts on issuer and sub."""

from flask import Blueprint

bp = Blueprint("oidc", __name__)
