"""Forms of the journal pages; they only parse input — the rules live in journal.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from journal.models import Assessment, Bell, Course, School, Staff, Student, Subject


class LessonForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    lesson_type = forms.ChoiceField(label=_("Lesson type"), required=False)
    homework = forms.CharField(label=_("Homework"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Attach a file"), required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lesson_type"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 — narrows the type for mypy.
        field.choices = [("", "—"), *((t, t) for t in school.lesson_types)]


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    override = forms.BooleanField(label=_("Schedule despite the warnings (administrator)"), required=False)


class SubstituteForm(forms.Form):
    substitute = forms.ModelChoiceField(label=_("Substitute teacher"), queryset=Staff.objects.none(), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["substitute"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Staff.objects.filter(school=school, is_teacher=True)


class RescheduleForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    bell = forms.ModelChoiceField(label=_("Lesson number"), queryset=Bell.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bell"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Bell.objects.filter(school=school)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        coerce=int,
        choices=[
            (1, _("Monday")),
            (2, _("Tuesday")),
            (3, _("Wednesday")),
            (4, _("Thursday")),
            (5, _("Friday")),
            (6, _("Saturday")),
        ],
    )
    bell = forms.ModelChoiceField(label=_("Lesson number"), queryset=Bell.objects.none())
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    room = forms.CharField(label=_("Room"), max_length=20, required=False)

    def __init__(self, *args: Any, school: School, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bell = self.fields["bell"]
        course = self.fields["course"]
        assert isinstance(bell, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(course, forms.ModelChoiceField)  # noqa: S101
        bell.queryset = Bell.objects.filter(school=school)
        course.queryset = courses


class RecommendationForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=Subject.objects.none(), required=False)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, students: Any, subjects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        student = self.fields["student"]
        subject = self.fields["subject"]
        assert isinstance(student, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(subject, forms.ModelChoiceField)  # noqa: S101
        student.queryset = students
        subject.queryset = subjects
