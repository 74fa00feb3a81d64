from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("consent/", views.consent, name="consent"),
    path("consent/withdraw/", views.withdraw, name="withdraw"),
    path("contacts/", views.contacts, name="contacts"),
    path("delivery/", views.delivery, name="delivery"),
]
