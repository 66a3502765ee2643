"""Recreate the Word templates of the toolkit documents.

    .venv/bin/python docx_templates/build_word_templates.py [output folder]

Writes profiel_projectleider.docx, projectplan.docx, aanpak_planning.docx, uitnodiging_inwoners.docx,
uitnodiging_collegas.docx, implementatieplan.docx and opdrachtomschrijving.docx. The .docx files are the
real templates: a communicatieadviseur may open and restyle them in Word or LibreOffice, and the tool fills
them with rfz_project/documents/word.py. This script only makes their first version reproducible;
running it again overwrites changes made by hand, so keep the two in step (or stop using the script).

House style: A4, Arial, black text, dark blue headings (the colour of the base deck, basis.pptx), tables
with a repeated header row, Dutch as the proofing language. The output is byte-for-byte the same on every
run (fixed dates in the document properties and in the zip).

Placeholders (`{{ ... }}`, `{%p ... %}` for a whole paragraph, `{%tr ... %}` for a whole table row) are
documented in docx_templates/README.md, section "Word-sjablonen".
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling module below
from reproducible import FIXED_TIME, fixed_zip  # noqa: E402

HERE = Path(__file__).resolve().parent
FONT = "Arial"
DARK_BLUE = RGBColor(0x15, 0x42, 0x73)  # as in basis.pptx; contrast with white about 10:1

JOIN_MIJLPALEN = '{{ mijlpalen|map(attribute="label")|join(", ")|ingevuld }}'
PLACE = ('{% if session.is_online %}online{% if session.online_url %}: {{ session.online_url }}{% endif %}'
         '{% else %}{{ session.location|ingevuld }}{% endif %}')


class Sheet:
    """A new document in the house style, with small helpers for what the templates need."""

    def __init__(self, title: str, landscape: bool = False) -> None:
        self.doc = Document()
        self._style()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by, props.comments = title, "Gemeente", "", ""
        props.subject, props.keywords, props.category = "Routekaart Financiële Zorgen", "", ""
        props.created = props.modified = FIXED_TIME
        props.revision = 1
        props.language = "nl-NL"

    def _style(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
            font = styles[name].font
            font.name, font.color.rgb = FONT, DARK_BLUE
        rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "nl-NL")

    # -- paragraphs ---------------------------------------------------------------------------------
    def title(self, text: str, subtitle: str = "") -> None:
        self.doc.add_paragraph(text, style="Title")
        if subtitle:
            self.doc.add_paragraph(subtitle, style="Subtitle")

    def h(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def p(self, text: str = "", label: str = "", style: str | None = None) -> None:
        """A paragraph; `label` is printed bold in front of the text."""
        paragraph = self.doc.add_paragraph(style=style)
        if label:
            paragraph.add_run(label + " ").bold = True
        if text:
            paragraph.add_run(text)

    def bullets(self, *items: str) -> None:
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def tag(self, statement: str) -> None:
        """A Jinja statement that docxtpl replaces, with its whole paragraph: "{%p if x %}"."""
        self.doc.add_paragraph("{%p " + statement + " %}")

    # -- tables -------------------------------------------------------------------------------------
    def table(self, header: list[str], rows: list[list[str | list[str]]], widths: list[float] | None = None):
        """A table with a bold, repeated header row. A row that is one string is a `{%tr %}` row."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            cell.paragraphs[0].add_run(text).bold = True
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for row in rows:
            added = table.add_row()
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
            cells = added.cells
            if isinstance(row, str):
                cells[0].paragraphs[0].add_run("{%tr " + row + " %}")
                continue
            for cell, content in zip(cells, row):
                texts = [content] if isinstance(content, str) else content
                cell.paragraphs[0].add_run(texts[0])
                for more in texts[1:]:
                    cell.add_paragraph(more)
        if widths:
            _widths(table, widths)
        self.doc.add_paragraph()
        return table

    def fields(self, pairs: list[tuple[str, str]], widths: tuple[float, float] = (5.0, 12.0)) -> None:
        """A two-column table: bold label, value."""
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in pairs:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].paragraphs[0].add_run(value)
        _widths(table, widths)
        self.doc.add_paragraph()

    # -- header and footer --------------------------------------------------------------------------
    def header_footer(self, header: str, footer: str) -> None:
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = header
        paragraph = section.footer.paragraphs[0]
        paragraph.text = footer + " · pagina "
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return fixed_zip(out.getvalue())


