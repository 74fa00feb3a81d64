"""The guardian's own pages: consent, withdrawal, contacts, delivery preferences. Thin: services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from journal import access
from journal.models import Guardian, GuardianStudent, Student
from portal import services
from portal.access import guardian_of
from portal.forms import (
    CodeForm,
    ConsentRefuseForm,
    ConsentRequestForm,
    ContactAddForm,
    DeliveryForm,
    WithdrawForm,
    apply_errors,
)
from portal.models import Consent, ConsentKind, ConsentText, Contact, DeliveryPreference, OneTimeCode


def _guardian(request: HttpRequest) -> Guardian:
    """Only a guardian with a verified child has these pages; for anybody else they do not exist."""
    guardian = guardian_of(user=request.user)
    if guardian is None:
        raise Http404
    return guardian


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _children(guardian: Guardian) -> list[dict[str, Any]]:
    links = (
        GuardianStudent.objects.filter(guardian=guardian, verified_at__isnull=False)
        .select_related("student__school")
        .order_by("student__last_name", "student__first_name", "student_id")
    )
    return [{"student": link.student, "decision": link.consent_decision, "link": link} for link in links]


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    guardian = _guardian(request)
    user = access.signed_in(request.user)
    children = _children(guardian)
    open_ids = [c["student"].pk for c in children if c["decision"] != GuardianStudent.ConsentDecision.GIVEN]
    open_students = Student.objects.filter(pk__in=open_ids).order_by("last_name", "first_name", "id")
    request_form = ConsentRequestForm(students=open_students, initial={"students": open_ids})
    refuse_form = ConsentRefuseForm(students=open_students, prefix="refuse")
    code_form = CodeForm()
    pending = (
        OneTimeCode.objects.filter(user=user, purpose=OneTimeCode.Purpose.CONSENT, used_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "send":
        request_form = ConsentRequestForm(request.POST, students=open_students)
        if request_form.is_valid():
            try:
                otc = services.consent_code_send(
                    user=user, guardian=guardian, students=request_form.cleaned_data["students"]
                )
            except ValidationError as error:
                apply_errors(request_form, error)
            else:
                messages.info(request, _("We have sent a code to %(address)s.") % {"address": otc.sent_to})
                return redirect("portal:consent")
    elif request.method == "POST" and action == "confirm":
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                services.consent_confirm_with_code(
                    user=user, guardian=guardian, code=code_form.cleaned_data["code"], ip=_ip(request)
                )
            except ValidationError as error:
                apply_errors(code_form, error)
            else:
                messages.success(request, _("Thank you: your consent is recorded, electronic access is open."))
                return redirect("home")
    elif request.method == "POST" and action == "refuse":
        refuse_form = ConsentRefuseForm(request.POST, students=open_students, prefix="refuse")
        if refuse_form.is_valid():
            try:
                for student in refuse_form.cleaned_data["students"]:
                    services.consent_record(
                        recorded_by=user,
                        guardian=guardian,
                        student=student,
                        kind=ConsentKind.PROCESSING,
                        decision=Consent.Decision.REFUSED,
                        form=Consent.Form.ELECTRONIC,
                        ip=_ip(request),
                        self_service=True,
                    )
            except ValidationError as error:
                apply_errors(refuse_form, error)
            else:
                messages.info(request, _("Your refusal is recorded. The school will give you information on paper."))
                return redirect("portal:consent")
    elif request.method == "POST":
        raise Http404
    texts = {
        t.school_id: t
        for t in ConsentText.objects.filter(
            school_id__in={c["student"].school_id for c in children}, kind=ConsentKind.PROCESSING, is_current=True
        )
    }
    schools: list[dict[str, Any]] = []
    for child in children:
        school = child["student"].school
        if all(s["school"].pk != school.pk for s in schools):
            schools.append({"school": school, "text": texts.get(school.pk)})
    context = {
        "children": children,
        "schools": schools,
        "request_form": request_form,
        "refuse_form": refuse_form,
        "code_form": code_form,
        "pending": pending if pending and pending.expires_at > timezone.now() else None,
        "show_code": code_form.is_bound or (pending is not None and pending.expires_at > timezone.now()),
        "has_open": bool(open_ids),
        "has_given": len(open_ids) < len(children),
    }
    return render(request, "portal/consent.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    guardian = _guardian(request)
    user = access.signed_in(request.user)
    given = Student.objects.filter(
        guardian_links__guardian=guardian,
        guardian_links__verified_at__isnull=False,
        guardian_links__consent_decision=GuardianStudent.ConsentDecision.GIVEN,
    ).order_by("last_name", "first_name", "id")
    form = WithdrawForm(request.POST or None, students=given)
    if request.method == "POST" and form.is_valid():
        try:
            for student in form.cleaned_data["students"]:
                services.consent_withdraw(
                    recorded_by=user, guardian=guardian, student=student, ip=_ip(request), self_service=True
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.info(
                request,
                _(
                    "Your consent is withdrawn. Electronic access is closed; the school will give you information "
                    "on paper. Your contacts and preferences will be deleted in 30 days."
                ),
            )
            return redirect("portal:consent")
    return render(request, "portal/withdraw.html", {"form": form, "has_given": given.exists()})


@login_required
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest) -> HttpResponse:
    guardian = _guardian(request)
    user = access.signed_in(request.user)
    add_form = ContactAddForm()
    code_form = CodeForm()
    code_for: int | None = None
    action = request.POST.get("action", "")
    if request.method == "POST":
        contact: Contact | None = None
        if action in ("confirm", "resend", "remove"):
            contact = Contact.objects.filter(guardian=guardian, pk=_int(request.POST.get("contact"))).first()
            if contact is None:
                raise Http404
        try:
            if action == "add":
                add_form = ContactAddForm(request.POST)
                if add_form.is_valid():
                    new = services.contact_add(
                        by=user,
                        guardian=guardian,
                        kind=add_form.cleaned_data["kind"],
                        value=add_form.cleaned_data["value"],
                        basis=Contact.Basis.SELF_ENTERED,
                    )
                    services.contact_code_send(user=user, contact=new)
                    messages.info(request, _("We have sent a code to %(address)s.") % {"address": new.value})
                    return redirect("portal:contacts")
            elif action == "resend" and contact is not None:
                services.contact_code_send(user=user, contact=contact)
                messages.info(request, _("We have sent a code to %(address)s.") % {"address": contact.value})
                return redirect("portal:contacts")
            elif action == "confirm" and contact is not None:
                code_form = CodeForm(request.POST)
                code_for = contact.pk
                if code_form.is_valid():
                    services.contact_confirm(user=user, contact=contact, code=code_form.cleaned_data["code"])
                    messages.success(request, _("The contact is confirmed."))
                    return redirect("portal:contacts")
            elif action == "remove" and contact is not None:
                services.contact_remove(by=user, contact=contact)
                messages.info(request, _("The contact is removed."))
                return redirect("portal:contacts")
            else:
                raise Http404
        except ValidationError as error:
            if action == "add":
                apply_errors(add_form, error)
            else:
                code_for = contact.pk if contact else None
                apply_errors(code_form, error)
    context = {
        "contacts": Contact.objects.filter(guardian=guardian).order_by("kind", "value"),
        "add_form": add_form,
        "code_form": code_form,
        "code_for": code_for,
    }
    return render(request, "portal/contacts.html", context)


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


@login_required
@require_http_methods(["GET", "POST"])
def delivery(request: HttpRequest) -> HttpResponse:
    guardian = _guardian(request)
    user = access.signed_in(request.user)
    current = DeliveryPreference.objects.filter(guardian=guardian).first() or DeliveryPreference()
    initial = {"cabinet": current.cabinet, "email_digest": current.email_digest, "paper_weekly": current.paper_weekly}
    form = DeliveryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.delivery_preference_set(by=user, guardian=guardian, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your delivery preferences are saved."))
            return redirect("portal:delivery")
    has_email = Contact.objects.filter(guardian=guardian, kind=Contact.Kind.EMAIL, confirmed_at__isnull=False).exists()
    return render(request, "portal/delivery.html", {"form": form, "has_email": has_email})
