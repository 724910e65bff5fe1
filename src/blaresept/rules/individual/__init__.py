"""Individual stønad: applications under blåreseptforskriften § 3 (drugs outside the pre-approved list) and
§ 6 (nutrition), the decision Helfo makes on them, the deadlines that apply, and the formal requirements of an
appeal. Pure rules: the inputs are dataclasses (model.py), the holiday calendar is passed in as data.

One module per concern:
- model.py       what the doctor sends (the application) and the shared result types
- content.py     is everything there that Helfo's page lists under «Opplysninger som må være med i søknaden»?
- applicant.py   who may apply (any authorised doctor; a specialist in the listed cases)
- nutrition.py   § 6: points 1, 2 and 4 by application, point 3 (PKU) without
- automatic.py   decide by rules, or name the open clarification points for a caseworker
- decision.py    the decision's content: scope, hjemmel, refund code, validity, reasons, § 5-22 note
- deadlines.py   processing time and appeal deadlines on the Norwegian calendar
- appeal.py      an appeal's formal requirements (party, deadline or exception, form)
"""
