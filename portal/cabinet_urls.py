from django.urls import path

from portal import cabinet_views as views

app_name = "cabinet"

urlpatterns = [
    path("", views.cabinet_home, name="home"),
    path("<int:student_id>/", views.diary_page, name="diary"),
    path("<int:student_id>/marks/", views.marks_page, name="marks"),
    path("<int:student_id>/final-marks/", views.final_marks_page, name="final_marks"),
    path("<int:student_id>/assessments/", views.assessments_page, name="assessments"),
    path("<int:student_id>/teachers/", views.teachers_page, name="teachers"),
    path("<int:student_id>/holidays/", views.holidays_page, name="holidays"),
    path("<int:student_id>/recommendations/", views.recommendations_page, name="recommendations"),
    path("<int:student_id>/files/<int:file_id>/", views.homework_file, name="homework_file"),
]
