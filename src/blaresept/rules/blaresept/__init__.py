"""Blåreseptforskriften (FOR-2007-06-28-814), made under folketrygdloven § 5-14."""
