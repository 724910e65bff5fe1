"""The web UI in bokmål on Designsystemet: the pharmacy counter (Apotekdisk), the patient's own page (Min side),
catalogue search (Legemiddelsøk) and login as a demo user. An edge: it calls the service layer and renders
Jinja2 templates; htmx makes the forms partial-page, and every page also works as plain form posts."""
