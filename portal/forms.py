"""Forms of the cabinet's consent, contact and delivery pages; the rules themselves live in portal.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from journal.models import Student
from portal.models import Contact, DeliveryPreference


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field messages on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ConsentRequestForm(forms.Form):
    students = forms.ModelMultipleChoiceField(
        queryset=Student.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Children"),
        error_messages={"required": _("Choose at least one child.")},
    )
    agree = forms.BooleanField(
        label=_("I have read the text and agree to the processing of personal data"),
        error_messages={"required": _("Tick the box to confirm that you agree.")},
    )

    def __init__(self, *args: Any, students: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["students"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 — narrows the type for mypy.
        field.queryset = students


class ConsentRefuseForm(ConsentRequestForm):
    agree = forms.BooleanField(
        label=_("I refuse: the school will give me information on paper only"),
        error_messages={"required": _("Tick the box to confirm the refusal.")},
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label=_("Code from the message"),
        max_length=12,
        error_messages={"invalid": _("The code is six digits."), "required": _("Enter the code from the message.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class WithdrawForm(forms.Form):
    students = forms.ModelMultipleChoiceField(
        queryset=Student.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Children"),
        error_messages={"required": _("Choose at least one child.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that electronic access closes at once and I will receive information on paper"),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )

    def __init__(self, *args: Any, students: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["students"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 — narrows the type for mypy.
        field.queryset = students


class ContactAddForm(forms.Form):
    kind = forms.ChoiceField(choices=Contact.Kind.choices, label=_("Kind"))
    value = forms.CharField(max_length=254, label=_("Email or phone"))


class DeliveryForm(forms.Form):
    cabinet = forms.BooleanField(required=False, label=_("Personal cabinet"))
    email_digest = forms.ChoiceField(choices=DeliveryPreference.Digest.choices, label=_("Email digest"))
    paper_weekly = forms.BooleanField(required=False, label=_("Weekly paper extract"))
