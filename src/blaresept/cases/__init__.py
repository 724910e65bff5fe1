"""Helfo case handling for individual stønad (blåreseptforskriften § 3 drugs, § 6 nutrition): applications,
automatic and manual decisions, letters, deadlines and the appeal chain. Storage, service and letters at the
edge; the rules are in blaresept.rules.individual."""
