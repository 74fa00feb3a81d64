"""Scheduled work of the portal: deleting data kept only under a withdrawn consent, 30 days after withdrawal."""

from __future__ import annotations

from celery import shared_task

from portal import services


@shared_task(name="portal.purge_withdrawn_data")
def purge_withdrawn_data(guardian_ids: list[int] | None = None) -> int:
    """Idempotent: a second run finds nothing left to delete. Takes guardian ids (or none: everybody due)."""
    return services.purge_withdrawn_data(guardian_ids=guardian_ids)
