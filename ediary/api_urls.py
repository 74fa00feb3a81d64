from django.urls import path

from journal import api as journal_api

app_name = "api"

urlpatterns = [
    path("auth/token/", journal_api.ObtainTokenView.as_view(), name="token"),
    path("me/", journal_api.MeView.as_view(), name="me"),
]
