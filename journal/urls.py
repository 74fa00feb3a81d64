from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("", views.course_list, name="courses"),
    path("course/<int:course_id>/", views.course_grid, name="grid"),
    path("lesson/<int:lesson_id>/", views.lesson_detail, name="lesson"),
    path("file/<int:file_id>/", views.homework_file, name="file"),
    path("class/<int:class_id>/timetable/", views.class_timetable, name="timetable"),
    path("class/<int:class_id>/control-works/", views.control_works, name="control-works"),
    path("recommendations/", views.recommendations, name="recommendations"),
]
