"""Django admin for the timetable and the journal's records, scoped to the administrator's school.

The weekly template is edited here (or on /journal/class/<id>/timetable/); the «generate lessons» action turns it
into dated lessons through the same service, which never removes or moves a filled lesson.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal import services
from journal.admin import SCHOOL_PATHS, SchoolScopedAdmin
from journal.models import Assessment, Lesson, Mark, Recommendation, SchoolClass, TimetableSlot

SCHOOL_PATHS.update(
    {
        TimetableSlot: "school_class__school_id",
        Lesson: "course__year__school_id",
        Assessment: "lesson__course__year__school_id",
        Mark: "lesson__course__year__school_id",
        Recommendation: "teacher__school_id",
    }
)


@admin.action(description=gettext_lazy("Generate lessons for the classes of the selected lines"))
def generate_lessons(modeladmin: Any, request: HttpRequest, queryset: QuerySet[TimetableSlot]) -> None:
    user: Any = request.user
    for school_class in SchoolClass.objects.filter(id__in=queryset.values("school_class_id")):
        result = services.timetable_generate(user=user, school_class=school_class)
        modeladmin.message_user(
            request,
            _("%(cls)s: lessons created: %(created)s, removed: %(deleted)s, kept: %(kept)s.")
            % {
                "cls": school_class.name,
                "created": len(result.created),
                "deleted": result.deleted,
                "kept": result.kept,
            },
            messages.SUCCESS,
        )


@admin.register(TimetableSlot)
class TimetableSlotAdmin(SchoolScopedAdmin):
    list_display = ["school_class", "weekday", "bell", "course", "room"]
    list_filter = ["school_class__grade", "weekday"]
    list_select_related = ["school_class", "bell", "course__subject", "course__school_class", "course__group"]
    actions = [generate_lessons]


@admin.register(Lesson)
class LessonAdmin(SchoolScopedAdmin):
    list_display = ["date", "bell", "course", "status", "substitute", "topic"]
    list_filter = ["status", "course__school_class__grade"]
    list_select_related = ["bell", "course__subject", "course__school_class", "course__group", "substitute"]
    date_hierarchy = "date"
    search_fields = ["topic", "course__subject__name"]
    raw_id_fields = ["course"]


@admin.register(Assessment)
class AssessmentAdmin(SchoolScopedAdmin):
    list_display = ["title", "kind", "lesson", "overridden_by"]
    list_filter = ["kind"]
    raw_id_fields = ["lesson"]


@admin.register(Recommendation)
class RecommendationAdmin(SchoolScopedAdmin):
    list_display = ["created_at", "teacher", "student", "subject"]
    raw_id_fields = ["student"]
