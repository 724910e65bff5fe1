"""Fristbrudd and the patient's choice of provider (pasient- og brukerrettighetsloven §§ 2-1 b, 2-2, 2-4;
spesialisthelsetjenesteloven § 5-2), and the pure rules of Helfo's pasientformidling."""
