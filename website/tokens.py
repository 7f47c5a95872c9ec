"""Secret links (calendar feeds, reflection cards): how a token is stored.

Only a hash of a token is ever stored, so a database dump or backup holds no working link. Tokens carry
at least 128 random bits, so a plain SHA-256 (no salt, no stretching) is enough to make the stored value
useless to whoever reads it, and it keeps the look-up a single indexed equality.
"""

import hashlib


def token_hash(token: str) -> str:
    """The hex SHA-256 of a token: the only form in which a secret link is stored or looked up."""
    return hashlib.sha256(token.encode()).hexdigest()
