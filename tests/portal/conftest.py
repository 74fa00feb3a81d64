"""Helpers for the portal's tests: text messages kept in memory, codes read back from the outbox."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from portal import sms


@pytest.fixture(autouse=True)
def _sms_in_memory(settings: Any) -> Any:
    settings.EDIARY_SMS_BACKEND = "locmem"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def last_code() -> str:
    """The six-digit code of the latest email or text message."""
    texts = [str(m.body) for m in mail.outbox] + [m.text for m in sms.outbox]
    assert texts, "no code was sent"
    found = re.search(r"\b(\d{6})\b", texts[-1])
    assert found, texts[-1]
    return found.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"
