"""Nutrition (næringsmidler) under blåreseptforskriften § 6.

Helfo gives individual stønad for nutrition under § 6 første ledd punkt 1 (diseases of mouth, throat and
oesophagus or stomach and bowel that stop normal food or uptake, metabolic disease, treatment-refractory
epilepsy), punkt 2 (lactose or milk protein intolerance or allergy in children under 10) and punkt 4 (cancer,
immune deficiency or other disease that weakens so much that nutrition is needed). Punkt 3 (phenylketonuria)
needs no application: the doctor prescribes from the product list directly (hjemmel 603). Products on Helfo's
product and price list are covered; other products need a specialist's application with a justification. At
punkt 2 the milk substitutes based on hydrolysed milk protein come first; others need a reason. The decision is
normally limited to two years from the application date (decision.py).

From 2025-12-01 § 6 is rewritten (FOR-2025-04-02-577): two grounds instead of the four points — [1] limited,
reduced or disturbed ability to take in, digest, absorb, convert or excrete ordinary food, [2] other medically
caused nutritional needs — no age limit, and each case approved by Helsedirektoratet except congenital metabolic
diseases with defects in amino-acid, fatty-acid or carbohydrate metabolism, which need no approval (parameters
individual.nutrition.grounds and individual.nutrition.approval). The Volven 7427 and 7454 codes after the change
are not known: decisions use the general § 6 code 600 and no condition code is required.

Sources: shared/seeds/001_… «Skal du søke om stønad til næringsmidler?»; shared/seeds/004_… «Næringsmidler (§ 6)»;
Volven 7454 (§ 6 conditions) and 7403 (article groups) in shared/reference/codes/; FOR-2025-04-02-577
(rules-facts.md § 10).
"""

from __future__ import annotations

from datetime import date

from blaresept.rules import law
from blaresept.rules.blaresept.exemptions import age_on
from blaresept.rules.errors import RuleInputError
from blaresept.rules.individual.model import (
    Application,
    ConditionResult,
    MissingItem,
    NutritionProduct,
    NutritionRequest,
    Status,
)
from blaresept.rules.parameters import ParameterSet
from blaresept.rules.steps import Step

CONDITIONS = {
    "1": "sykdom som hindrer tilstrekkelig tilførsel av mat",
    "2": "sykdom som hindrer tilstrekkelig opptak av viktige næringsstoffer",
    "3": "stoffskiftesykdom",
    "4": "behandlingsrefraktær epilepsi",
    "5": "laktose- eller melkeproteinintoleranse/-allergi",
    "6": "sykdom som medfører så mye svekkelse at næringsmidler er påkrevd",
}
"""Volven 7454 «Vilkår § 6»."""

POINT_CONDITIONS = {1: ("1", "2", "3", "4"), 2: ("5",), 4: ("6",)}
"""Which Volven 7454 conditions belong to which point of § 6 første ledd."""

HJEMMEL_CODES = {1: "601", 2: "602", 3: "603", 4: "604"}
"""Volven 7427 refusjonshjemmel per point."""

MILK_SUBSTITUTES_POINT2 = "60206"
"""Volven 7403 article group «Melkeerstatninger» under § 6 punkt 2."""


GENERAL_CODE = "600"
"""Volven 7427 «§5-14 §6»: the code used from 2025-12-01, when the codes of the new grounds are not known."""


def rewritten(params: ParameterSet, on: date) -> bool:
    """Whether § 6 as rewritten from 2025-12-01 (two grounds, approval in each case) is in force on the date."""
    grounds, _use = params["individual.nutrition.grounds"].use(on)
    return "3" not in grounds


def point_reference(point: int, on: date | None = None, params: ParameterSet | None = None) -> law.LegalReference:
    if on is not None and params is not None and rewritten(params, on):
        return law.blaresept("§ 6", "første", f"grunnlag {point}")
    return law.blaresept("§ 6", "første", f"punkt {point}")


def _congenital_metabolic_refusal(params: ParameterSet, on: date) -> str:
    approval, _use = params["individual.nutrition.approval"].use(on)
    return (f"Stønad til næringsmidler ved {', '.join(approval['exempt'])} skal ikke godkjennes i hvert enkelt "
            "tilfelle (blåreseptforskriften § 6 fra 1. desember 2025). Legen forskriver næringsmidlene i produkt- "
            "og prislisten direkte på blå resept.")


