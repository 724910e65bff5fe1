"""Fastlegeordningen as pure rules: changing GP (pasient- og brukerrettighetsloven § 2-1 c), waiting lists,
and list reductions by lot (fastlegeforskriften § 35). No database here: the register (`blaresept.fastlege`)
gathers the facts, calls these rules and stores what they decide."""