def _widths(table, widths) -> None:
    """Column widths in cm: Word reads them from the cells, LibreOffice from the table grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


# --- the documents ---------------------------------------------------------------------------------

def _team_table(sheet: Sheet) -> None:
    sheet.table(["Naam", "Rol in het project", "Discipline"],
                ["for m in team", ["{{ m.name }}", "{{ m.role }}", "{{ m.discipline|ingevuld }}"], "endfor"],
                [6, 5, 6])
    sheet.tag("if not team")
    sheet.p("Het projectteam is nog niet samengesteld (nog in te vullen).")
    sheet.tag("endif")


def _phase_table(sheet: Sheet) -> None:
    sheet.table(["Fase", "Van", "Tot en met", "Weken", "Stand van zaken"],
                ["for p in phases",
                 ["{{ p.number }}. {{ p.label }}", "{{ p.start|datum }}", "{{ p.last_day|datum }}", "{{ p.weeks }}",
                  "{{ p.status }}"],
                 "endfor"], [4, 3.5, 3.5, 1.7, 4.3])


def profiel_projectleider() -> Sheet:
    s = Sheet("Profiel projectleider")
    s.header_footer("Gemeente {{ gemeente }}", "Profiel projectleider · {{ project_name }}")
    s.title("Profiel projectleider", "{{ project_name }}")
    s.p("Gemeente {{ gemeente }} · {{ today|datum }}")

    s.h("Waarom een projectleider")
    s.p("De gemeente {{ gemeente }} werkt met de routekaart Financiële Zorgen van de VNG. Met dit project "
        "willen we inwoners met geldzorgen eerder en beter helpen. De projectleider houdt het overzicht, brengt "
        "de juiste mensen bij elkaar en zorgt dat afspraken worden nagekomen. Het gaat om een tijdelijke rol, "
        "voor de duur van het project.")
    s.p("{{ central_question|ingevuld }}", label="Centrale vraag van het project:")

    s.h("Het project in het kort")
    s.fields([("Reikwijdte", "{{ scope_label }}: {{ scope_description }}"),
              ("Mijlpalen", JOIN_MIJLPALEN),
              ("Rol", '{{ rol or "alle rollen" }}'),
              ("Spoor", '{{ spoor or "alle sporen" }}'),
              ("Looptijd", "{{ start_date|datum }} tot en met {{ end_date|datum }} ({{ total_weeks }} weken)"),
              ("Opdrachtgever", "{{ opdrachtgever|ingevuld }}"),
              ("Opdrachtnemer", "{{ opdrachtnemer|ingevuld }}"),
              ("Projectleider", "{{ projectleider|ingevuld }}")])

    s.h("Fasen en tijd")
    s.p("Het project volgt de drie fasen van de toolkit. De projectleider is in alle fasen aan zet.")
    s.table(["Fase", "Periode", "Weken", "Wat er gebeurt"],
            ["for p in phases",
             ["{{ p.number }}. {{ p.label }}", "{{ p.start|datum }} tot en met {{ p.last_day|datum }}",
              "{{ p.weeks }} (meestal {{ p.weeks_min }} tot {{ p.weeks_max }})", "{{ p.description }}"],
             "endfor"], [3.5, 5, 3, 5.5])

    s.h("Taken")
    s.bullets(
        "Het projectplan schrijven en bijhouden, samen met het projectteam.",
        "Zorgen voor de besluiten die nodig zijn: geld, tijd van medewerkers en steun van de directie.",
        "Het projectteam samenstellen en leiden, met mensen uit beleid, juridische zaken, uitvoering en kwaliteit.",
        "De sessies plannen met een procesbegeleider en een administrator, en de deelnemers uitnodigen: "
        "inwoners, professionals en ketenpartners.",
        "De uitkomsten van de sessies bundelen in thema's en daarmee een implementatieplan maken.",
        "Zorgen dat blijvende taken na het project een vaste plek krijgen, en dat keuzes en besluiten terug "
        "te vinden zijn.",
        "De opdrachtgever op de hoogte houden van de voortgang, de risico's en het geld.")
    s.p("Het project gaat over deze mijlpalen van de routekaart:")
    s.tag("for m in mijlpalen")
    s.p("{{ m.label }}: {{ m.description }}", style="List Bullet")
    s.tag("endfor")

    s.h("Competenties")
    s.bullets(
        "Verbindend: brengt beleid, uitvoering, ketenpartners en inwoners met elkaar aan tafel.",
        "Resultaatgericht: maakt afspraken concreet en volgt ze op.",
        "Omgevingsbewust: kent de weg in de organisatie en weet wie waarover beslist.",
        "Communicatief: schrijft en spreekt helder, ook in eenvoudige taal voor inwoners.",
        "Inlevend: begrijpt wat geldzorgen met mensen doen en neemt de inwoner als uitgangspunt.",
        "Organisatorisch sterk: plant, bewaakt tijd en geld en houdt het overzicht.")
    s.p("Ervaring met projectmatig werken is nodig. Kennis van schuldhulpverlening en het sociaal domein is "
        "een pré.")

    s.h("Uren en budget")
    s.fields([("Besloten capaciteit", "{{ decided_hours|uren }}{% if decided_hours is not none %} uur voor het "
               "hele project{% endif %}"),
              ("Gemiddeld per week", "{{ hours_per_week|uren }}{% if hours_per_week is not none %} uur, over "
               "{{ total_weeks }} weken{% endif %}"),
              ("Besloten budget", "{{ decided_budget|euro }}")])
    s.p("De besloten capaciteit is voor het hele project: de projectleider, het projectteam en de deelnemers "
        "aan de sessies. Spreek met de opdrachtgever af hoeveel uur per week de projectleider zelf krijgt. "
        "De meeste tijd gaat zitten in de Voorbereiding en de Uitvoering, als de sessies worden gepland en "
        "gehouden.")

    s.h("Projectteam")
    _team_table(s)
    return s


def projectplan() -> Sheet:
    s = Sheet("Projectplan")
    s.header_footer("Gemeente {{ gemeente }}", "Projectplan · {{ project_name }}")
    s.title("Projectplan", "{{ project_name }}")
    s.p("Gemeente {{ gemeente }} · versie van {{ today|datum }}")
    s.fields([("Opdrachtgever", "{{ opdrachtgever|ingevuld }}"), ("Opdrachtnemer", "{{ opdrachtnemer|ingevuld }}"),
              ("Projectleider", "{{ projectleider|ingevuld }}")])

    s.h("1. Aanleiding")
    s.p("De gemeente {{ gemeente }} gaat aan de slag met de routekaart Financiële Zorgen van de VNG. De routekaart "
        "beschrijft in mijlpalen wat een inwoner met geldzorgen nodig heeft: van het moment dat hij hulp zoekt "
        "tot hij weer financieel fit is. Met dit project maken we die route in onze eigen organisatie waar.")
    s.p("Waarom we dit project nu doen:")
    s.tag("for r in reasons")
    s.p("{{ r }}", style="List Bullet")
    s.tag("else")
    s.p("nog in te vullen", style="List Bullet")
    s.tag("endfor")
    s.p("{{ reason_note|ingevuld }}", label="Toelichting:")

    s.h("2. Centrale vraag en reikwijdte")
    s.p("{{ central_question|ingevuld }}", label="Centrale vraag:")
    s.fields([("Reikwijdte", "{{ scope_label }}: {{ scope_description }}"), ("Mijlpalen", JOIN_MIJLPALEN),
              ("Rol", '{{ rol or "alle rollen" }}'), ("Spoor", '{{ spoor or "alle sporen" }}')])
    s.p("{{ plan.scope|ingevuld }}", label="Wat wel en niet bij het project hoort:")

    s.h("3. Doel en resultaat")
    s.p("{{ plan.aim|ingevuld }}", label="Doel:")
    s.p("{{ plan.result|ingevuld }}", label="Resultaat:")

    s.h("4. Aanpak")
    s.p("{{ plan.approach|ingevuld }}")
    s.p("Het project volgt de drie fasen van de toolkit bij de routekaart.")
    s.tag("for p in phases")
    s.h("Fase {{ p.number }}: {{ p.label }}", level=2)
    s.p("{{ p.description }}")
    s.tag("for step in p.steps")
    s.p("Stap {{ step.number }}, {{ step.label }}: {{ step.status }}{% if step.owner %} ({{ step.owner }})"
        "{% endif %}", style="List Bullet")
    s.tag("endfor")
    s.tag("endfor")
    s.tag("if sessions")
    s.p("In de Uitvoering houden we {{ sessions|length }} sessies; zie het document Aanpak en planning.")
    s.tag("endif")

    s.h("5. Organisatie")
    s.p("{{ plan.organisation|ingevuld }}")
    s.h("Projectteam", level=2)
    _team_table(s)

    s.h("6. Planning")
    _phase_table(s)
    s.p("{{ plan.planning|ingevuld }}")

    s.h("7. Geld en capaciteit")
    s.fields([("Besloten budget", "{{ decided_budget|euro }}"),
              ("Besloten capaciteit", "{{ decided_hours|uren }}{% if decided_hours is not none %} uur{% endif %}")])
    s.h("Besluiten", level=2)
    s.table(["Datum", "Besluit", "Genomen door", "Budget", "Uren", "Toelichting"],
            ["for d in decisions",
             ["{{ d.decided_on|datum }}", "{{ d.title }}", "{{ d.decided_by|ingevuld }}", "{{ d.budget|euro }}",
              "{{ d.capacity_hours|uren }}", "{{ d.rationale }}"],
             "endfor"], [2.8, 3.5, 3, 2.6, 1.6, 3.5])
    s.tag("if not decisions")
    s.p("Er zijn nog geen besluiten vastgelegd (nog in te vullen).")
    s.tag("endif")

    s.h("8. Risico's")
    s.p("{{ plan.risks|ingevuld }}")
    return s


def aanpak_planning() -> Sheet:
    s = Sheet("Aanpak en planning", landscape=True)
    s.header_footer("Gemeente {{ gemeente }}", "Aanpak en planning · {{ project_name }}")
    s.title("Aanpak en planning", "{{ project_name }}")
    s.p("Gemeente {{ gemeente }} · {{ today|datum }} · projectleider: {{ projectleider|ingevuld }}")

    s.h("Aanpak")
    s.p("{{ central_question|ingevuld }}", label="Centrale vraag:")
    s.p(JOIN_MIJLPALEN, label="Mijlpalen:")
    s.tag("if uitvoering")
    s.p("De fase Uitvoering loopt van {{ uitvoering.start|datum }} tot en met {{ uitvoering.last_day|datum }} "
        "({{ uitvoering.weeks }} weken).")
    s.tag("endif")
    s.p("We beginnen met een kick-off. Daarna volgen sessies met inwoners en met professionals over de "
        "mijlpalen van het project, een sessie over de bedrijfsvoering en tot slot een resultatensessie. We praten "
        "het liefst met inwoners zelf; lukt dat niet, dan met professionals die veel contact met inwoners hebben.")
    s.bullets(
        "Een sessie duurt hoogstens tweeënhalf uur.",
        "Tussen twee sessies zit één tot twee weken, zodat de uitkomsten kunnen worden uitgewerkt.",
        "Elke sessie heeft twee begeleiders: een procesbegeleider die het gesprek leidt en een administrator die "
        "de uitkomsten opschrijft.",
        "Optie A: we bespreken de samenvatting van een mijlpaal en noteren wat de gemeente nodig heeft om hem te "
        "halen.",
        "Optie B: we maken samen een nieuwe inwonersreis en een Service Blueprint voor onze eigen organisatie.",
        "Aan het eind van elke sessie spreken we af wie de uitkomsten uitwerkt en wie ze controleert.")

    s.h("Sessies")
    s.table(["Sessie", "Mijlpalen", "Optie", "Datum", "Tijd", "Duur", "Plaats", "Procesbegeleider",
             "Administrator"],
            ["for s in sessions",
             [["{{ s.title }}", "{{ s.type_label }}"], '{{ s.mijlpalen|join(", ") or "—" }}',
              '{% if s.option_key %}{{ s.option_key|upper }}{% else %}—{% endif %}',
              "{{ s.on_date|weekdag }} {{ s.on_date|datum }}", "{{ s.start_time|tijd }}–{{ s.end_time|tijd }}",
              "{{ s.duration_minutes|duur }}",
              '{% if s.is_online %}online{% if s.online_url %}: {{ s.online_url }}{% endif %}'
              '{% else %}{{ s.location|ingevuld }}{% endif %}',
              "{{ s.procesbegeleider|ingevuld }}", "{{ s.administrator|ingevuld }}"],
             "endfor"], [4.2, 3, 1.3, 3, 2.2, 2.2, 3.5, 2.8, 2.8])
    s.tag("if not sessions")
    s.p("Er zijn nog geen sessies gepland (nog in te vullen).")
    s.tag("endif")

    s.h("Per sessie")
    s.tag("for s in sessions")
    s.h("{{ s.title }}", level=2)
    s.p("{{ s.on_date|weekdag }} {{ s.on_date|datum }}, {{ s.start_time|tijd }}–{{ s.end_time|tijd }} uur · "
        "{{ s.status }}")
    s.tag("if s.option_label")
    s.p("{{ s.option_label }}", label="Werkvorm:")
    s.tag("endif")
    s.p("{{ s.participants_total }}{% for label, count in s.participant_groups %}{% if loop.first %} ({% endif %}"
        "{{ label }}: {{ count }}{% if loop.last %}){% else %}, {% endif %}{% endfor %}", label="Deelnemers:")
    s.p(label="Agenda:")
    s.p("{{ s.agenda|ingevuld }}")
    s.tag("endfor")

    s.h("Tijdlijn")
    _phase_table(s)
    return s


def uitnodiging_inwoners() -> Sheet:
    s = Sheet("Uitnodiging voor inwoners")
    s.header_footer("Gemeente {{ gemeente }}", "Gemeente {{ gemeente }}")
    s.p("{{ today|datum }}")
    s.h("Uitnodiging: praat mee over hulp bij geldzorgen")
    s.p("Beste inwoner,")
    s.p("Heeft u geldzorgen gehad? Of heeft u die nu? Dan weet u als geen ander wat helpt en wat niet. "
        "De gemeente {{ gemeente }} wil de hulp bij geldzorgen beter maken. Daarom willen we graag met u praten.")

    s.h("Wanneer en waar?", level=2)
    s.tag("if session")
    s.p("{{ session.on_date|weekdag }} {{ session.on_date|datum }}", label="Datum:")
    s.p("van {{ session.start_time|tijd }} tot {{ session.end_time|tijd }} uur", label="Tijd:")
    s.p(PLACE, label="Plaats:")
    s.tag("if session.mijlpalen")
    s.p('{{ session.mijlpalen|join(", ") }}', label="We praten over:")
    s.tag("endif")
    s.tag("else")
    s.p("nog in te vullen", label="Datum, tijd en plaats:")
    s.tag("endif")

    s.h("Wat gaan we doen?", level=2)
    s.bullets(
        "We praten in een kleine groep.",
        "Er zijn twee mensen van de gemeente bij. De een leidt het gesprek. De ander schrijft op wat u vertelt.",
        "We vragen wat u heeft meegemaakt. Hoe kwam u aan hulp? Wat ging goed? Wat kan beter?",
        "U vertelt alleen wat u zelf wilt. Er zijn geen foute antwoorden.",
        "Wat u vertelt, gebruiken we om de hulp beter te maken. Uw naam schrijven we er niet bij.")

    s.h("Neem gerust iemand mee", level=2)
    s.p("Heeft u een begeleider? Bijvoorbeeld iemand van de schuldhulp, een maatje of een vrijwilliger? "
        "Die is ook welkom. Samen komen is vaak fijner.")

    s.h("Met of zonder naam", level=2)
    s.p("U mag komen met uw naam. U mag ook komen zonder uw naam te zeggen. Dat kiest u zelf.")

    s.h("Koffie en thee", level=2)
    s.p("Er is koffie, thee en iets lekkers. Meedoen kost u niets.")

    s.h("Kunt u toch niet komen?", level=2)
    s.p("Dat is niet erg. Laat het ons wel even weten. Bel of mail dan met {{ projectleider|ingevuld }}. "
        "Het telefoonnummer en het e-mailadres staan hieronder.")
    s.p("We hopen u te zien!")
    s.p("Met vriendelijke groet,")
    s.p("{{ projectleider|ingevuld }}")
    s.p("Gemeente {{ gemeente }}")
    s.p("Telefoon: ..................................   E-mail: ..................................")
    return s


def uitnodiging_collegas() -> Sheet:
    s = Sheet("Uitnodiging voor collega's en ketenpartners")
    s.header_footer("Gemeente {{ gemeente }}", "Uitnodiging · {{ project_name }}")
    s.p("{{ today|datum }}")
    s.h("Uitnodiging: {% if session %}{{ session.title }}{% else %}sessie routekaart Financiële Zorgen{% endif %}")
    s.p("Beste collega, beste ketenpartner,")
    s.p("De gemeente {{ gemeente }} werkt aan het project {{ project_name }}. We volgen daarbij de routekaart "
        "Financiële Zorgen van de VNG: wat heeft een inwoner met geldzorgen nodig, en hoe zorgen we samen dat "
        "hij dat krijgt?")
    s.p("{{ central_question|ingevuld }}", label="Centrale vraag:")
    s.p("Uw kennis uit de praktijk is daarbij onmisbaar. Daarom nodigen we u uit voor deze sessie.")

    s.tag("if session")
    s.fields([("Sessie", "{{ session.type_label }}"),
              ("Mijlpalen", '{{ session.mijlpalen|join(", ") or "—" }}'),
              ("Werkvorm", '{{ session.option_label or "—" }}'),
              ("Datum", "{{ session.on_date|weekdag }} {{ session.on_date|datum }}"),
              ("Tijd", "{{ session.start_time|tijd }}–{{ session.end_time|tijd }} uur "
                       "({{ session.duration_minutes|duur }})"),
              ("Plaats", PLACE),
              ("Procesbegeleider", "{{ session.procesbegeleider|ingevuld }}"),
              ("Administrator", "{{ session.administrator|ingevuld }}")])
    s.h("Agenda", level=2)
    s.p("{{ session.agenda|ingevuld }}")
    s.tag("else")
    s.p("nog in te vullen", label="Datum, tijd, plaats en agenda:")
    s.tag("endif")

    s.h("Wat vragen we van u?", level=2)
    s.bullets(
        "Neem uw ervaring uit de praktijk mee: wat gaat goed voor inwoners met geldzorgen, en waar loopt het vast?",
        "Denk mee over wat de gemeente en haar partners nodig hebben om de mijlpalen te halen.",
        "Aan het eind spreken we af wie de uitkomsten uitwerkt en wie ze controleert.")
    s.h("Over de werkvorm", level=2)
    s.p("Bij optie A bespreken we de samenvatting van een mijlpaal en noteren we wat de gemeente nodig heeft. "
        "Bij optie B maken we samen een nieuwe inwonersreis en een Service Blueprint voor onze eigen organisatie. "
        "Een procesbegeleider leidt de sessie; een administrator schrijft de uitkomsten op.")
    s.h("Afmelden", level=2)
    s.p("Kunt u niet? Meld u dan af bij {{ projectleider|ingevuld }}. Een collega in uw plaats is ook welkom.")
    s.p("Met vriendelijke groet,")
    s.p("{{ projectleider|ingevuld }}, projectleider")
    s.p("Gemeente {{ gemeente }}")
    return s


def implementatieplan() -> Sheet:
    s = Sheet("Implementatieplan")
    s.header_footer("Gemeente {{ gemeente }}", "Implementatieplan · {{ project_name }}")
    s.title("Implementatieplan", "{{ project_name }}")
    s.p("Gemeente {{ gemeente }} · {{ today|datum }}")
    s.fields([("Opdrachtgever", "{{ opdrachtgever|ingevuld }}"), ("Projectleider", "{{ projectleider|ingevuld }}")])

    s.h("1. Inleiding")
    s.p("Dit plan beschrijft de acties die volgen uit de sessies van het project. Per thema staat wat we gaan "
        "doen, wie dat doet, wanneer het klaar is en wat het kost. Acties die nu kunnen, zijn quick wins; andere "
        "acties volgen later. Voor acties die geld kosten, is een besluit nodig.")
    s.p("{{ central_question|ingevuld }}", label="Centrale vraag:")
    s.p(JOIN_MIJLPALEN, label="Mijlpalen:")

    s.h("2. Samenvatting")
    s.fields([("Acties", "{{ actions|length }}"), ("Quick wins (nu)", "{{ quick_wins|length }}"),
              ("Later", "{{ later|length }}"), ("Kosten van de acties", "{{ actions_budget|euro }}"),
              ("Besloten budget", "{{ decided_budget|euro }}"),
              ("Verschil", "{{ budget_difference|euro }}")])
    s.tag("if not actions")
    s.p("Er zijn nog geen acties vastgelegd (nog in te vullen).")
    s.tag("endif")

    s.h("3. Acties per thema")
    s.tag("for theme in themes")
    s.h("{{ theme.name }}", level=2)
    s.tag("if theme.description")
    s.p("{{ theme.description }}")
    s.tag("endif")
    s.p("{{ theme.budget|euro }} · quick wins: {{ theme.quick_wins }} · later: {{ theme.later }}",
        label="Kosten:")
    s.table(["Actie", "Eigenaar", "Deadline", "Budget", "Wanneer", "Besluit"],
            ["for a in theme.actions",
             [["{{ a.title }}", "{{ a.description }}"], "{{ a.owner|ingevuld }}", "{{ a.deadline|datum }}",
              "{{ a.budget|euro }}", "{{ a.timing }}",
              "{% if a.needs_decision %}{{ a.decision|ingevuld }}{% else %}niet nodig{% endif %}"],
             "endfor"], [5, 2.6, 2.6, 2.4, 2.2, 2.2])
    s.tag("endfor")

    s.h("4. Besluiten die nodig zijn")
    s.tag("for a in decisions_needed")
    s.p("{{ a.title }}: {{ a.budget|euro }}, besluit: {{ a.decision|ingevuld }}", style="List Bullet")
    s.tag("else")
    s.p("Voor geen van de acties is (nog) een besluit nodig.")
    s.tag("endfor")

    s.h("5. Begroting")
    s.table(["Thema", "Quick wins", "Later", "Kosten"],
            ["for theme in themes",
             ["{{ theme.name }}", "{{ theme.quick_wins }}", "{{ theme.later }}", "{{ theme.budget|euro }}"],
             "endfor",
             ["Totaal", "{{ quick_wins|length }}", "{{ later|length }}", "{{ actions_budget|euro }}"]],
            [7, 3, 3, 4])
    s.p("{{ decided_budget|euro }}. Verschil: {{ budget_difference|euro }} (een min betekent dat de acties meer "
        "kosten dan er besloten is).", label="Besloten budget:")

    s.h("6. Tijdpad")
    s.tag("for month in timeline")
    s.h("{{ month.label }}", level=3)
    s.tag("for a in month.actions")
    s.p("{{ a.title }}: {{ a.owner|ingevuld }}{% if a.deadline %}, uiterlijk {{ a.deadline|datum }}{% endif %}",
        style="List Bullet")
    s.tag("endfor")
    s.tag("endfor")

    s.h("7. Na het project")
    s.p("Wat blijvend aandacht nodig heeft, krijgt een vaste plek in de organisatie. Dat staat in de "
        "opdrachtomschrijvingen van de fase Borging.")
    return s


def opdrachtomschrijving() -> Sheet:
    s = Sheet("Opdrachtomschrijving")
    s.header_footer("Gemeente {{ gemeente }}", "Opdrachtomschrijving · {{ project_name }}")
    s.title("Opdrachtomschrijving", "{{ project_name }}")
    s.p("Gemeente {{ gemeente }} · {{ today|datum }}")

    s.h("Achtergrond")
    s.p("Met het project {{ project_name }} verbetert de gemeente {{ gemeente }} de hulp aan inwoners met "
        "geldzorgen, volgens de routekaart Financiële Zorgen van de VNG. Om de verbeteringen te laten blijven "
        "werken, krijgen de taken hieronder een vaste plek in de organisatie.")
    s.p("{{ central_question|ingevuld }}", label="Centrale vraag:")
    s.p("{{ hours_per_year|uren }} uur per jaar", label="Totaal:")
    s.tag("if not tasks")
    s.p("Er zijn nog geen reguliere taken benoemd (nog in te vullen).")
    s.tag("endif")

    s.tag("for t in tasks")
    s.h("Opdracht: {{ t.title }}")
    s.fields([("Taak", "{{ t.title }}"), ("Soort", "{{ t.kind|ingevuld }}"),
              ("Omschrijving", "{{ t.description|ingevuld }}"), ("Eigenaar", "{{ t.owner|ingevuld }}"),
              ("Afdeling", "{{ t.department|ingevuld }}"),
              ("Uren", "{{ t.hours|uren }}{% if t.hours is not none %} uur{% endif %}"),
              ("Frequentie", "{{ t.frequency|ingevuld }}"),
              ("Uren per jaar", "{{ t.hours_per_year|uren }}"),
              ("Basis (besluit)", "{{ t.decision|ingevuld }}"),
              ("Directiebesluit nodig", "{{ t.needs_directiebesluit|ja_nee }}"),
              ("Start", "{{ t.starts_on|datum }}")])
    s.h("Wat we vragen", level=2)
    s.p("De eigenaar voert deze taak uit vanaf de startdatum, binnen de uren hierboven. Hij of zij meldt "
        "het op tijd aan {{ opdrachtgever|ingevuld }} als de taak niet lukt binnen die uren, of als er iets "
        "verandert waardoor de taak anders moet.")
    s.h("Akkoord", level=2)
    s.fields([("Opdrachtgever", "{{ opdrachtgever|ingevuld }}"), ("Opdrachtnemer", "{{ t.owner|ingevuld }}"),
              ("Datum en handtekening", "")])
    s.tag("endfor")
    return s


TEMPLATES = {
    "profiel_projectleider": profiel_projectleider,
    "projectplan": projectplan,
    "aanpak_planning": aanpak_planning,
    "uitnodiging_inwoners": uitnodiging_inwoners,
    "uitnodiging_collegas": uitnodiging_collegas,
    "implementatieplan": implementatieplan,
    "opdrachtomschrijving": opdrachtomschrijving,
}


def build(key: str) -> bytes:
    return TEMPLATES[key]().bytes()


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    for key in TEMPLATES:
        path = folder / f"{key}.docx"
        path.write_bytes(build(key))
        print(f"{path} geschreven")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