def check_nutrition_content(app: Application, params: ParameterSet) -> tuple[tuple[MissingItem, ...], Step]:
    """What a § 6 application lacks. Punkt 3 (PKU) and points that do not exist are refused as input."""
    request = app.nutrition
    missing: list[MissingItem] = []
    reference = law.blaresept("§ 6")
    if request is None:
        which = "grunnlag (1 eller 2)" if rewritten(params, app.received) else "punkt (1, 2 eller 4)"
        missing.append(MissingItem("nutrition.point", f"Oppgi hvilket {which} i § 6 det søkes etter.", reference))
        return tuple(missing), _content_step(app, missing, reference)
    if rewritten(params, app.received):
        return _check_rewritten(app, request, params)
    if request.point == 3:
        raise RuleInputError(
            "Det skal ikke søkes om næringsmidler ved fenylketonuri (Føllings sykdom, § 6 punkt 3). Legen "
            "forskriver næringsmidlene i produkt- og prislisten direkte på blå resept med hjemmel 603."
        )
    if request.point not in POINT_CONDITIONS:
        raise RuleInputError(f"§ 6 første ledd har punktene 1, 2, 3 og 4; punkt {request.point} finnes ikke.")
    reference = point_reference(request.point)
    allowed = POINT_CONDITIONS[request.point]
    if not request.condition:
        missing.append(MissingItem(
            "nutrition.condition",
            f"Oppgi tilstanden etter § 6 punkt {request.point} ({_choices(allowed)}).",
            reference,
        ))
    elif request.condition not in allowed:
        known = CONDITIONS.get(request.condition, f"kode {request.condition}")
        missing.append(MissingItem(
            "nutrition.condition",
            f"Tilstanden «{known}» hører ikke til § 6 punkt {request.point}; velg {_choices(allowed)}.",
            reference,
        ))
    missing.extend(_products_missing(request, params, app))
    return tuple(missing), _content_step(app, missing, reference)


def _check_rewritten(app: Application, request: NutritionRequest, params: ParameterSet
                     ) -> tuple[tuple[MissingItem, ...], Step]:
    """§ 6 from 2025-12-01: ground 1 or 2; congenital metabolic diseases need no approval (refused as input)."""
    grounds, _use = params["individual.nutrition.grounds"].use(app.received)
    if request.congenital_metabolic:
        raise RuleInputError(_congenital_metabolic_refusal(params, app.received))
    if request.point == 3:
        raise RuleInputError(
            "Fra 1. desember 2025 har § 6 ikke lenger punkt 3. Ved fenylketonuri (Føllings sykdom), en medfødt "
            "stoffskiftesykdom med defekt i aminosyreomsetningen, skal stønaden ikke godkjennes i hvert enkelt "
            "tilfelle: legen forskriver næringsmidlene i produkt- og prislisten direkte på blå resept.")
    if str(request.point) not in grounds:
        raise RuleInputError(
            f"Fra 1. desember 2025 har § 6 to grunnlag: 1 ({grounds['1']}) og 2 ({grounds['2']}); "
            f"punkt {request.point} finnes ikke lenger.")
    missing = _products_missing(request, params, app)
    return tuple(missing), _content_step(app, missing, point_reference(request.point, app.received, params))


def _products_missing(request: NutritionRequest, params: ParameterSet, app: Application) -> list[MissingItem]:
    missing: list[MissingItem] = []
    if not request.products:
        missing.append(MissingItem("nutrition.products", "Oppgi hvilke næringsmidler det søkes om.",
                                   law.blaresept("§ 6")))
    off_list = [p for p in request.products if not p.on_list]
    if off_list and not (request.justification_off_list or "").strip():
        missing.append(MissingItem(
            "nutrition.justification_off_list",
            f"{_names(off_list)} står ikke på Helfos produkt- og prisliste. Begrunn hvorfor produktene på listen "
            "ikke kan brukes.",
            law.blaresept("§ 6"),
        ))
    others = other_milk_substitutes(request.point, request.products, params, app)
    if others and not (request.reason_other_than_hydrolysed or "").strip():
        missing.append(MissingItem(
            "nutrition.reason_other_than_hydrolysed",
            "Ved § 6 punkt 2 skal melkeerstatninger basert på hydrolysert melkeprotein prøves først. Begrunn "
            f"hvorfor {_names(others)} må brukes i stedet.",
            point_reference(2),
        ))
    return missing


def other_milk_substitutes(point: int, products: tuple[NutritionProduct, ...], params: ParameterSet,
                           app: Application) -> list[NutritionProduct]:
    """The § 6 punkt 2 milk substitutes that are not based on hydrolysed milk protein."""
    return [products[i] for i in other_milk_substitute_items(point, products, params, app)]


