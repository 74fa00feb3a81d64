"""Django admin for school structure and people, each list scoped to the staff member's own school.

Administrators manage everything of their school; secretaries manage people and links. Superusers see all
schools (the installation's operator). Foreign-key choices are scoped the same way, so nobody can attach a row
to another school's class or student.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from journal import access
from journal.models import (
    AcademicYear,
    Bell,
    Course,
    CurriculumPlanItem,
    Enrollment,
    Guardian,
    GuardianStudent,
    Holiday,
    Period,
    School,
    SchoolClass,
    Staff,
    Student,
    StudyGroup,
    Subject,
    User,
    WorkType,
)

admin.site.site_header = _("ediary: school administration")
admin.site.site_title = _("ediary")
admin.site.index_title = _("School administration")

# How each model reaches its school, for scoping lists and choices.
SCHOOL_PATHS: dict[type[Model], str] = {
    School: "id",
    AcademicYear: "school_id",
    Period: "year__school_id",
    Holiday: "year__school_id",
    Bell: "school_id",
    SchoolClass: "school_id",
    StudyGroup: "school_class__school_id",
    Subject: "school_id",
    CurriculumPlanItem: "year__school_id",
    Course: "year__school_id",
    Enrollment: "school_class__school_id",
    WorkType: "school_id",
    Staff: "school_id",
    Student: "school_id",
    Guardian: "links__student__school_id",
    GuardianStudent: "student__school_id",
}


T = TypeVar("T", bound=Model)


def scope_to_school(queryset: QuerySet[T], request: HttpRequest) -> QuerySet[T]:
    user = request.user
    if user.is_superuser:
        return queryset
    path = SCHOOL_PATHS.get(queryset.model)
    if path is None:
        return queryset.none()
    scoped = queryset.filter(**{f"{path}__in": access.office_schools(user=user).values("id")})
    # A guardian reaches the school through each child: without distinct, a family of two would list twice.
    return scoped.distinct() if queryset.model is Guardian else scoped


def scope_choices(field: Any, request: HttpRequest) -> Any:
    """Limit a form field's choices to the user's school, so no row can point into another school."""
    choices = getattr(field, "queryset", None)
    if choices is not None and choices.model in SCHOOL_PATHS:
        field.queryset = scope_to_school(choices, request)
    return field


def is_school_admin(request: HttpRequest) -> bool:
    return bool(request.user.is_superuser or access.admin_schools(user=request.user).exists())


class SchoolScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Lists, choices and permissions limited to the schools the user works for.

    ``office_only`` models (people) are open to secretaries too; the rest only to administrators.
    """

    office_only = False
    # Logs and statuses that only services write: visible, never added, changed or deleted in the admin.
    read_only = False

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        schools = access.office_schools(user=user) if self.office_only else access.admin_schools(user=user)
        return schools.exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.read_only and self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and self._allowed(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope_to_school(super().get_queryset(request), request)

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Filters by a related object offer only the objects in the (school-scoped) list, never other schools'."""
        filters: list[Any] = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
                filters.append((item, admin.RelatedOnlyFieldListFilter))
            else:
                filters.append(item)
        return filters

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return scope_choices(super().formfield_for_manytomany(db_field, request, **kwargs), request)


class ScopedInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(School)
class SchoolAdmin(SchoolScopedAdmin):
    list_display = ["name", "short_name", "timezone", "edit_window_days"]
    search_fields = ["name", "short_name"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class PeriodInline(ScopedInline):
    model = Period


class HolidayInline(ScopedInline):
    model = Holiday


@admin.register(AcademicYear)
class AcademicYearAdmin(SchoolScopedAdmin):
    list_display = ["name", "school", "starts", "ends"]
    list_filter = ["school"]
    search_fields = ["name"]
    inlines = [PeriodInline, HolidayInline]


@admin.register(Period)
class PeriodAdmin(SchoolScopedAdmin):
    list_display = ["__str__", "year", "starts", "ends"]
    list_filter = ["kind", "year__school"]
    search_fields = ["year__name"]


@admin.register(Holiday)
class HolidayAdmin(SchoolScopedAdmin):
    list_display = ["name", "year", "starts", "ends", "grade_min", "grade_max"]
    list_filter = ["year__school"]
    search_fields = ["name"]


@admin.register(Bell)
class BellAdmin(SchoolScopedAdmin):
    list_display = ["number", "starts", "ends", "school"]
    list_filter = ["school"]


class EnrollmentInline(ScopedInline):
    model = Enrollment
    autocomplete_fields = ["student"]


@admin.register(SchoolClass)
class SchoolClassAdmin(SchoolScopedAdmin):
    list_display = ["name", "year", "homeroom_teacher", "school"]
    list_filter = ["year", "grade", "school"]
    search_fields = ["letter", "homeroom_teacher__last_name"]
    inlines = [EnrollmentInline]
    office_only = True


@admin.register(StudyGroup)
class StudyGroupAdmin(SchoolScopedAdmin):
    list_display = ["name", "school_class", "kind"]
    list_filter = ["kind", "school_class__grade"]
    filter_horizontal = ["students"]
    search_fields = ["name"]


@admin.register(Subject)
class SubjectAdmin(SchoolScopedAdmin):
    list_display = ["name", "short_name", "school"]
    search_fields = ["name"]
    list_filter = ["school"]


@admin.register(CurriculumPlanItem)
class CurriculumPlanItemAdmin(SchoolScopedAdmin):
    list_display = ["grade", "school_class", "subject", "hours_per_week", "hours_per_year"]
    list_filter = ["grade", "year"]
    search_fields = ["subject__name"]


@admin.register(Course)
class CourseAdmin(SchoolScopedAdmin):
    list_display = ["__str__", "year"]
    list_filter = ["school_class__grade", "subject", "year"]
    search_fields = ["subject__name", "teachers__last_name"]
    filter_horizontal = ["teachers"]
    list_select_related = ["subject", "school_class", "group", "year"]


@admin.register(WorkType)
class WorkTypeAdmin(SchoolScopedAdmin):
    list_display = ["name", "weight", "is_default", "school"]
    list_filter = ["school"]
    search_fields = ["name"]


@admin.register(Staff)
class StaffAdmin(SchoolScopedAdmin):
    list_display = ["full_name", "position", "is_admin", "is_teacher", "is_secretary", "school"]
    list_filter = ["is_admin", "is_teacher", "is_secretary", "school"]
    search_fields = ["last_name", "first_name", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    office_only = True

    # Secretaries see the staff list, but roles are the administrators' to give: otherwise a secretary could make
    # themself an administrator.
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_school_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_school_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_school_admin(request)


class GuardianLinkInline(ScopedInline):
    model = GuardianStudent
    fk_name = "student"
    autocomplete_fields = ["guardian"]
    readonly_fields = ["consent_decision"]
    fields = [
        "guardian",
        "kind",
        "is_legal_representative",
        "basis_document",
        "verified_at",
        "verified_by",
        "consent_decision",
    ]


class StudentEnrollmentInline(ScopedInline):
    model = Enrollment
    fk_name = "student"


@admin.register(Student)
class StudentAdmin(SchoolScopedAdmin):
    list_display = ["full_name", "birth_date", "school"]
    list_filter = ["school", "enrollments__school_class__grade"]
    search_fields = ["last_name", "first_name", "patronymic", "user__username"]
    autocomplete_fields = ["user"]
    inlines = [GuardianLinkInline, StudentEnrollmentInline]
    office_only = True


class ChildLinkInline(ScopedInline):
    model = GuardianStudent
    fk_name = "guardian"
    autocomplete_fields = ["student"]
    readonly_fields = ["consent_decision"]
    fields = [
        "student",
        "kind",
        "is_legal_representative",
        "basis_document",
        "verified_at",
        "verified_by",
        "consent_decision",
    ]


@admin.register(Guardian)
class GuardianAdmin(SchoolScopedAdmin):
    list_display = ["full_name", "user"]
    search_fields = ["last_name", "first_name", "patronymic", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    inlines = [ChildLinkInline]
    office_only = True


@admin.register(GuardianStudent)
class GuardianStudentAdmin(SchoolScopedAdmin):
    list_display = ["guardian", "student", "kind", "verified_at", "consent_decision"]
    list_filter = ["kind", "consent_decision", "is_legal_representative"]
    search_fields = ["guardian__last_name", "student__last_name"]
    autocomplete_fields = ["guardian", "student"]
    readonly_fields = ["consent_decision"]
    office_only = True


@admin.register(User)
class UserAdmin(SchoolScopedAdmin):
    list_display = ["username", "email", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "email"]
    fields = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    office_only = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = User.objects.all()
        if request.user.is_superuser:
            return queryset
        schools = access.office_schools(user=request.user).values("id")
        queryset = queryset.filter(
            Q(staff_profiles__school_id__in=schools)
            | Q(student_profile__school_id__in=schools)
            | Q(guardian_profile__links__student__school_id__in=schools)
        ).exclude(is_superuser=True)
        if not is_school_admin(request):
            # Staff accounts are the administrators' to manage: a secretary who could change the director's email
            # could take the account over through a password reset.
            queryset = queryset.exclude(staff_profiles__isnull=False)
        return queryset.distinct()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if is_school_admin(request) else ["is_staff"]


# The journal's admin (issue 3) lives in its own module to keep this one about structure and people.
from journal import admin_journal  # noqa: E402, F401
