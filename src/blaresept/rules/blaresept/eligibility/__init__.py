"""Whether a blue prescription is reimbursable at dispensing (blåreseptforskriften §§ 2–6), decided from what
the catalogue says on the dates involved."""