def other_milk_substitute_items(point: int, products: tuple[NutritionProduct, ...], params: ParameterSet,
                                app: Application) -> list[int]:
    """The positions of the § 6 punkt 2 milk substitutes not based on hydrolysed milk protein."""
    if point != 2 or rewritten(params, app.received):
        return []
    hydrolysed, _use = params["individual.nutrition.hydrolysed_groups"].use(app.received)
    return [i for i, p in enumerate(products)
            if p.article_group and p.article_group.startswith(MILK_SUBSTITUTES_POINT2)
            and p.article_group not in hydrolysed]


def nutrition_conditions(app: Application, params: ParameterSet) -> tuple[list[ConditionResult], list[Step]]:
    """The § 6 conditions: the child's age at punkt 2, products off the list, other milk substitutes. Open
    points are answered by the caseworker through automatic.assess."""
    assert app.nutrition is not None
    request = app.nutrition
    results: list[ConditionResult] = []
    steps: list[Step] = []
    limit, use = params["individual.nutrition.child_age_point2"].use(app.received)
    if rewritten(params, app.received):
        results.append(_approval_condition(app, params))
    if request.point == 2 and limit is not None:
        age = age_on(app.patient_birth_date, app.received)
        met = age < limit
        text = (f"Pasienten er {age} år da søknaden kom inn, og § 6 punkt 2 gjelder barn under {limit} år."
                + ("" if met else " Vilkåret er ikke oppfylt."))
        results.append(ConditionResult("nutrition.child_age", Status.MET if met else Status.NOT_MET, text,
                                       point_reference(2)))
        steps.append(Step(
            rule="individual.nutrition.child_age",
            reference=point_reference(2),
            version=use.effective,
            outcome="oppfylt" if met else "ikke_oppfylt",
            text=text,
            inputs={"birth_date": app.patient_birth_date, "received": app.received, "age": age},
            outputs={"met": met},
            parameters=(use,),
        ))
    others = set(other_milk_substitute_items(request.point, request.products, params, app))
    for index, product in enumerate(request.products):
        if not product.on_list:
            results.append(ConditionResult(
                "nutrition.off_list", Status.OPEN,
                f"{product.name} står ikke på Helfos produkt- og prisliste; spesialistens begrunnelse må vurderes.",
                law.blaresept("§ 6"), index,
            ))
        if index in others:
            results.append(ConditionResult(
                "nutrition.other_than_hydrolysed", Status.OPEN,
                f"{product.name} er ikke basert på hydrolysert melkeprotein; begrunnelsen må vurderes.",
                point_reference(2), index,
            ))
        if product.on_list and index not in others:
            results.append(ConditionResult(
                "nutrition.product", Status.MET,
                f"{product.name} står på Helfos produkt- og prisliste.", law.blaresept("§ 6"), item=index))
    return results, steps


def _approval_condition(app: Application, params: ParameterSet) -> ConditionResult:
    """From 2025-12-01 each case is approved by Helsedirektoratet (Helfo, its agency, handles the application):
    the approval is the decision itself, so the condition is met by deciding; it is recorded so the decision
    says so."""
    approval, _use = params["individual.nutrition.approval"].use(app.received)
    return ConditionResult(
        "nutrition.approval", Status.MET,
        f"Stønad etter § 6 godkjennes i hvert enkelt tilfelle av {approval['approved_by']} (blåreseptforskriften "
        "§ 6 fra 1. desember 2025); denne søknaden behandles som en slik godkjenning. Unntatt er "
        + ", ".join(approval["exempt"]) + ".",
        law.blaresept("§ 6"),
    )


def _content_step(app: Application, missing: list[MissingItem], reference: law.LegalReference) -> Step:
    request = app.nutrition
    return Step(
        rule="individual.nutrition.content",
        reference=reference,
        version=app.received,
        outcome="mangler" if missing else "komplett",
        text=("Søknaden om næringsmidler mangler: " + " ".join(m.text for m in missing)) if missing else
        f"Søknaden om næringsmidler etter § 6 punkt {request.point if request else '?'} har de nødvendige "
        "opplysningene.",
        inputs={"point": request.point if request else None, "condition": request.condition if request else None,
                "products": [p.name for p in request.products] if request else []},
        outputs={"missing": [m.code for m in missing]},
    )


def _choices(codes: tuple[str, ...]) -> str:
    return ", ".join(f"{c} {CONDITIONS[c]}" for c in codes)


def _names(products: list[NutritionProduct]) -> str:
    names = [f"«{p.name}»" for p in products]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
