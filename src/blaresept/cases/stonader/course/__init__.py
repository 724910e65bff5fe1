"""Courses abroad for children with rare congenital conditions on the case engine (`form.py`, `stonad.py` over
`rules/abroad/course.py`, `letter.py`)."""

from blaresept.cases.contract import register
from blaresept.cases.stonader.course.stonad import CourseStonad

COURSE = CourseStonad()

register(COURSE)
