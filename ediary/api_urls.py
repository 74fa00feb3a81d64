from django.urls import path

from journal import api as journal_api
from journal import api_journal
from portal import api as portal_api
from portal import cabinet_api

app_name = "api"

urlpatterns = [
    path("auth/token/", journal_api.ObtainTokenView.as_view(), name="token"),
    path("me/", journal_api.MeView.as_view(), name="me"),
    # The teacher's journal (issue 3 §7).
    path("courses/", api_journal.CourseListView.as_view(), name="courses"),
    path("courses/<int:course_id>/lessons/", api_journal.CourseLessonsView.as_view(), name="course-lessons"),
    path("courses/<int:course_id>/students/", api_journal.CourseStudentsView.as_view(), name="course-students"),
    path("marks/", api_journal.MarkCreateView.as_view(), name="marks"),
    path("marks/<int:mark_id>/", api_journal.MarkDetailView.as_view(), name="mark"),
    path("marks/<int:mark_id>/history/", api_journal.MarkHistoryView.as_view(), name="mark-history"),
    path("lessons/<int:lesson_id>/", api_journal.LessonDetailView.as_view(), name="lesson"),
    path("lessons/<int:lesson_id>/attendance/", api_journal.LessonAttendanceView.as_view(), name="lesson-attendance"),
    path(
        "lessons/<int:lesson_id>/attendance/history/",
        api_journal.AttendanceHistoryView.as_view(),
        name="lesson-attendance-history",
    ),
    # Consents and the paper list (issue 4 §6).
    path("consents/", portal_api.ConsentListView.as_view(), name="consents"),
    path("paper-list/", portal_api.PaperListView.as_view(), name="paper-list"),
    # The cabinet (issue 5 §4).
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
