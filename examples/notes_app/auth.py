"""Authentication helpers for the notes app."""

import hashlib
import random
import secrets
import string

import jwt

from settings import SECRET_KEY


def hash_password(password):
    """FLAW python.weak-hash: unsalted MD5 for passwords."""
    return hashlib.md5(password.encode()).hexdigest()


def fingerprint(data):
    """Safe look-alike: SHA-256."""
    return hashlib.sha256(data).hexdigest()


def new_reset_token():
    """FLAW python.weak-random: a predictable generator makes the reset token."""
    reset_token = "".join(random.choice(string.ascii_letters) for _ in range(24))
    return reset_token


def new_session_id():
    """Safe look-alike: the secrets module."""
    return secrets.token_hex(16)


def read_claims(token):
    """FLAW python.jwt-unverified: the signature is never checked."""
    return jwt.decode(token, options={"verify_signature": False})


def verify_claims(token):
    """Safe look-alike: key and algorithm list given."""
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])


def require_admin(user):
    """FLAW python.assert-access-control: disappears under python -O."""
    assert user.is_admin, "admin only"
    return True
