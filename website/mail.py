"""The development e-mail backend: one line on the console per message, the full message in a folder.

Printing whole messages (calendar attachments included) buried `make run`'s console under thousands of
lines; a folder of `.eml` files keeps every message to open in a mail program, and the console shows only
who was sent what.
"""

import logging
import threading
from itertools import count
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

logger = logging.getLogger("alongside.mail")
_numbers = count(1)
_lock = threading.Lock()


class FolderEmailBackend(BaseEmailBackend):
    """Write each message to `ALONGSIDE_EMAIL_DIR` as an `.eml` file and log one line about it."""

    def __init__(self, *args, folder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(folder or settings.ALONGSIDE_EMAIL_DIR)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            with _lock:
                number = next(_numbers)
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            path = self.folder / f"{stamp}-{number:05d}.eml"
            try:
                path.write_bytes(message.message().as_bytes(linesep="\n"))
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            logger.info(
                "E-mail to %s: %s (%s)", ", ".join(message.recipients()), message.subject, path
            )
            sent += 1
        return sent
