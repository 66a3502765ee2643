"""The decks' own words: slide titles, fixed sentences and the speaker notes on every slide.

They are not in the code: they live in docx_templates/presentaties.toml, read once per process (PROSE) and
checked against PROSE_KEYS, so a missing text stops the app at start-up instead of breaking one download.
"""

from __future__ import annotations

import string
import tomllib
from pathlib import Path
from typing import Any

PROSE_PATH = Path(__file__).resolve().parents[3] / "docx_templates" / "presentaties.toml"

# Every text the code asks for, "section.key"; a key ending in a list name (kop, punten) is a list of texts.
PROSE_KEYS: tuple[str, ...] = (
    *(
        f"algemeen.{key}"
        for key in (
            "gemeente plaats datum_onbekend online tijd tijd_in_tabel deel geen_gegevens mijlpaal_titel "
            "mijlpaal_zonder_nummer geen_mijlpalen centrale_vraag_notitie project"
        ).split()
    ),
    *(f"afspraken.{key}" for key in "titel kop leeg notitie".split()),
    *(
        f"kickoff.{key}"
        for key in (
            "titel titel_notitie waarom_titel waarom aanleiding waarom_notitie wat_titel reikwijdte mijlpalen "
            "geen_mijlpalen rol alle_rollen spoor wat_notitie mijlpalen_aantal mijlpalen_titel mijlpalen_notitie "
            "tijdlijn_titel tijdlijn_vandaag "
            "tijdlijn_notitie fasen_titel fasen_kop fasen_leeg weken fasen_notitie team_titel team_kop team_leeg "
            "team_notitie sessies_titel sessies_kop sessies_leeg sessies_notitie vragen_titel vragen contact "
            "vragen_notitie"
        ).split()
    ),
    *(
        f"optie_a.{key}"
        for key in (
            "zonder_sessie titel_notitie werkwijze_titel werkwijze gespreksleider verslag agenda werkwijze_notitie "
            "behoefte praten vragen mijlpaal_notitie checklist_titel checklist_kop checklist_leeg "
            "checklist_notitie nodig_titel nodig_kop nodig_notitie"
        ).split()
    ),
    *(
        f"optie_b.{key}"
        for key in (
            "zonder_sessie titel_notitie reis_titel reis reis_notitie lagen_titel lagen_kop lagen_notitie "
            "mijlpalen_titel mijlpalen_notitie blueprint_titel blueprint_deel gemaakt_titel gemaakt_deel "
            "blueprint_leeg stap stap_titel blueprint_notitie"
        ).split()
    ),
    *(
        f"inwoners.{key}"
        for key in (
            "titel titel_notitie welkom_titel welkom gespreksleider verslag programma welkom_notitie onderwerp "
            "onderwerp_notitie gehoord_titel gehoord_over citaat gehoord_notitie verder_titel verder contact "
            "contact_met bel mail of bedankt verder_notitie optie_a_welkom optie_b_welkom weg_titel weg "
            "weg_notitie onderwerpen_titel onderwerpen_notitie weg_tot_nu_titel weg_tot_nu_kop weg_tot_nu_notitie"
        ).split()
    ),
    *(
        f"resultaten.{key}"
        for key in (
            "titel titel_notitie stand_titel sessies met_bevindingen gebundeld zin nog_geen_sessies acties "
            "besloten_budget vandaag stand_notitie themas_titel themas_kop themas_leeg themas_notitie thema_titel "
            "thema_kop thema_leeg thema_notitie uit_sessie acties_kop quick_wins_titel quick_wins_leeg "
            "quick_wins_notitie later_titel later_leeg later_notitie open_titel open_notitie budget_titel budget_reeks "
            "budget_notitie aantal_titel aantal_notitie reeks_nu reeks_later reeks_open grafiek_titel grafiek_leeg "
            "grafiek_leeg_notitie besluiten_titel besluiten_kop besluiten_leeg besluiten_notitie verder_titel "
            "verder verder_notitie"
        ).split()
    ),
)
# The fields a text may name between braces, filled from the project's data by the code.
PROSE_FIELDS = frozenset(
    "gemeente plaats datum begin eind titel deel delen nummer mijlpaal project weken naam eerste laatste aantal "
    "onderwerp met manieren telefoon email tekst sessies bevindingen regel themas acties bedrag thema sessie".split()
)
BLUEPRINT_LANE_COUNT = 4  # inwoner, frontstage, backstage, support: the four fields of a stored step


class Prose:
    """The checked texts of presentaties.toml: `prose("kickoff.titel", project=...)` is one text, formatted."""

    def __init__(self, data: dict[str, Any]):
        self._data = data

    def _raw(self, key: str) -> Any:
        section, name = key.split(".", 1)
        return self._data[section][name]

    def __call__(self, key: str, **fields: object) -> str:
        return str(self._raw(key)).format(**fields)

    def lines(self, key: str, **fields: object) -> list[str]:
        return [line.format(**fields) for line in self._raw(key)]

    def lanes(self) -> list[tuple[str, str]]:
        """The Service Blueprint's lanes, top to bottom: (name, what participants note per step)."""
        return [(lane["naam"], lane["uitleg"]) for lane in self._data["optie_b"]["lagen"]]


def _fields(text: str) -> set[str]:
    """The names between braces in `text`; a lone brace reads as the (never allowed) field "{"."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return {"{"}


def _text_problem(key: str, value: object) -> str | None:
    texts = value if isinstance(value, list) else [value]
    if not texts or not all(isinstance(text, str) and text.strip() for text in texts):
        return f"{key} ontbreekt of is leeg"
    unknown = set().union(*(_fields(str(text)) for text in texts)) - PROSE_FIELDS
    if unknown:
        return f"{key} noemt een onbekend veld: {', '.join(sorted(unknown))}"
    return None


def _prose_problems(data: dict[str, Any]) -> list[str]:
    def section(name: str) -> dict[str, Any]:
        found = data.get(name)
        return found if isinstance(found, dict) else {}

    problems = [
        problem
        for key in PROSE_KEYS
        if (problem := _text_problem(key, section(key.split(".")[0]).get(key.split(".", 1)[1]))) is not None
    ]
    lanes = section("optie_b").get("lagen")
    if (
        not isinstance(lanes, list)
        or len(lanes) != BLUEPRINT_LANE_COUNT
        or not all(isinstance(lane, dict) and lane.get("naam") and lane.get("uitleg") for lane in lanes)
    ):
        problems.append(f"optie_b.lagen moet precies {BLUEPRINT_LANE_COUNT} lagen hebben, elk met naam en uitleg")
    return problems


def load_prose(path: Path = PROSE_PATH) -> Prose:
    """Read and check the decks' texts; ValueError (Dutch, naming every problem) when one is missing or wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"De teksten van de presentaties ({path.name}) zijn niet te lezen: {exc}") from exc
    problems = _prose_problems(data)
    if problems:
        raise ValueError(f"De teksten van de presentaties ({path.name}) kloppen niet: " + "; ".join(problems) + ".")
    return Prose(data)


PROSE = load_prose()  # once per process, at import: a broken file stops the app at start-up
