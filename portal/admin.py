"""Admin of consents, contacts, delivery preferences and the personal-data log, scoped to the user's school.

Consent records are append-only: the admin adds them through the consent service and never changes or deletes
them. Contacts and preferences are written through their services too, so every change is in the history and log.
"""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from journal import access
from journal.admin import SCHOOL_PATHS, ChildLinkInline, SchoolScopedAdmin, scope_to_school
from journal.admin import GuardianAdmin as JournalGuardianAdmin
from journal.admin import StudentAdmin as JournalStudentAdmin
from journal.models import Guardian, Student
from portal import services
from portal.models import (
    Consent,
    ConsentStatus,
    ConsentText,
    Contact,
    ContactHistory,
    DeliveryPreference,
    PersonalDataEvent,
)

SCHOOL_PATHS.update(
    {
        ConsentText: "school_id",
        Consent: "school_id",
        ConsentStatus: "student__school_id",
        Contact: "guardian__links__student__school_id",
        ContactHistory: "guardian__links__student__school_id",
        DeliveryPreference: "guardian__links__student__school_id",
        PersonalDataEvent: "school_id",
    }
)


class DistinctScopedAdmin(SchoolScopedAdmin):
    """For rows that reach the school through a guardian's children: one row even for a family of two."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).distinct()


# -- consent texts -------------------------------------------------------------------------------------------------


class ConsentTextForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ConsentText
        fields = ["school", "kind", "text"]


@admin.register(ConsentText)
class ConsentTextAdmin(SchoolScopedAdmin):
    """A new version is published by adding it; old versions stay as the records cite them."""

    form = ConsentTextForm
    list_display = ["kind", "version", "is_current", "school", "created_at"]
    list_filter = ["kind", "is_current", "school"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        published = services.consent_text_publish(school=obj.school, kind=obj.kind, text=obj.text)
        obj.pk, obj.version, obj.is_current = published.pk, published.version, True
        obj._state.adding = False


# -- consent records -----------------------------------------------------------------------------------------------


class ConsentAddForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Consent
        fields = [
            "guardian",
            "student",
            "kind",
            "decision",
            "form",
            "document_number",
            "document_date",
            "scan",
            "signed_file",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not data.get("guardian") or not data.get("student"):
            return data
        try:
            services.validate_consent_input(
                guardian=data["guardian"],
                student=data["student"],
                kind=data.get("kind", ""),
                decision=data.get("decision", ""),
                form=data.get("form", ""),
                document_number=data.get("document_number") or "",
                document_date=data.get("document_date"),
                signed_file=data.get("signed_file"),
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages_)
        return data


@admin.register(Consent)
class ConsentAdmin(SchoolScopedAdmin):
    """Every decision ever recorded; new ones are added here (or by the API / the cabinet), never edited."""

    form = ConsentAddForm
    office_only = True
    list_display = ["recorded_at", "guardian", "student", "kind", "decision", "form", "document_number", "recorded_by"]
    list_filter = ["kind", "decision", "form", "signature"]
    search_fields = ["guardian__last_name", "student__last_name", "document_number"]
    list_select_related = ["guardian", "student", "recorded_by"]
    autocomplete_fields = ["guardian", "student"]
    date_hierarchy = "recorded_at"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {**super().get_changeform_initial_data(request), "form": Consent.Form.PAPER}

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [f.name for f in Consent._meta.fields]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return list(ConsentAddForm.Meta.fields)
        return [f.name for f in Consent._meta.fields if f.name != "id"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        consent = services.consent_record(
            recorded_by=access.signed_in(request.user),
            guardian=data["guardian"],
            student=data["student"],
            kind=data["kind"],
            decision=data["decision"],
            form=data["form"],
            document_number=data.get("document_number") or "",
            document_date=data.get("document_date"),
            scan=data.get("scan") or None,
            signed_file=data.get("signed_file") or None,
            ip=request.META.get("REMOTE_ADDR"),
        )
        obj.pk = consent.pk
        obj._state.adding = False


class ConsentHistoryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Consent
    extra = 0
    can_delete = False
    fields = ("recorded_at", "student", "guardian", "kind", "decision", "form", "document_number", "recorded_by")
    readonly_fields = (
        "recorded_at",
        "student",
        "guardian",
        "kind",
        "decision",
        "form",
        "document_number",
        "recorded_by",
    )
    ordering = ["-recorded_at", "-id"]
    verbose_name_plural = _("consent history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)


class GuardianConsentInline(ConsentHistoryInline):
    fk_name = "guardian"


class StudentConsentInline(ConsentHistoryInline):
    fk_name = "student"


class ContactInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Contact
    extra = 0
    can_delete = False
    fields = ("kind", "value", "basis", "document_number", "document_date", "confirmed_at")
    readonly_fields = ("kind", "value", "basis", "document_number", "document_date", "confirmed_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)


# Guardians and students gain their consent history (and contacts) in the journal's own admin pages.
admin.site.unregister(Guardian)
admin.site.unregister(Student)


@admin.register(Guardian)
class GuardianAdmin(JournalGuardianAdmin):
    inlines = [ChildLinkInline, GuardianConsentInline, ContactInline]


@admin.register(Student)
class StudentAdmin(JournalStudentAdmin):
    inlines = [*JournalStudentAdmin.inlines, StudentConsentInline]


# -- the status of each pair: filters «no decision», «refused», «withdrawn», the printable form ----------------


class DecisionFilter(admin.SimpleListFilter):
    title = _("processing consent")
    parameter_name = "decision"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("none", _("no decision")),
            ("given", _("given")),
            ("refused", _("refused")),
            ("withdrawn", _("withdrawn")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "none":
            return queryset.filter(consent_decision="")
        if value in ("given", "refused", "withdrawn"):
            return queryset.filter(consent_decision=value)
        return queryset


@admin.register(ConsentStatus)
class ConsentStatusAdmin(SchoolScopedAdmin):
    """One row per guardian and child: the current decision, the way to record a new one, the paper form."""

    office_only = True
    list_display = ["guardian", "student", "consent_decision", "actions_column"]
    list_filter = [DecisionFilter, "student__school"]
    search_fields = ["guardian__last_name", "student__last_name"]
    list_select_related = ["guardian", "student"]
    readonly_fields = ("guardian", "student", "kind", "basis_document", "verified_at", "consent_decision")
    fields = ("guardian", "student", "kind", "basis_document", "verified_at", "consent_decision")

    read_only = True

    @admin.display(description=_("actions"))
    def actions_column(self, obj: ConsentStatus) -> str:
        add = reverse("admin:portal_consent_add") + f"?guardian={obj.guardian_id}&student={obj.student_id}"
        printable = reverse("admin:portal_consentstatus_print", args=[obj.pk])
        history = reverse("admin:portal_consent_changelist") + f"?guardian__id__exact={obj.guardian_id}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}" target="_blank">{}</a> · <a href="{}">{}</a>',
            add,
            gettext("record a decision"),
            printable,
            gettext("printable form"),
            history,
            gettext("history"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/print/",
                self.admin_site.admin_view(self.print_form),
                name="portal_consentstatus_print",
            ),
            *super().get_urls(),
        ]

    def print_form(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The paper consent form (152-ФЗ art. 9 part 4), prefilled, for staff of the child's school only."""
        if not self.has_view_permission(request):
            raise Http404
        link = access.get_or_404(
            self.get_queryset(request).select_related("guardian", "student__school", "guardian__user"), pk
        )
        school = link.student.school
        context = {
            "link": link,
            "guardian": link.guardian,
            "student": link.student,
            "school": school,
            "text": services.current_text(school=school, kind="processing"),
            "today": timezone.localdate(),
        }
        return render(request, "portal/consent_form.html", context)


