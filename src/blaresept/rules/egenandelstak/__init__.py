"""The egenandelstak and frikort (folketrygdloven § 5-3) and the refund of copay paid above it."""
