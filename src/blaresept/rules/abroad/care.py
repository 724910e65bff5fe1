"""Health care received in another EU/EØS country: (a) the refund scheme of folketrygdloven § 5-24 a (from
2011-01-01; EØS, not Switzerland; not the country the person lives in; help that would have been covered in Norway;
a referral; a voluntary forhåndstilsagn), and (b) forhåndsgodkjenning when Norway cannot give the help within
medically justifiable time (trygdeforordningen art. 20: EØS or Switzerland, a public provider, the patient pays only
local egenandeler; may be sought afterwards within 6 months of each treatment date).

The refund amount («what the same help would have cost the public in Norway») has no sourced formula here, so
these rules decide the right and never an amount. Pure: facts and parameters in, result and steps out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blaresept.rules.law import LegalReference, ftrl, trygdeforordningen
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import ParameterUse, Step


@dataclass(frozen=True)
class CareAbroad:
    """`route`: «refund» (§ 5-24 a) or «approval» (forhåndsgodkjenning). `applied_on` matters for the approval
    route (afterwards only within the months after each treatment date)."""

    route: str
    treatment_date: date
    country: str
    residence_country: str = "NO"
    referral: bool = True
    covered_in_norway: bool = True
    public_provider: bool = True
    justifiable_wait_in_norway: bool = True
    applied_on: date | None = None


@dataclass(frozen=True)
class CareAssessment:
    eligible: bool
    reasons: tuple[str, ...]
    steps: tuple[Step, ...]


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    from calendar import monthrange

    return date(year, month, min(day.day, monthrange(year, month)[1]))


def assess_care(care: CareAbroad, params: ParameterSet) -> CareAssessment:
    on = care.treatment_date
    country = care.country.strip().upper()
    states, states_use = params["ehic.citizenships"].use(on)  # the EU/EØS states and Switzerland on the date
    steps: list[Step] = []

    def add(rule: str, ok: bool, text: str, reference: LegalReference, version: date,
            uses: tuple[ParameterUse, ...] = ()) -> None:
        steps.append(Step(rule=f"abroad.{care.route}.{rule}", reference=reference, version=version,
                          outcome="oppfylt" if ok else "ikke_oppfylt", text=text, outputs={"oppfylt": ok},
                          parameters=uses))

    if care.route == "refund":
        scheme, scheme_use = params["abroad.refund_scheme"].use(on)
        add("scheme", scheme, "Refusjonsordningen for helsehjelp i et annet EØS-land gjelder fra 1. januar 2011."
            if scheme else "Refusjonsordningen etter § 5-24 a gjaldt ikke før 1. januar 2011.", ftrl("§ 5-24 a"),
            scheme_use.effective, (scheme_use,))
        in_eos = country in states and country not in ("CH", "NO")
        add("country", in_eos, f"Behandlingen er gitt i et EØS-land ({country})." if in_eos else
            (f"{country} er ikke et EØS-land; refusjonsordningen gjelder ikke der"
             + (" (i Sveits brukes helsetrygdkortet)." if country == "CH" else ".")), ftrl("§ 5-24 a"),
            states_use.effective, (states_use,))
        abroad_home = country == care.residence_country.strip().upper()
        add("not_residence", not abroad_home, "Personen bor ikke i behandlingslandet." if not abroad_home else
            "Ordningen gjelder ikke i landet personen bor i; der brukes landets egen helsetjeneste.",
            ftrl("§ 5-24 a"), date(2011, 1, 1))
        add("covered_in_norway", care.covered_in_norway, "Helsehjelpen ville vært dekket i Norge."
            if care.covered_in_norway else "Ordningen dekker bare helsehjelp du ville fått dekket i Norge.",
            ftrl("§ 5-24 a"), date(2011, 1, 1))
        add("referral", care.referral, "Det foreligger henvisning." if care.referral else
            "Planlagt behandling i utlandet krever henvisning fra helsepersonell med rett til å henvise.",
            ftrl("§ 5-24 a"), date(2011, 1, 1))
    elif care.route == "approval":
        ok_state = country in states and country != "NO"
        add("country", ok_state, f"Behandlingen gis i et EU/EØS-land eller Sveits ({country})." if ok_state else
            f"{country} er ikke et EU/EØS-land eller Sveits.", trygdeforordningen("art. 20"), states_use.effective,
            (states_use,))
        add("public_provider", care.public_provider, "Behandlingsstedet er offentlig." if care.public_provider
            else "Forhåndsgodkjenning gjelder bare offentlige behandlingssteder.", trygdeforordningen("art. 20"),
            date(2009, 1, 1))
        add("wait", not care.justifiable_wait_in_norway, "Helsehjelpen kan ikke gis i Norge innen medisinsk "
            "forsvarlig tid." if not care.justifiable_wait_in_norway else "Helsehjelpen kan gis i Norge innen "
            "medisinsk forsvarlig tid; da gis ikke forhåndsgodkjenning.", trygdeforordningen("art. 20", "andre"),
            date(2009, 1, 1))
        if care.applied_on is not None and care.applied_on > on:
            months, use = params["abroad.approval_after_months"].use(on)
            last = _months_after(on, months)
            in_time = care.applied_on <= last
            add("applied_in_time", in_time, f"Søknad i etterkant kom innen {months} måneder etter behandlingen "
                f"(senest {last.isoformat()})." if in_time else f"Søknad i etterkant må komme innen {months} "
                f"måneder etter hver behandlingsdato (senest {last.isoformat()}).", trygdeforordningen("art. 20"),
                use.effective, (use,))
    else:
        from blaresept.rules.errors import RuleInputError

        raise RuleInputError(f"Ukjent ordning «{care.route}» (bruk refund eller approval).")
    reasons = tuple(s.text for s in steps if s.outcome == "ikke_oppfylt")
    return CareAssessment(not reasons, reasons, tuple(steps))
