"""The fastlege register (fastlegeordningen): kommuner, practices, fastleger and their lists with capacity,
who is on which list over time, change requests, waiting lists, list reductions, the monthly run and its
letters. A register with shared capacity and its own row locks — not a case on the case engine."""
