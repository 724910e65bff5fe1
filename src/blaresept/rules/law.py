"""The legal sources the rules cite, and how a single provision is referred to (lov/forskrift, §, ledd)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Act:
    """A statute or regulation, with its Lovdata identifier and address."""

    short: str
    title: str
    lovdata_id: str
    url: str


FOLKETRYGDLOVEN = Act(
    short="folketrygdloven",
    title="Lov om folketrygd (folketrygdloven)",
    lovdata_id="LOV-1997-02-28-19",
    url="https://lovdata.no/dokument/NL/lov/1997-02-28-19",
)
BLARESEPTFORSKRIFTEN = Act(
    short="blåreseptforskriften",
    title="Forskrift om stønad til dekning av utgifter til viktige legemidler mv. (blåreseptforskriften)",
    lovdata_id="FOR-2007-06-28-814",
    url="https://lovdata.no/dokument/SF/forskrift/2007-06-28-814",
)
FORVALTNINGSLOVEN = Act(
    short="forvaltningsloven",
    title="Lov om behandlingsmåten i forvaltningssaker (forvaltningsloven)",
    lovdata_id="LOV-1967-02-10",
    url="https://lovdata.no/dokument/NL/lov/1967-02-10",
)

TRYGDERETTSLOVEN = Act(
    short="trygderettsloven",
    title="Lov om anke til Trygderetten (trygderettsloven)",
    lovdata_id="LOV-1966-12-16-9",
    url="https://lovdata.no/dokument/NL/lov/1966-12-16-9",
)
DOMSTOLLOVEN = Act(
    short="domstolloven",
    title="Lov om domstolene (domstolloven)",
    lovdata_id="LOV-1915-08-13-5",
    url="https://lovdata.no/dokument/NL/lov/1915-08-13-5",
)
LEGEMIDDELFORSKRIFTEN = Act(
    short="legemiddelforskriften",
    title="Forskrift om legemidler (legemiddelforskriften)",
    lovdata_id="FOR-2009-12-18-1839",
    url="https://lovdata.no/dokument/SF/forskrift/2009-12-18-1839",
)
RUNDSKRIV_5_22 = Act(
    short="rundskriv til ftrl § 5-22",
    title="Helsedirektoratets rundskriv til folketrygdloven § 5-22 – bidrag til spesielle formål",
    lovdata_id="",
    url="https://www.helsedirektoratet.no/rundskriv/folketrygdloven-kap-5/"
        "rundskriv-til-folketrygdloven--5-22--bidrag-til-spesielle-formal",
)
TRYGDEFORORDNINGEN = Act(
    short="trygdeforordningen",
    title="Forordning (EF) nr. 883/2004 om koordinering av trygdeordninger, inkorporert i norsk rett "
    "(forskrift om inkorporasjon av trygdeforordningene i EØS-avtalen)",
    lovdata_id="FOR-2012-06-22-586",
    url="https://lovdata.no/dokument/SF/forskrift/2012-06-22-586",
)
GJENNOMFORINGSFORORDNINGEN = Act(
    short="gjennomføringsforordningen",
    title="Forordning (EF) nr. 987/2009 om gjennomføring av forordning 883/2004, inkorporert i norsk rett",
    lovdata_id="FOR-2012-06-22-586",
    url="https://lovdata.no/dokument/SF/forskrift/2012-06-22-586",
)

PASIENTRETTIGHETSLOVEN = Act(
    short="pasient- og brukerrettighetsloven",
    title="Lov om pasient- og brukerrettigheter (pasient- og brukerrettighetsloven)",
    lovdata_id="LOV-1999-07-02-63",
    url="https://lovdata.no/dokument/NL/lov/1999-07-02-63",
)
SPESIALISTHELSETJENESTELOVEN = Act(
    short="spesialisthelsetjenesteloven",
    title="Lov om spesialisthelsetjenesten m.m. (spesialisthelsetjenesteloven)",
    lovdata_id="LOV-1999-07-02-61",
    url="https://lovdata.no/dokument/NL/lov/1999-07-02-61",
)
FASTLEGEFORSKRIFTEN = Act(
    short="fastlegeforskriften",
    title="Forskrift om fastlegeordning i kommunene (fastlegeforskriften)",
    lovdata_id="FOR-2012-08-29-842",
    url="https://lovdata.no/dokument/SF/forskrift/2012-08-29-842",
)
FASTLEGE_RETTIGHETSFORSKRIFTEN = Act(
    short="pasientrettighetsforskriften for fastlege",
    title="Forskrift om pasient- og brukerrettigheter i fastlegeordningen",
    lovdata_id="FOR-2012-08-29-843",
    url="https://lovdata.no/dokument/SF/forskrift/2012-08-29-843",
)

ACTS = {
    act.short: act
    for act in (FOLKETRYGDLOVEN, BLARESEPTFORSKRIFTEN, FORVALTNINGSLOVEN, TRYGDERETTSLOVEN, DOMSTOLLOVEN,
                LEGEMIDDELFORSKRIFTEN, TRYGDEFORORDNINGEN, GJENNOMFORINGSFORORDNINGEN, PASIENTRETTIGHETSLOVEN,
                SPESIALISTHELSETJENESTELOVEN, FASTLEGEFORSKRIFTEN, FASTLEGE_RETTIGHETSFORSKRIFTEN, RUNDSKRIV_5_22)
}


@dataclass(frozen=True)
class LegalReference:
    """One provision: the act, its section and optionally the paragraph (ledd) and point (punkt/bokstav)."""

    act: Act
    section: str
    ledd: str | None = None
    point: str | None = None

    def __str__(self) -> str:
        parts = [f"{self.act.short} {self.section}"]
        if self.ledd:
            parts.append(f"{self.ledd} ledd")
        if self.point:
            parts.append(self.point)
        return " ".join(parts)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "act": self.act.short,
            "lovdata_id": self.act.lovdata_id,
            "section": self.section,
            "ledd": self.ledd,
            "point": self.point,
            "url": self.act.url,
            "text": str(self),
        }


def blaresept(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of blåreseptforskriften."""
    return LegalReference(BLARESEPTFORSKRIFTEN, section, ledd, point)


