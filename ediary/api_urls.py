from django.urls import path

from journal import api as journal_api
from portal import api as portal_api

app_name = "api"

urlpatterns = [
    path("auth/token/", journal_api.ObtainTokenView.as_view(), name="token"),
    path("me/", journal_api.MeView.as_view(), name="me"),
    path("consents/", portal_api.ConsentListView.as_view(), name="consents"),
    path("paper-list/", portal_api.PaperListView.as_view(), name="paper-list"),
    path("cabinet/students/<int:pk>/", portal_api.CabinetStudentView.as_view(), name="cabinet-student"),
]
