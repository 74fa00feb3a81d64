from django.urls import path

from journal import api as journal_api
from portal import cabinet_api

app_name = "api"

urlpatterns = [
    path("auth/token/", journal_api.ObtainTokenView.as_view(), name="token"),
    path("me/", journal_api.MeView.as_view(), name="me"),
    path("students/<int:student_id>/diary/", cabinet_api.DiaryView.as_view(), name="student-diary"),
    path("students/<int:student_id>/marks/", cabinet_api.MarksView.as_view(), name="student-marks"),
    path("students/<int:student_id>/final-marks/", cabinet_api.FinalMarksView.as_view(), name="student-final-marks"),
    path("students/<int:student_id>/assessments/", cabinet_api.AssessmentsView.as_view(), name="student-assessments"),
    path("students/<int:student_id>/teachers/", cabinet_api.TeachersView.as_view(), name="student-teachers"),
    path("students/<int:student_id>/holidays/", cabinet_api.HolidaysView.as_view(), name="student-holidays"),
    path(
        "students/<int:student_id>/recommendations/",
        cabinet_api.RecommendationsView.as_view(),
        name="student-recommendations",
    ),
]
