"""The audit log: every read of personal data — who, what, when, and for which purpose."""
