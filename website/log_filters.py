"""Logging filters for the sign-in lockout (kept free of model imports: logging is set up before apps)."""

import logging

# django-axes logs every wrong password as a WARNING naming the account and the address. One wrong
# password is ordinary; under load the lines bury real warnings, and they put names in the log.
AXES_FAILURE_MESSAGES = ("AXES: New login failure", "AXES: Repeated login failure")
sign_in_log = logging.getLogger("website.sign_in")


class QuietSignInFailures(logging.Filter):
    """Replace axes' per-failure WARNING with one INFO line without name or address.

    Lockouts ("AXES: Locking out ...") and everything else axes logs pass unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(AXES_FAILURE_MESSAGES):
            sign_in_log.info("A sign-in failed (wrong name or password).")
            return False
        return True
