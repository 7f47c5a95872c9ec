"""The secrets of reflections, all derived or checked here: card tokens, owner pseudonyms, author keys
and edit codes (see `reflections.models` for why each exists).

Pure functions over a link's stored salts and Django's SECRET_KEY: no database reads or writes, so both
selectors and services import from here and never from each other for these.
"""

import base64
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from website.tokens import token_hash  # noqa: F401 (the project's one token hash, re-exported here)

TOKEN_CHARS = 22  # 22 base64url characters carry 132 bits.
# Edit codes: no 0/O, 1/I/L or U/V, so a code read aloud or copied from paper is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 8  # 29**8 is about 5 * 10**11; guesses are limited per link (MAX_CODE_TRIES).
MAX_CODE_TRIES = 10


def token_for_salt(salt: str) -> str:
    """Derive a card token from the link's random salt with an HMAC keyed by SECRET_KEY.

    Only the token's hash is stored, yet a pack can be reprinted with the same links; without the secret
    key, the salt in the database gives nothing away.
    """
    digest = salted_hmac("reflections.card-link", salt, algorithm="sha256").hexdigest()
    return base64.urlsafe_b64encode(bytes.fromhex(digest)).decode()[:TOKEN_CHARS]


def owner_hash(link) -> str:
    """The pseudonym under which a link's reflection is stored (see reflections.models)."""
    return salted_hmac(
        "reflections.owner", f"{link.pk}:{link.salt}", algorithm="sha256"
    ).hexdigest()


def author_key(link) -> str:
    """The key the author's browser keeps (in a signed, HttpOnly cookie) to see and change what it sent.

    Derived from a salt made at the first save, so every browser the author proves themselves in gets
    the same key; a link with no saved answers has no author key at all.
    """
    if not link.author_salt:
        return ""
    return salted_hmac(
        "reflections.author-key", f"{link.pk}:{link.author_salt}", algorithm="sha256"
    ).hexdigest()


def is_author_key(link, key: str | None) -> bool:
    expected = author_key(link)
    return bool(expected and key) and constant_time_compare(expected, key)


def new_edit_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """Upper case, without spaces or dashes: "abcd-efgh" and "ABCD EFGH" are the same code."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def edit_code_hash(link, code: str) -> str:
    return salted_hmac(
        "reflections.edit-code", f"{link.pk}:{normalise_code(code)}", algorithm="sha256"
    ).hexdigest()


def code_for_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
