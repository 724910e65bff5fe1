"""Referrals, deadlines and fristbrudd: the hospital registers, the daily run finds breaches and notifies Helfo."""
