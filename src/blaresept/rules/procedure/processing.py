"""Helfo's general processing time for a stønad without a prioritised track: the dated number of weeks from the
day the application was received, moved to the next working day (forvaltningsloven § 11 a; the parameter
procedure.processing_time.general with its sources)."""

from __future__ import annotations

from datetime import date

from blaresept.rules.individual.content import norwegian_date
from blaresept.rules.individual.deadlines import Calendar, ProcessingDeadline, deadline_after_weeks
from blaresept.rules.law import fvl
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step


def general_processing_deadline(received: date, params: ParameterSet, calendar: Calendar) -> ProcessingDeadline:
    """The deadline for Helfo's answer, with its explanation step (never prioritised)."""
    weeks, use = params["procedure.processing_time.general"].use(received)
    _nominal, due = deadline_after_weeks(received, weeks, calendar)
    step = Step(rule="procedure.processing_time", reference=fvl("§ 11 a"), version=use.effective, outcome="frist",
                text=f"Helfo skal svare innen {weeks} uker: {norwegian_date(due)}.", inputs={"mottatt": received},
                outputs={"frist": due}, parameters=(use,))
    return ProcessingDeadline(False, (), weeks, due, step)
