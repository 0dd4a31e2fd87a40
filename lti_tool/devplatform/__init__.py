"""A small, real LTI 1.3 platform for tests and the demo: its own RSA keys, an OIDC authorisation endpoint that
signs real id_tokens, a client-credentials token endpoint, AGS line items and scores, NRPS memberships, a Dynamic
Registration endpoint and a deep-linking return that verifies the tool's JWT. It records everything it receives.

It is not a production LMS: state lives in memory (one process), and tests may ask it for broken launches
(wrong key, expired token, missing claims) to check the tool rejects them.
"""

from .platform import DevPlatform

__all__ = ["DevPlatform"]
