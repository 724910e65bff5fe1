"""Whether a blue prescription is reimbursable at dispensing (blåreseptforskriften §§ 2–6), decided from what
the catalogue says on the dates involved: `check_eligibility` in check.py, one module per section
(section2.py … section6.py), general.py for validity, supply and membership, conditions.py for vilkår."""
