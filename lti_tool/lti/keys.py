"""The tool's RSA signing keys: generated on first use, stored encrypted, published as a JWKS, rotatable.

Private keys are kept PKCS#8-encrypted under a password derived from the app's SECRET_KEY, so a copy of the
database alone does not leak them. After ``rotate_key`` the previous key stays in the JWKS for a grace period, so
platforms that cached it still verify what the tool signed just before the rotation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import current_app
from jwcrypto.jwk import JWK
from sqlalchemy import select

from ..extensions import db
from ..models import ToolKey, utcnow


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey  # decrypted and parsed: what PyJWT signs with, as it is
    public_pem: str


def _password(secret_key: str) -> bytes:
    return hashlib.sha256(("fieldschool-tool-key:" + secret_key).encode()).hexdigest().encode()


def _new_key(secret_key: str) -> ToolKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    encrypted = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.BestAvailableEncryption(_password(secret_key))).decode()
    kid = JWK.from_pem(public_pem.encode()).thumbprint()
    return ToolKey(kid=kid, private_pem=encrypted, public_pem=public_pem)


@lru_cache(maxsize=16)
def _decrypt(encrypted_pem: str, secret_key: str) -> rsa.RSAPrivateKey:
    """The key, decrypted and parsed once per process: OpenSSL checks an RSA key as it loads it (milliseconds to
    tens of milliseconds), which a PEM handed to the JWT library would cost at every signature."""
    key = serialization.load_pem_private_key(encrypted_pem.encode(), password=_password(secret_key))
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError("the tool's signing key is not an RSA key")
    return key


def _active_row() -> ToolKey | None:
    return db.session.scalars(
        select(ToolKey).where(ToolKey.retired_at.is_(None)).order_by(ToolKey.created_at.desc(), ToolKey.id.desc())
    ).first()


def ensure_key() -> ToolKey:
    """The active key, generating the first one when there is none."""
    row = _active_row()
    if row is None:
        row = _new_key(current_app.config["SECRET_KEY"])
        db.session.add(row)
        db.session.commit()
    return row


def active_key() -> SigningKey:
    """The key the tool signs with now (decrypted)."""
    row = ensure_key()
    return SigningKey(row.kid, _decrypt(row.private_pem, current_app.config["SECRET_KEY"]), row.public_pem)


def usable_signing_key() -> bool:
    """Whether an active key exists and opens under this SECRET_KEY (read only; for the readiness check)."""
    row = _active_row()
    if row is None:
        return False
    try:
        _decrypt(row.private_pem, current_app.config["SECRET_KEY"])
    except (ValueError, TypeError):
        return False
    return True


def rotate_key() -> tuple[ToolKey, ToolKey | None]:
    """Make a new active key and retire the current one (still published for KEY_GRACE_DAYS)."""
    previous = _active_row()
    now = utcnow()
    if previous is not None:
        previous.retired_at = now
    row = _new_key(current_app.config["SECRET_KEY"])
    row.created_at = now
    db.session.add(row)
    db.session.commit()
    return row, previous


def published_keys() -> list[ToolKey]:
    """Keys in the JWKS: the active one and those retired within the grace period."""
    ensure_key()
    cutoff = utcnow() - timedelta(days=current_app.config["KEY_GRACE_DAYS"])
    rows = db.session.scalars(select(ToolKey).order_by(ToolKey.created_at.desc(), ToolKey.id.desc())).all()
    return [r for r in rows if r.retired_at is None or r.retired_at > cutoff]


def public_jwk(public_pem: str, kid: str) -> dict:
    """The public key as a JWK (a new dict each call: the caller may change it)."""
    return json.loads(_public_jwk_json(public_pem, kid))


@lru_cache(maxsize=16)
def _public_jwk_json(public_pem: str, kid: str) -> str:
    """Parsing the PEM is what costs: done once per key and process, though every JWKS request asks again."""
    jwk = json.loads(JWK.from_pem(public_pem.encode()).export_public())
    jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return json.dumps(jwk)


def jwks() -> dict:
    """The tool's public key set, as served at /lti/jwks.json."""
    return {"keys": [public_jwk(r.public_pem, r.kid) for r in published_keys()]}
