"""The gemeenten's client secrets, encrypted at rest with a key derived from SECRET_KEY.

Fernet (AES with an HMAC) from `cryptography`, which Authlib already needs. The key is derived with HKDF
from SECRET_KEY with a purpose of its own, so it is never the key that signs the session cookies. A new
SECRET_KEY makes the stored secrets unreadable: the beheerder then types each gemeente's secret again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_PURPOSE = b"rfz-oidc-client-secret"


class SecretUnreadable(Exception):
    """The stored secret was encrypted with another SECRET_KEY (or was changed)."""


def _fernet() -> Fernet:
    secret_key = current_app.config["SECRET_KEY"]
    material = secret_key.encode() if isinstance(secret_key, str) else bytes(secret_key)
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(stored: str) -> str:
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable() from error