# -- contacts, history, preferences ----------------------------------------------------------------------------


class ContactAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Contact
        fields = ["guardian", "kind", "value", "basis", "document_number", "document_date", "document_file"]


@admin.register(Contact)
class ContactAdmin(DistinctScopedAdmin):
    """Staff record contacts from a paper application (number, date) or an e-signed document (the file)."""

    form = ContactAdminForm
    office_only = True
    list_display = ["guardian", "kind", "value", "basis", "document_number", "document_date", "confirmed_at"]
    list_filter = ["kind", "basis"]
    search_fields = ["guardian__last_name", "value"]
    list_select_related = ["guardian"]
    autocomplete_fields = ["guardian"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {**super().get_changeform_initial_data(request), "basis": Contact.Basis.PAPER_APPLICATION}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        common = {
            "by": access.signed_in(request.user),
            "value": data["value"],
            "basis": data["basis"],
            "document_number": data.get("document_number") or "",
            "document_date": data.get("document_date"),
            "document_file": data.get("document_file") or None,
        }
        if change:
            original = Contact.objects.get(pk=obj.pk)
            saved = services.contact_change(contact=original, **common)
        else:
            saved = services.contact_add(guardian=data["guardian"], kind=data["kind"], **common)
        obj.pk = saved.pk
        obj._state.adding = False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change, **kwargs)
        admin_self = self

        class ValidatingForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data: dict[str, Any] = super().clean() or {}
                if self.errors:
                    return data
                try:
                    admin_self.check_contact(data, obj)
                except ValidationError as error:
                    for field, messages_ in error.message_dict.items():
                        self.add_error(field if field in self.fields else None, messages_)
                return data

        return ValidatingForm

    @staticmethod
    def check_contact(data: dict[str, Any], obj: Contact | None) -> None:
        kind = obj.kind if obj is not None else data.get("kind", "")
        value = services.normalize_contact(kind=kind, value=data.get("value", ""))
        services.check_contact_basis(
            basis=data.get("basis", ""),
            document_number=data.get("document_number") or "",
            document_date=data.get("document_date"),
            document_file=data.get("document_file") or None,
        )
        guardian = obj.guardian if obj is not None else data.get("guardian")
        clash = Contact.objects.filter(guardian=guardian, kind=kind, value=value)
        if obj is not None:
            clash = clash.exclude(pk=obj.pk)
        if clash.exists():
            raise ValidationError({"value": gettext("This contact is already on the list.")})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.contact_remove(by=access.signed_in(request.user), contact=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for contact in queryset:
            services.contact_remove(by=access.signed_in(request.user), contact=contact)


@admin.register(ContactHistory)
class ContactHistoryAdmin(DistinctScopedAdmin):
    office_only = True
    list_display = ["at", "guardian", "action", "kind", "old_value", "new_value", "basis", "document_number", "by"]
    list_filter = ["action", "kind", "basis"]
    search_fields = ["guardian__last_name"]
    list_select_related = ["guardian", "by"]

    read_only = True


@admin.register(DeliveryPreference)
class DeliveryPreferenceAdmin(DistinctScopedAdmin):
    office_only = True
    list_display = ["guardian", "cabinet", "email_digest", "paper_weekly", "updated_at"]
    list_filter = ["cabinet", "email_digest", "paper_weekly"]
    search_fields = ["guardian__last_name"]
    autocomplete_fields = ["guardian"]
    fields = ("guardian", "cabinet", "email_digest", "paper_weekly")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.delivery_preference_set(
            by=access.signed_in(request.user),
            guardian=obj.guardian,
            cabinet=obj.cabinet,
            email_digest=obj.email_digest,
            paper_weekly=obj.paper_weekly,
        )
        obj.pk = saved.pk
        obj._state.adding = False


# -- the personal-data log -------------------------------------------------------------------------------------


def events_csv(events: QuerySet[PersonalDataEvent]) -> StreamingHttpResponse:
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    header = [gettext("when"), gettext("event"), gettext("school"), gettext("guardian"), gettext("student")]
    header += [gettext("who"), gettext("what")]

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(header)
        for event in events.select_related("school", "guardian", "student", "actor").iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                    event.get_kind_display(),
                    event.school.name if event.school else "",
                    event.guardian.full_name if event.guardian else "",
                    event.student.full_name if event.student else "",
                    event.actor.username if event.actor else "",
                    event.details,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personal-data-events.csv"'
    return response


@admin.register(PersonalDataEvent)
class PersonalDataEventAdmin(SchoolScopedAdmin):
    """Administrators only (not secretaries); read-only; exportable as CSV (selected rows or the filtered list)."""

    list_display = ["at", "kind", "guardian", "student", "actor", "details", "school"]
    list_filter = ["kind", "school"]
    search_fields = ["guardian__last_name", "student__last_name", "details"]
    list_select_related = ["guardian", "student", "actor", "school"]
    date_hierarchy = "at"
    actions = ["export_csv"]

    read_only = True

    @admin.action(description=_("Export the selected events as CSV"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[PersonalDataEvent]) -> StreamingHttpResponse:
        return events_csv(queryset.order_by("-at", "-id"))

    def get_urls(self) -> list[Any]:
        return [
            path("export/", self.admin_site.admin_view(self.export_all), name="portal_personaldataevent_export"),
            *super().get_urls(),
        ]

    def export_all(self, request: HttpRequest) -> StreamingHttpResponse:
        """Every event of the user's school(s), as CSV."""
        if not self.has_view_permission(request):
            raise Http404
        kind = request.GET.get("kind")
        events = scope_to_school(PersonalDataEvent.objects.all(), request)
        if kind:
            events = events.filter(kind=kind)
        return events_csv(events.order_by("-at", "-id"))
