"""Text messages to phones. No SMS gateway is wired yet: by default a message is written to the log (as the
console email backend does); ``EDIARY_SMS_BACKEND = "locmem"`` keeps messages in ``outbox`` for tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger("portal.sms")


@dataclass(frozen=True)
class Sms:
    phone: str
    text: str


outbox: list[Sms] = []


def send_sms(*, phone: str, text: str) -> None:
    backend = settings.EDIARY_SMS_BACKEND
    if backend == "locmem":
        outbox.append(Sms(phone=phone, text=text))
        return
    logger.info("SMS to %s: %s", phone, text)
