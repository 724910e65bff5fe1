"""Health care and courses abroad: the § 5-24 a refund and forhåndsgodkjenning (`care.py`), and courses for
children with rare congenital conditions (`course.py`)."""

from blaresept.rules.abroad.care import CareAbroad, CareAssessment, assess_care
from blaresept.rules.abroad.course import CourseApplication, CourseAssessment, assess_course

__all__ = ["CareAbroad", "CareAssessment", "CourseApplication", "CourseAssessment", "assess_care", "assess_course"]
