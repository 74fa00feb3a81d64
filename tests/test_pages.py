"""Sign-in, role homes, language, the admin scoped to the user's school, MFA for administrators."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from tests.conftest import Cast
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_speaks_russian_by_default(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="ru"' in page
    assert "Войти" in page


def test_it_switches_to_english(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page
    assert "Sign In" in page


@pytest.mark.parametrize("login", ["teacher", "teacher@example.test"])
def test_it_signs_in_with_username_or_email(cast: Cast, client: Client, login: str) -> None:
    response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_password_with_a_message(cast: Cast, client: Client) -> None:
    response = client.post("/accounts/login/", {"login": "teacher", "password": "nope"})
    assert response.status_code == 200
    assert "неверны" in response.content.decode().lower() or "не верны" in response.content.decode().lower()


def test_it_does_not_let_visitors_sign_up(client: Client) -> None:
    response = client.get("/accounts/signup/")
    assert "закрыта" in response.content.decode().lower() or response.status_code in (403, 404)


def test_it_sends_a_password_reset_email(cast: Cast, client: Client) -> None:
    response = client.post("/accounts/password/reset/", {"email": cast.guardian.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert cast.guardian.email in mail.outbox[0].to
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


HOME_SHOWS = {
    "staff": ["Канцелярия", "Дети без решения о согласии"],
    "admin": ["Школа № 1", "Учеников"],
    "teacher": ["Мои курсы", "Алгебра, 7А"],
    "homeroom_teacher": ["Мой класс", "7А"],
    "guardian": ["Мои дети", "Иванов Пётр Ильич"],
    # Without consent for any child a guardian sees only the consent page (portal middleware).
    "guardian_no_consent": ["Кузнецов Олег", "Согласие на обработку персональных данных"],
    "student": ["Иванов Пётр Ильич"],
}
HOME_HIDES = {
    "staff": ["Мои курсы", "Мои дети", "Учеников"],
    "admin": ["Мои курсы", "Мои дети"],
    "teacher": ["Физика, 8Б", "Мои дети", "Учеников"],
    "guardian": ["Сидорова", "Кузнецов", "Мои курсы"],
    "guardian_no_consent": ["Иванов Пётр"],
    "student": ["Мои дети", "Мои курсы"],
}


@pytest.mark.parametrize("who", sorted(HOME_SHOWS))
def test_it_lands_each_role_on_its_home(client_for: Any, who: str) -> None:
    page = client_for(who).get("/", follow=True).content.decode()
    for text in HOME_SHOWS[who]:
        assert text in page
    for text in HOME_HIDES.get(who, []):
        assert text not in page


def test_it_opens_the_admin_to_office_staff_only(client_for: Any) -> None:
    assert client_for("admin").get("/admin/").status_code == 200
    assert client_for("staff").get("/admin/").status_code == 200
    for who in ("teacher", "guardian", "student"):
        assert client_for(who).get("/admin/").status_code == 302


def test_it_scopes_admin_lists_to_the_users_school(cast: Cast, client_for: Any) -> None:
    page = client_for("staff").get("/admin/journal/student/").content.decode()
    assert "Иванов" in page
    assert "Чужой" not in page
    page = client_for("outsider").get("/admin/journal/student/").content.decode()
    assert "Чужой" in page
    assert "Иванов" not in page


def test_it_hides_another_schools_object_in_the_admin(cast: Cast, client_for: Any) -> None:
    response = client_for("outsider").get(f"/admin/journal/student/{cast.child.pk}/change/")
    assert response.status_code == 302  # the admin's «does not exist» redirect, same as a missing id
    assert "Иванов" not in client_for("outsider").get(response["Location"]).content.decode()


def test_it_shows_a_students_guardians_and_enrollments_inline(cast: Cast, client_for: Any) -> None:
    page = client_for("staff").get(f"/admin/journal/student/{cast.child.pk}/change/").content.decode()
    assert "Иванова Мария" in page  # the guardian
    assert "7А" in page  # the enrollment


def test_it_keeps_secretaries_out_of_school_settings(client_for: Any) -> None:
    assert client_for("staff").get("/admin/journal/worktype/").status_code == 403
    assert client_for("admin").get("/admin/journal/worktype/").status_code == 200


def test_it_requires_mfa_from_administrators_when_set(client_for: Any, settings: Any, cast: Cast) -> None:
    settings.EDIARY_MFA_REQUIRED_FOR_ADMINS = True
    response = client_for("admin").get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
    assert client_for("teacher").get("/").status_code == 200
    Authenticator.objects.create(user=cast.admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client_for("admin").get("/").status_code == 200


def test_it_does_not_require_mfa_by_default(client_for: Any) -> None:
    assert client_for("admin").get("/").status_code == 200


def test_it_stays_russian_for_an_english_browser(client: Client) -> None:
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="ru"' in page


def test_it_does_not_offer_self_sign_up_on_the_login_page(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/signup/" not in page
    assert "канцелярия" in page


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_it_opens_every_office_link_of_the_home_page(client_for: Any, who: str) -> None:
    client = client_for(who)
    page = client.get("/").content.decode()
    section = page[page.index('id="office"') :]
    links = re.findall(r'href="(/admin/[^"]+)"', section[: section.index("</section>")])
    assert len(links) == 5
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_it_keeps_roles_and_staff_accounts_out_of_a_secretarys_hands(cast: Cast, client_for: Any) -> None:
    secretary = client_for("staff")
    own = cast.staff.staff_profiles.get()
    assert secretary.get("/admin/journal/staff/").status_code == 200  # the list is visible
    response = secretary.post(
        f"/admin/journal/staff/{own.pk}/change/",
        {"last_name": own.last_name, "first_name": own.first_name, "user": cast.staff.pk, "school": own.school_id,
         "is_admin": "on", "is_secretary": "on"},
    )  # fmt: skip
    assert response.status_code == 403
    own.refresh_from_db()
    assert not own.is_admin
    users = secretary.get("/admin/journal/user/").content.decode()
    assert "guardian" in users
    assert ">admin<" not in users
    assert secretary.get(f"/admin/journal/user/{cast.admin.pk}/change/").status_code == 302  # «does not exist»
    assert client_for("admin").get(f"/admin/journal/user/{cast.admin.pk}/change/").status_code == 200