def ftrl(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of folketrygdloven."""
    return LegalReference(FOLKETRYGDLOVEN, section, ledd, point)


def fvl(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of forvaltningsloven."""
    return LegalReference(FORVALTNINGSLOVEN, section, ledd, point)


def trygderettsloven(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of trygderettsloven (its § 10 on the deadline also governs Helfo's own appeal handling,
    folketrygdloven § 21-12)."""
    return LegalReference(TRYGDERETTSLOVEN, section, ledd, point)


def domstolloven(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of domstolloven (chapter 8: how deadlines are counted)."""
    return LegalReference(DOMSTOLLOVEN, section, ledd, point)


def legemiddelforskriften(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of legemiddelforskriften (method assessment, §§ 14-3 and 14-5)."""
    return LegalReference(LEGEMIDDELFORSKRIFTEN, section, ledd, point)


def rundskriv_5_22(chapter: str) -> LegalReference:
    """A chapter of Helsedirektoratet's rundskriv to folketrygdloven § 5-22 (the exhaustive bidrag purposes)."""
    return LegalReference(RUNDSKRIV_5_22, chapter)


def pbrl(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of pasient- og brukerrettighetsloven (§ 2-1 c: the fastlege scheme; §§ 2-1 b, 2-2, 2-4: fristbrudd
    and the choice of provider)."""
    return LegalReference(PASIENTRETTIGHETSLOVEN, section, ledd, point)


def sphl(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of spesialisthelsetjenesteloven (§ 5-2: the RHF pays on breach; § 4-3: approval)."""
    return LegalReference(SPESIALISTHELSETJENESTELOVEN, section, ledd, point)


def fastlegeforskriften(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of fastlegeforskriften (the kommune's fastlege scheme; § 35 list reductions)."""
    return LegalReference(FASTLEGEFORSKRIFTEN, section, ledd, point)


def fastlege_rights(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of forskrift om pasient- og brukerrettigheter i fastlegeordningen (FOR-2012-08-29-843)."""
    return LegalReference(FASTLEGE_RETTIGHETSFORSKRIFTEN, section, ledd, point)


def trygdeforordningen(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of the EEA social security regulation (EC) No 883/2004 as incorporated in Norwegian law."""
    return LegalReference(TRYGDEFORORDNINGEN, section, ledd, point)


def gjennomforingsforordningen(section: str, ledd: str | None = None, point: str | None = None) -> LegalReference:
    """A provision of the implementing regulation (EC) No 987/2009 (the health insurance card and its
    provisional replacement certificate, art. 25)."""
    return LegalReference(GJENNOMFORINGSFORORDNINGEN, section, ledd, point)
