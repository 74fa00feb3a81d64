"""A realistic, reproducible demo school (DOMAIN.md §8–9): the same seed gives the same school.

Everything is inserted with bulk_create and one shared password hash, so 2,500 students take seconds, not minutes.
Later parts of the product (journal, consents) add their demo data through ``DEMO_EXTENSIONS``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from journal import access
from journal.demo_names import FEMALE_FIRST, MALE_FIRST, PATRONYMICS, SURNAMES
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

DEMO_PASSWORD = "demo-ediary-2026"  # noqa: S105 — printed to the user on purpose: it is the demo's sign-in.
EMAIL_DOMAIN = "demo.ediary.local"
CLASS_SIZE = 25
LETTERS = "АБВГДЕЖИКЛМНОПРСТУФХ"

# Weekly hours per grade 1..11 (DOMAIN.md §9); None = not taught. Teachers' specialities group the subjects.
CURRICULUM: list[tuple[str, str, list[float]]] = [
    ("Русский язык", "russian", [5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2]),
    ("Литературное чтение", "russian", [4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0]),
    ("Литература", "russian", [0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3]),
    ("Иностранный язык (английский)", "english", [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3]),
    ("Математика", "math", [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0]),
    ("Алгебра", "math", [0, 0, 0, 0, 0, 0, 3, 3, 3, 2, 2]),
    ("Геометрия", "math", [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2]),
    ("Вероятность и статистика", "math", [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    ("Информатика", "informatics", [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    ("Окружающий мир", "primary", [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0]),
    ("ОРКСЭ", "primary", [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]),
    ("История", "history", [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2]),
    ("Обществознание", "history", [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2]),
    ("География", "geography", [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1]),
    ("Биология", "biology", [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1]),
    ("Физика", "physics", [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2]),
    ("Химия", "chemistry", [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1]),
    ("Изобразительное искусство", "arts", [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]),
    ("Музыка", "arts", [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
    ("Труд (технология)", "technology", [1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0]),
    ("ОБЗР", "safety", [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
    ("Физическая культура", "pe", [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]),
    ("Индивидуальный проект", "history", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
]
# Taught in two subgroups from grade 5 (DOMAIN.md §9).
SPLIT_SUBJECTS = {"Иностранный язык (английский)", "Информатика"}
# In grades 1–4 the homeroom teacher teaches these; specialists teach the rest.
PRIMARY_BY_HOMEROOM = {"russian", "math", "primary", "arts", "technology"}
SPECIALITY_TITLES = {
    "russian": "учитель русского языка и литературы",
    "english": "учитель английского языка",
    "math": "учитель математики",
    "informatics": "учитель информатики",
    "history": "учитель истории и обществознания",
    "geography": "учитель географии",
    "biology": "учитель биологии",
    "physics": "учитель физики",
    "chemistry": "учитель химии",
    "arts": "учитель музыки и ИЗО",
    "technology": "учитель труда (технологии)",
    "safety": "преподаватель-организатор ОБЗР",
    "pe": "учитель физической культуры",
    "primary": "учитель начальных классов",
}
TEACHER_WEEKLY_LOAD = 16
BELLS = [
    ("08:30", "09:15"),
    ("09:25", "10:10"),
    ("10:30", "11:15"),
    ("11:35", "12:20"),
    ("12:30", "13:15"),
    ("13:25", "14:10"),
    ("14:20", "15:05"),
    ("15:15", "16:00"),
]
WORK_TYPES = [
    ("Ответ на уроке", Decimal("1"), True),
    ("Домашняя работа", Decimal("1"), False),
    ("Самостоятельная работа", Decimal("1.5"), False),
    ("Проверочная работа", Decimal("1.5"), False),
    ("Контрольная работа", Decimal("2"), False),
]


@dataclass
class ManifestAccount:
    username: str
    email: str
    role: str
    school: str
    profile_id: int
    students: list[int] = field(default_factory=list)
    courses: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = {
            "username": self.username,
            "email": self.email,
            "role": self.role,
            "school": self.school,
            "profile_id": self.profile_id,
            "students": self.students,
            "courses": self.courses,
        }
        data.update(self.extra)
        return data


@dataclass
class DemoSchool:
    """What one seeded school is made of; extensions read it to add their own data."""

    school: School
    year: AcademicYear
    prefix: str
    rng: random.Random
    today: dt.date
    classes: list[SchoolClass] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    teachers: list[Staff] = field(default_factory=list)
    admins: list[Staff] = field(default_factory=list)
    secretaries: list[Staff] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    guardians: list[Guardian] = field(default_factory=list)
    links: list[GuardianStudent] = field(default_factory=list)
    work_types: list[WorkType] = field(default_factory=list)
    bells: list[Bell] = field(default_factory=list)
    enrollment_of: dict[int, SchoolClass] = field(default_factory=dict)


@dataclass
class DemoResult:
    password: str
    schools: list[DemoSchool]
    accounts: list[ManifestAccount]

    def manifest(self) -> dict[str, Any]:
        return {"password": self.password, "accounts": [a.as_json() for a in self.accounts]}


# Later issues register functions here: (demo school, progress) -> None. They run inside the seeding transaction.
DEMO_EXTENSIONS: list[Callable[[DemoSchool, Callable[[str], None]], None]] = []
# And functions that add manifest accounts (e.g. a guardian without consent): (result) -> None.
MANIFEST_EXTENSIONS: list[Callable[[DemoResult], None]] = []


def academic_year_start(today: dt.date) -> int:
    return today.year if today.month >= 8 else today.year - 1


def calendar_for(start_year: int) -> dict[str, Any]:
    """The 2025/26 example calendar of DOMAIN.md §3, moved to the given year."""
    y, n = start_year, start_year + 1
    d = dt.date
    return {
        "year": (d(y, 9, 1), d(n, 8, 31)),
        "quarters": [
            (d(y, 9, 1), d(y, 10, 24)),
            (d(y, 11, 5), d(y, 12, 30)),
            (d(n, 1, 9), d(n, 3, 20)),
            (d(n, 3, 30), d(n, 5, 26)),
        ],
        "halves": [(d(y, 9, 1), d(y, 12, 30)), (d(n, 1, 9), d(n, 5, 26))],
        "holidays": [
            ("Осенние каникулы", d(y, 10, 25), d(y, 11, 2), 1, 11),
            ("Зимние каникулы", d(y, 12, 31), d(n, 1, 8), 1, 11),
            ("Дополнительные каникулы", d(n, 2, 7), d(n, 2, 15), 1, 1),
            ("Весенние каникулы", d(n, 3, 21), d(n, 3, 29), 1, 11),
            ("Летние каникулы", d(n, 5, 27), d(n, 8, 31), 1, 11),
        ],
    }


class DemoBuilder:
    def __init__(self, *, seed: int, today: dt.date, password_hash: str) -> None:
        self.seed = seed
        self.today = today
        self.password_hash = password_hash
        self.accounts: list[ManifestAccount] = []
        self.user_count = 0

    # -- people -----------------------------------------------------------------------------------------------
    def person(
        self,
        rng: random.Random,
        *,
        sex: str,
        surname: tuple[str, str] | None = None,
        father: str | None = None,
    ) -> tuple[str, str, str]:
        surname = surname or rng.choice(SURNAMES)
        father = father or rng.choice(MALE_FIRST)
        male = sex == "m"
        first = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
        patronymic = PATRONYMICS[father][0 if male else 1]
        return surname[0 if male else 1], first, patronymic

    def user(self, username: str, *, is_staff: bool = False) -> User:
        return User(
            username=username,
            email=f"{username}@{EMAIL_DOMAIN}",
            password=self.password_hash,
            is_staff=is_staff,
            is_active=True,
        )

    # -- one school ----------------------------------------------------------------------------------------------
    def build_school(
        self,
        *,
        name: str,
        short_name: str,
        prefix: str,
        student_count: int,
        grades: list[int] | None = None,
        progress: Callable[[str], None],
    ) -> DemoSchool:
        rng = random.Random(f"{self.seed}:{prefix}")
        school = School.objects.create(name=name, short_name=short_name, address="г. Демо, ул. Школьная, д. 1")
        start = academic_year_start(self.today)
        cal = calendar_for(start)
        year = AcademicYear.objects.create(
            school=school, name=f"{start}/{start + 1}", starts=cal["year"][0], ends=cal["year"][1]
        )
        demo = DemoSchool(school=school, year=year, prefix=prefix, rng=rng, today=self.today)
        self._calendar(demo, cal)
        demo.bells = Bell.objects.bulk_create(
            Bell(school=school, number=i + 1, starts=dt.time.fromisoformat(a), ends=dt.time.fromisoformat(b))
            for i, (a, b) in enumerate(BELLS)
        )
        demo.work_types = WorkType.objects.bulk_create(
            WorkType(school=school, name=n, weight=w, is_default=default) for n, w, default in WORK_TYPES
        )
        subjects = {
            s.name: s for s in Subject.objects.bulk_create(Subject(school=school, name=n) for n, _, _ in CURRICULUM)
        }
        grade_list = grades or list(range(1, 12))
        self._classes(demo, student_count, grade_list)
        self._plan(demo, subjects)
        progress(f"{short_name}: {len(demo.classes)} classes")
        self._staff(demo, subjects)
        progress(f"{short_name}: {len(demo.teachers)} teachers, {len(demo.courses)} courses")
        self._families(demo, student_count)
        progress(f"{short_name}: {len(demo.students)} students, {len(demo.guardians)} guardians")
        for extend in DEMO_EXTENSIONS:
            extend(demo, progress)
        return demo

    def _calendar(self, demo: DemoSchool, cal: dict[str, Any]) -> None:
        periods = [
            Period(
                year=demo.year,
                kind=Period.Kind.QUARTER,
                number=i + 1,
                starts=a,
                ends=b,
                grade_min=1,
                grade_max=9,
            )
            for i, (a, b) in enumerate(cal["quarters"])
        ] + [
            Period(
                year=demo.year,
                kind=Period.Kind.HALF_YEAR,
                number=i + 1,
                starts=a,
                ends=b,
                grade_min=10,
                grade_max=11,
            )
            for i, (a, b) in enumerate(cal["halves"])
        ]
        Period.objects.bulk_create(periods)
        Holiday.objects.bulk_create(
            Holiday(year=demo.year, name=n, starts=a, ends=b, grade_min=lo, grade_max=hi)
            for n, a, b, lo, hi in cal["holidays"]
        )

    def _classes(self, demo: DemoSchool, student_count: int, grades: list[int]) -> None:
        class_count = max(len(grades), round(student_count / CLASS_SIZE))
        per_grade = dict.fromkeys(grades, 1)
        # Extra parallels go to the younger grades first, as in most schools.
        order = sorted(grades, key=lambda g: (g > 4, g > 9, g))
        i = 0
        while sum(per_grade.values()) < class_count:
            per_grade[order[i % len(order)]] += 1
            i += 1
        demo.classes = SchoolClass.objects.bulk_create(
            SchoolClass(school=demo.school, year=demo.year, grade=g, letter=LETTERS[k])
            for g in grades
            for k in range(per_grade[g])
        )

    def _plan(self, demo: DemoSchool, subjects: dict[str, Subject]) -> None:
        grades = sorted({c.grade for c in demo.classes})
        CurriculumPlanItem.objects.bulk_create(
            CurriculumPlanItem(
                year=demo.year,
                grade=g,
                subject=subjects[name],
                hours_per_week=Decimal(str(hours[g - 1])),
                hours_per_year=int(hours[g - 1] * (33 if g == 1 else 34)),
            )
            for name, _, hours in CURRICULUM
            for g in grades
            if hours[g - 1]
        )

    def _staff(self, demo: DemoSchool, subjects: dict[str, Subject]) -> None:
        rng, prefix = demo.rng, demo.prefix
        # Course slots: (class, subject name, speciality, hours, group name or "").
        slots: list[tuple[SchoolClass, str, str, float, str]] = []
        for school_class in demo.classes:
            for name, speciality, hours in CURRICULUM:
                h = hours[school_class.grade - 1]
                if not h:
                    continue
                if school_class.grade <= 4 and speciality in PRIMARY_BY_HOMEROOM:
                    speciality = "primary"
                if name in SPLIT_SUBJECTS and school_class.grade >= 5:
                    slots += [(school_class, name, speciality, h, f"{n} группа") for n in (1, 2)]
                else:
                    slots.append((school_class, name, speciality, h, ""))
        # Specialists: enough teachers of each speciality for the weekly load.
        hours_by_speciality: dict[str, float] = {}
        for _, _, speciality, h, _ in slots:
            if speciality != "primary":
                hours_by_speciality[speciality] = hours_by_speciality.get(speciality, 0) + h
        teacher_plan = [
            (speciality, k)
            for speciality, total in sorted(hours_by_speciality.items())
            for k in range(max(1, math.ceil(total / TEACHER_WEEKLY_LOAD)))
        ]
        primary_classes = [c for c in demo.classes if c.grade <= 4]
        users: list[User] = []
        staff: list[Staff] = []
        n = 0
        roles: list[tuple[str, str | None]] = [("director", None), ("zavuch", None), ("secretary", None)]
        for username, _ in roles:
            users.append(self.user(f"{prefix}{username}", is_staff=True))
            sex = "f" if username != "director" else "m"
            last, first, patronymic = self.person(rng, sex=sex)
            staff.append(
                Staff(
                    school=demo.school,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    is_admin=username != "secretary",
                    is_secretary=username == "secretary",
                    position={
                        "director": "директор",
                        "zavuch": "заместитель директора по УВР",
                        "secretary": "секретарь",
                    }[username],
                )
            )
        for _ in primary_classes:
            n += 1
            users.append(self.user(f"{prefix}teacher{n:02d}"))
            last, first, patronymic = self.person(rng, sex="f")
            staff.append(
                Staff(
                    school=demo.school,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    is_teacher=True,
                    position=SPECIALITY_TITLES["primary"],
                )
            )
        for speciality, _ in teacher_plan:
            n += 1
            users.append(self.user(f"{prefix}teacher{n:02d}"))
            last, first, patronymic = self.person(rng, sex=rng.choice("ffffm"))
            staff.append(
                Staff(
                    school=demo.school,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    is_teacher=True,
                    position=SPECIALITY_TITLES[speciality],
                )
            )
        users = User.objects.bulk_create(users)
        for user, member in zip(users, staff, strict=True):
            member.user = user
        staff = Staff.objects.bulk_create(staff)
        demo.admins = [s for s in staff if s.is_admin]
        demo.secretaries = [s for s in staff if s.is_secretary]
        demo.teachers = [s for s in staff if s.is_teacher]
        primary_teachers = demo.teachers[: len(primary_classes)]
        specialists = demo.teachers[len(primary_classes) :]
        homeroom = dict(zip([c.id for c in primary_classes], primary_teachers, strict=True))
        by_speciality: dict[str, list[Staff]] = {}
        for (speciality, _), teacher in zip(teacher_plan, specialists, strict=True):
            by_speciality.setdefault(speciality, []).append(teacher)
        # Senior classes get a homeroom teacher from the specialists, one class each.
        senior = [c for c in demo.classes if c.grade > 4]
        for school_class, teacher in zip(
            senior, rng.sample(specialists, k=min(len(senior), len(specialists))), strict=False
        ):
            homeroom[school_class.id] = teacher
        for school_class in demo.classes:
            school_class.homeroom_teacher = homeroom.get(school_class.id)
        SchoolClass.objects.bulk_update(demo.classes, ["homeroom_teacher"])
        # Groups, courses and teachers: keep a class's subject with one teacher, spread classes round-robin.
        groups: dict[tuple[int, str], StudyGroup] = {}
        for school_class, _, _, _, group_name in slots:
            if group_name and (school_class.id, group_name) not in groups:
                groups[(school_class.id, group_name)] = StudyGroup(school_class=school_class, name=group_name)
        StudyGroup.objects.bulk_create(groups.values())
        courses: list[Course] = []
        course_teacher: list[Staff] = []
        turn: dict[str, int] = {}
        for school_class, name, speciality, _, group_name in slots:
            if speciality == "primary":
                teacher = homeroom[school_class.id]
            else:
                pool = by_speciality[speciality]
                k = turn.get(speciality, 0)
                teacher = pool[k % len(pool)]
                turn[speciality] = k + 1
            courses.append(
                Course(
                    year=demo.year,
                    subject=subjects[name],
                    school_class=school_class,
                    group=groups[(school_class.id, group_name)] if group_name else None,
                )
            )
            course_teacher.append(teacher)
        demo.courses = Course.objects.bulk_create(courses)
        Course.teachers.through.objects.bulk_create(
            Course.teachers.through(course_id=c.id, staff_id=t.id)
            for c, t in zip(demo.courses, course_teacher, strict=True)
        )

    def _families(self, demo: DemoSchool, student_count: int) -> None:
        rng, prefix = demo.rng, demo.prefix
        start = demo.year.starts
        seats: list[SchoolClass] = []
        per_class, extra = divmod(student_count, len(demo.classes))
        for i, school_class in enumerate(demo.classes):
            seats += [school_class] * (per_class + (1 if i < extra else 0))
        rng.shuffle(seats)
        students: list[Student] = []
        student_users: list[User | None] = []
        student_class: list[SchoolClass] = []
        guardians: list[Guardian] = []
        guardian_users: list[User | None] = []
        link_pairs: list[tuple[int, int, str]] = []  # (guardian index, student index, kind)
        s_no = g_no = 0
        while seats:
            # About one family in seven has two children at the school (siblings share the guardians).
            children = 2 if len(seats) >= 2 and rng.random() < 0.15 else 1
            surname = rng.choice(SURNAMES)
            father_name = rng.choice(MALE_FIRST)
            family_guardians: list[tuple[int, str]] = []
            mother = self.person(rng, sex="f", surname=surname)
            g_no += 1
            guardians.append(Guardian(last_name=mother[0], first_name=mother[1], patronymic=mother[2]))
            guardian_users.append(self.user(f"{prefix}parent{g_no:04d}"))
            family_guardians.append((len(guardians) - 1, GuardianStudent.Kind.MOTHER))
            if rng.random() < 0.7:
                father = self.person(rng, sex="m", surname=surname)
                father = (father[0], father_name, father[2])
                g_no += 1
                guardians.append(Guardian(last_name=father[0], first_name=father[1], patronymic=father[2]))
                # Most families use one parent's account; some fathers have their own.
                guardian_users.append(self.user(f"{prefix}parent{g_no:04d}") if rng.random() < 0.15 else None)
                family_guardians.append((len(guardians) - 1, GuardianStudent.Kind.FATHER))
            for _ in range(children):
                school_class = seats.pop()
                sex = rng.choice("mf")
                last, first, patronymic = self.person(rng, sex=sex, surname=surname, father=father_name)
                # Born so that the child is of the class's age on 1 September.
                born_year = start.year - 6 - school_class.grade
                birth = dt.date(born_year, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
                s_no += 1
                students.append(
                    Student(
                        school=demo.school,
                        last_name=last,
                        first_name=first,
                        patronymic=patronymic,
                        birth_date=birth,
                        sex=sex,
                    )
                )
                student_users.append(self.user(f"{prefix}student{s_no:04d}") if school_class.grade >= 3 else None)
                student_class.append(school_class)
                for g_index, kind in family_guardians:
                    link_pairs.append((g_index, len(students) - 1, kind))
        made_users = User.objects.bulk_create([u for u in student_users + guardian_users if u is not None])
        by_name = {u.username: u for u in made_users}
        for student, user in zip(students, student_users, strict=True):
            student.user = by_name[user.username] if user else None
        for guardian, user in zip(guardians, guardian_users, strict=True):
            guardian.user = by_name[user.username] if user else None
        demo.students = Student.objects.bulk_create(students)
        demo.guardians = Guardian.objects.bulk_create(guardians)
        Enrollment.objects.bulk_create(
            Enrollment(student=s, school_class=c, starts=demo.year.starts)
            for s, c in zip(demo.students, student_class, strict=True)
        )
        demo.enrollment_of = {s.id: c for s, c in zip(demo.students, student_class, strict=True)}
        # Subgroups: split each class alphabetically in two, as schools usually do.
        for school_class in demo.classes:
            members = sorted(
                (s for s in demo.students if demo.enrollment_of[s.id] is school_class),
                key=lambda s: (s.last_name, s.first_name),
            )
            half = (len(members) + 1) // 2
            for group in school_class.groups.all():
                group.students.set(members[:half] if group.name.startswith("1") else members[half:])
        secretary = demo.secretaries[0]
        verified_at = timezone.make_aware(dt.datetime.combine(demo.year.starts, dt.time(10)))
        demo.links = GuardianStudent.objects.bulk_create(
            GuardianStudent(
                guardian=demo.guardians[g],
                student=demo.students[s],
                kind=kind,
                basis_document=f"Свидетельство о рождении {rng.choice(['I', 'II', 'III', 'IV', 'V'])}-МЮ "
                f"№ {rng.randrange(100000, 999999)}",
                verified_at=verified_at,
                verified_by=secretary,
                # No consent here: the portal's demo extension records the decisions and sets this cache.
            )
            for g, s, kind in link_pairs
        )


def key_accounts(result: DemoResult) -> None:
    """The demo sign-ins: at least one account per role, with what each may see (from the access layer)."""
    main, *others = result.schools

    def account(user: User, role: str, demo: DemoSchool, profile_id: int) -> ManifestAccount:
        return ManifestAccount(
            username=user.username,
            email=user.email,
            role=role,
            school=demo.school.name,
            profile_id=profile_id,
            students=sorted(access.readable_students(user=user).values_list("id", flat=True)),
            courses=sorted(
                Course.objects.filter(teachers__user=user, teachers__is_teacher=True).values_list("id", flat=True)
            ),
        )

    accounts = result.accounts
    accounts.append(account(main.admins[0].user, "admin", main, main.admins[0].id))
    accounts.append(account(main.secretaries[0].user, "staff", main, main.secretaries[0].id))
    homeroom_ids = {c.homeroom_teacher_id for c in main.classes}
    plain = [t for t in main.teachers if t.id not in homeroom_ids]
    leaders = [t for t in main.teachers if t.id in homeroom_ids and t.position != "учитель начальных классов"]
    for teacher in plain[:2]:
        accounts.append(account(teacher.user, "teacher", main, teacher.id))
    for teacher in leaders[:1]:
        accounts.append(account(teacher.user, "homeroom_teacher", main, teacher.id))
    # A guardian with two children at the school first (the child switcher), then single-child guardians.
    with_account = [g for g in main.guardians if g.user_id]
    children: dict[int, int] = {}
    for link in main.links:
        children[link.guardian_id] = children.get(link.guardian_id, 0) + 1
    families = sorted(with_account, key=lambda g: (-children.get(g.id, 0), g.id))
    for guardian in families[:1] + [g for g in families if children.get(g.id) == 1][:2]:
        if guardian.user is not None:
            accounts.append(account(guardian.user, "guardian", main, guardian.id))
    for student in [s for s in main.students if s.user_id][:2]:
        if student.user is not None:
            accounts.append(account(student.user, "student", main, student.id))
    for demo in others:
        accounts.append(account(demo.admins[0].user, "admin", demo, demo.admins[0].id))
        accounts.append(account(demo.teachers[0].user, "teacher", demo, demo.teachers[0].id))


def seed_demo(
    *,
    students: int = 350,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoResult:
    """Build the demo school and a second small school; returns the manifest of demo sign-ins."""
    if students < 20:
        raise ValueError("The demo school needs at least 20 students.")
    # Each app's demo.py registers its part of the demo (journal → portal → …) in DEMO_EXTENSIONS.
    autodiscover_modules("demo")
    builder = DemoBuilder(
        seed=seed,
        today=today or timezone.localdate(),
        password_hash=make_password(DEMO_PASSWORD, salt=f"demo{seed}"),
    )
    with transaction.atomic():
        main = builder.build_school(
            name="МБОУ «Средняя общеобразовательная школа № 1»",
            short_name="СОШ № 1",
            prefix="",
            student_count=students,
            progress=progress,
        )
        small = builder.build_school(
            name="МБОУ «Основная общеобразовательная школа № 2»",
            short_name="ООШ № 2",
            prefix="s2-",
            student_count=max(20, students // 12),
            grades=[1, 5, 9],
            progress=progress,
        )
        result = DemoResult(password=DEMO_PASSWORD, schools=[main, small], accounts=[])
        key_accounts(result)
        for extend in MANIFEST_EXTENSIONS:
            extend(result)
    return result
