"""Every admin list and add form opens for a school administrator, and nothing of another school shows in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import Cast

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"journal", "portal"}
)


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_it_opens_every_admin_list_for_an_administrator(cast: Cast, client_for: Any, app: str, model: str) -> None:
    response = client_for("admin").get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    # The other school's people and classes never appear in our administrator's lists.
    assert "Чужой" not in page
    assert "Школа № 2" not in page


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_it_opens_every_add_form_it_offers(cast: Cast, client_for: Any, app: str, model: str) -> None:
    client = client_for("admin")
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.model_name == model)
    request = client.get("/").wsgi_request
    if not model_admin.has_add_permission(request):
        pytest.skip("no add form for this model")
    response = client.get(reverse(f"admin:{app}_{model}_add"))
    assert response.status_code == 200
    assert "Школа № 2" not in response.content.decode()  # choices are scoped to our school too
