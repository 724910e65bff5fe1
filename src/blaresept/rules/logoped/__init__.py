"""Logoped and audiopedagog (folketrygdloven § 5-10): the referral, prior approval, the number of treatments."""

from blaresept.rules.logoped.referral import LogopedAssessment, Referral, Therapist, assess_referral

__all__ = ["LogopedAssessment", "Referral", "Therapist", "assess_referral"]
