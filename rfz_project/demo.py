"""Demo data: the eight gemeenten the toolkit names, each with a project at its own point on the route.

Every date is counted from the day the demo is loaded, so a fresh demo always shows what a real one would:
a project still in Voorbereiding, some in Uitvoering (one clearly behind schedule), one in Borging and one
nearly finished; sessions held and sessions to come; actions that are late and actions on time. Dates are
counted from the Monday of that week, so sessions fall on weekdays and what is past or to come does not depend
on the day of the week.

Idempotent: records are found by natural key (gemeente name, e-mail, project name) before creating, and a
project that exists is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa

from .checklist.services import ACTION_TITLE_MAX
from .extensions import db
from .formatting import datum
from .initiatives.demo import add_demo_initiatives
from .models import (
    Action,
    ActionStatus,
    ActionTiming,
    Agreement,
    AgreementKind,
    BlueprintColumn,
    ChecklistAnswer,
    ChecklistStatus,
    CustomChecklistItem,
    Decision,
    Finding,
    Gemeente,
    InvitationStatus,
    Membership,
    MembershipRole,
    Participant,
    ParticipantGroup,
    ProcesbegeleiderAssignment,
    Project,
    ProjectMijlpaal,
    ProjectPlan,
    ProjectRisk,
    RegularTask,
    RiskLevel,
    Sessie,
    SessieMijlpaal,
    SessieMode,
    SessieStatus,
    StepState,
    StepStatus,
    TaskFrequency,
    TaskKind,
    TeamMember,
    TeamRole,
    Theme,
    User,
)
from .oversight.demo import add_demo_notes
from .projects import planning
from .projects.plan import PLAN_FIELDS
from .routekaart import Routekaart, SessionType, current_routekaart
from .support.demo import add_demo_requests

_Row = TypeVar("_Row")

DEMO_PASSWORD = "rfz-demo-wachtwoord"
DECISION_ABOVE = 10000  # an action that costs more needs a decision of the directie

# The steps whose decisions the demo records (a decision belongs to a step of the routekaart).
START_STEP = "voorbereiding.besluitvorming"
PLAN_STEP = "uitvoering.implementatieplan"
TASKS_STEP = "borging.opdrachten"
# A project whose Archivering is finished has written down where and how the team keeps its records.
RECORDS_STEP = "borging.archivering"
RECORD_KEEPING = (
    "Besluiten, keuzes en stukken bewaren we in het zaaksysteem, in de map van het project. Bij elk besluit "
    "schrijven we op waarom. De projectleider zet alles er binnen een week na een overleg in; na het project "
    "beheert de teamleider de map."
)
# The risks table of a projectplan that is written in full: risico, kans, impact, maatregel.
DEMO_RISKS = (
    (
        "Medewerkers hebben te weinig tijd voor de sessies",
        RiskLevel.MIDDEL,
        RiskLevel.HOOG,
        "De directie maakt uren vrij; we plannen de sessies ruim vooruit.",
    ),
    (
        "Inwoners haken af of komen niet naar de sessies",
        RiskLevel.MIDDEL,
        RiskLevel.MIDDEL,
        "We nodigen inwoners uit via hun eigen begeleider en houden de sessies op een bekende plek in de wijk.",
    ),
    (
        "Acties blijven liggen als het project klaar is",
        RiskLevel.LAAG,
        RiskLevel.HOOG,
        "In de Borging krijgt elke blijvende taak een vaste eigenaar en een afdeling.",
    ),
)

# --- the content: what the sessions of a demo project bring up -------------------------------------


@dataclass(frozen=True)
class DemoAction:
    title: str
    owner: str  # a key of PEOPLE: that person owns the action
    budget: int  # whole euros; 0: no budget needed
    timing: ActionTiming
    weeks: int  # the deadline: this many weeks after the sessie the finding came from
    late: bool = False  # still under way after its deadline
    # Costly, and not in the decision after the resultatensessie: it still waits for its own (a plan always has one)
    waits: bool = False


@dataclass(frozen=True)
class DemoFinding:
    theme: str  # a key of THEMES
    rol: str | None  # the routekaart's rol that picks it up
    text: str  # as professionals put it; also the description of its action
    action: DemoAction | None = None
    # As an inwoner said it: what a sessie with inwoners writes down, and its deck shows them as "wat u vertelde"
    inwoner: str = ""


THEMES = {
    "bereik": ("Inwoners eerder bereiken", "Hoe inwoners met geldzorgen ons vinden, en hoe wij hen vinden."),
    "drempels": ("Aanmelden zonder drempels", "Minder papieren, minder wachten en één plek om je te melden."),
    "samenwerking": (
        "Samenwerken met partners",
        "Afspraken met woningcorporaties, energiebedrijven, zorg en vrijwilligers.",
    ),
    "begeleiding": ("Begeleiding op maat", "Hulp die past bij de inwoner, tijdens en na het traject."),
    "organisatie": (
        "Systemen en werkafspraken",
        "Wat de eigen organisatie nodig heeft: gegevens, systemen, regels en tijd.",
    ),
}
QUICK, LATER = ActionTiming.QUICK_WIN, ActionTiming.LATER

# Per mijlpaal (by its routekaart key) what a sessie about it found; a mijlpaal without an entry finds nothing.
MIJLPAAL_FINDINGS: dict[str, tuple[DemoFinding, ...]] = {
    "op_zoek": (
        DemoFinding(
            "bereik",
            "communicatie",
            "Inwoners weten niet dat ze met geldzorgen bij de gemeente terecht kunnen.",
            DemoAction(
                "Campagne 'Geldzorgen? Praat erover' met huisartsen en scholen", "communicatie", 12000, LATER, 16
            ),
            inwoner="Ik wist niet dat ik met geldzorgen bij de gemeente terecht kon.",
        ),
        DemoFinding(
            "bereik",
            "communicatie",
            "Op de website staat de hulp bij geldzorgen vier klikken diep, in moeilijke taal.",
            DemoAction(
                "Eén duidelijke pagina 'Hulp bij geldzorgen' op de website, in B1", "communicatie", 0, QUICK, 4, True
            ),
            inwoner="Op de website kon ik de hulp niet vinden, en de teksten waren moeilijk.",
        ),
    ),
    "in_beeld": (
        DemoFinding(
            "samenwerking",
            "beleid_juridisch",
            "Signalen van de woningcorporatie komen pas na maanden bij ons binnen.",
            DemoAction("Afspraken met de woningcorporatie over vroege signalen", "opdrachtnemer", 2500, QUICK, 6),
            inwoner="Ik liep al maanden achter met de huur voordat iemand van de gemeente iets van zich liet horen.",
        ),
        DemoFinding(
            "bereik",
            "professional",
            "Na een signaal sturen we alleen een brief, en veel inwoners reageren daar niet op.",
            DemoAction("Na een signaal binnen vijf werkdagen bellen of langsgaan", "opdrachtnemer", 8000, LATER, 14),
            inwoner="Ik kreeg een brief van de gemeente, maar durfde die niet open te maken. "
            "Een telefoontje had beter geholpen.",
        ),
    ),
    "in_contact": (
        DemoFinding(
            "drempels",
            "professional",
            "Het aanmeldformulier vraagt te veel papieren voordat er een gesprek is.",
            DemoAction("Aanmelden zonder papierwerk: eerst een gesprek", "kwaliteit", 0, QUICK, 3),
            inwoner="Voor het eerste gesprek moest ik al een stapel papieren verzamelen. Dat hield me lang tegen.",
        ),
        DemoFinding(
            "drempels",
            "professional",
            "Inwoners wachten soms drie weken op een eerste gesprek.",
            DemoAction("Inloopspreekuur twee keer per week in de wijk", "opdrachtnemer", 6500, QUICK, 8, True),
            inwoner="Na mijn aanmelding duurde het drie weken voordat ik iemand sprak.",
        ),
    ),
    "in_gesprek": (
        DemoFinding(
            "samenwerking",
            "informatie_data",
            "Inwoners moeten hun verhaal bij elke organisatie opnieuw vertellen.",
            DemoAction("Eén gedeeld dossier (met toestemming) voor alle hulpverleners", "juridisch", 45000, LATER, 26),
            inwoner="Ik moest mijn verhaal bij elke hulpverlener opnieuw vertellen.",
        ),
        DemoFinding(
            "begeleiding",
            "professional",
            "Professionals durven niet af te wijken van het standaardaanbod, ook als dat beter past.",
            inwoner="Ik kreeg wat iedereen krijgt, terwijl ik iets anders nodig had.",
        ),
    ),
    "rust_en_overzicht": (
        DemoFinding(
            "begeleiding",
            "professional",
            "Na de aanmelding horen inwoners soms weken niets, en dat geeft onrust.",
            DemoAction("Binnen een week een vaste contactpersoon voor elke inwoner", "opdrachtnemer", 0, QUICK, 4),
            inwoner="Na de aanmelding hoorde ik weken niets. Dat gaf veel onrust.",
        ),
        DemoFinding(
            "drempels",
            "beleid_juridisch",
            "Collega's weten niet goed wanneer een schuldenpauze kan, dus die wordt weinig gebruikt.",
            DemoAction("Werkinstructie en korte training over de schuldenpauze", "juridisch", 1500, QUICK, 6),
            inwoner="Niemand vertelde me dat de schuldeisers even konden worden stilgezet. "
            "De aanmaningen bleven maar komen.",
        ),
    ),
    "plaatje_compleet": (
        DemoFinding(
            "organisatie",
            "informatie_data",
            "Het duurt lang voordat alle schulden bekend zijn, omdat schuldeisers traag reageren.",
            DemoAction("Aansluiten op het schuldenknooppunt voor snellere opgaven", "kwaliteit", 18000, LATER, 20),
            inwoner="Het duurde maanden voordat al mijn schulden op een rij stonden. "
            "Zo lang wist ik niet waar ik aan toe was.",
        ),
        DemoFinding(
            "begeleiding",
            "professional",
            "Inwoners missen een plan voor de tijd na de regeling.",
            DemoAction("Een perspectiefgesprek als vast onderdeel van het plan van aanpak", "kwaliteit", 0, LATER, 12),
            inwoner="Ik weet niet wat er gebeurt als de regeling klaar is. Daar wil ik samen een plan voor maken.",
        ),
    ),
    "trots_en_fit": (
        DemoFinding(
            "begeleiding",
            "professional",
            "Inwoners willen laten zien wat ze bereikt hebben, maar het traject stopt zonder afsluiting.",
            DemoAction(
                "Een afsluitend gesprek en een bewijs van deelname aan het eind", "projectleider", 750, QUICK, 5
            ),
            inwoner="Na drie jaar was het ineens klaar, zonder afsluiting. Ik had graag laten zien wat ik bereikt heb.",
        ),
    ),
    "toekomst_tegemoet": (
        DemoFinding(
            "begeleiding",
            "professional",
            "Na het traject weten inwoners niet bij wie ze terecht kunnen als het weer misgaat.",
            DemoAction("Nazorg: na drie en na twaalf maanden bellen we de inwoner", "opdrachtnemer", 3000, LATER, 12),
            inwoner="Als het weer misgaat, weet ik niet bij wie ik terecht kan.",
        ),
        DemoFinding(
            "samenwerking",
            "beleid_juridisch",
            "Vrijwilligersorganisaties willen helpen bij de nazorg, maar kennen de weg niet.",
            inwoner="De vrijwilliger van de kerk wilde me helpen, maar wist niet waar hij moest aankloppen.",
        ),
    ),
}
# What the sessions that are not about one mijlpaal found, by the session type's purpose.
PURPOSE_FINDINGS: dict[str, tuple[DemoFinding, ...]] = {
    "kick_off": (
        DemoFinding(
            "samenwerking",
            None,
            "Ketenpartners vragen om één vast aanspreekpunt bij de gemeente voor dit project.",
            DemoAction("Eén vast aanspreekpunt voor ketenpartners", "projectleider", 0, QUICK, 2),
        ),
        DemoFinding(
            "organisatie", None, "Deelnemers willen dat inwoners zelf meepraten, niet alleen professionals over hen."
        ),
    ),
    "bedrijfsvoering": (
        DemoFinding(
            "organisatie",
            "informatie_data",
            "Het registratiesysteem kan geen signalen van partners ontvangen; die komen nu per e-mail.",
            DemoAction("Koppeling voor signalen in het registratiesysteem", "kwaliteit", 22000, LATER, 24, waits=True),
        ),
        DemoFinding(
            "organisatie",
            "beleid_juridisch",
            "Voor het delen van gegevens met partners ontbreken een verwerkersafspraak en een DPIA.",
            DemoAction("Verwerkersafspraken en DPIA voor het delen van signalen", "juridisch", 0, QUICK, 6),
        ),
    ),
}

# Steps of the inwoner's journey on the Service Blueprint of an optie B sessie, per mijlpaal:
# (title, inwoner, frontstage, backstage, support).
BLUEPRINT: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "op_zoek": (
        (
            "Zoekt informatie",
            "Zoekt 's avonds op internet naar 'hulp bij schulden'.",
            "Een duidelijke pagina met een telefoonnummer en een chat.",
            "Communicatie houdt de pagina actueel.",
            "Website en chat, teksten in B1.",
        ),
    ),
    "in_beeld": (
        (
            "Krijgt een signaal",
            "Heeft twee maanden huur niet betaald en is bang voor een brief.",
            "Een medewerker belt binnen vijf werkdagen en biedt een gesprek aan.",
            "Het signaal van de corporatie komt binnen in het registratiesysteem.",
            "Convenant vroegsignalering en verwerkersafspraak.",
        ),
    ),
    "in_contact": (
        (
            "Meldt zich aan",
            "Belt of loopt binnen, zonder papieren bij de hand.",
            "Een vriendelijk eerste gesprek, nog zonder formulieren.",
            "De medewerker maakt meteen een afspraak voor de intake.",
            "Agenda met vaste plekken voor nieuwe aanmelders.",
        ),
        (
            "Eerste afspraak",
            "Weet wie er helpt en wat er nodig is.",
            "Een bevestiging met naam, datum en een lijstje van wat mee te nemen.",
            "Het dossier staat klaar voor de schuldhulpverlener.",
            "Sjabloon voor de bevestiging in eenvoudige taal.",
        ),
    ),
    "in_gesprek": (
        (
            "Vertelt het verhaal",
            "Vertelt één keer wat er speelt, ook buiten geld.",
            "De schuldhulpverlener luistert en vraagt door naar zorg, werk en wonen.",
            "Met toestemming delen we wat nodig is met de andere hulpverleners.",
            "Gedeeld dossier en toestemmingsformulier.",
        ),
        (
            "Kiest de hulp",
            "Hoort welke hulp er is en kiest mee wat past.",
            "De schuldhulpverlener legt de mogelijkheden uit in gewone woorden.",
            "Lastige situaties bespreekt het team in een casusoverleg.",
            "Overzicht van het hulpaanbod per doelgroep.",
        ),
    ),
    "rust_en_overzicht": (
        (
            "Krijgt overzicht",
            "Weet wat er gaat gebeuren en wie de vaste contactpersoon is.",
            "Samen een plan van aanpak maken, met de eerste stappen.",
            "De beschikking gaat binnen de wettelijke termijn de deur uit.",
            "Werkinstructie schuldenpauze.",
        ),
    ),
    "plaatje_compleet": (
        (
            "Alles op een rij",
            "Ziet alle schulden, inkomsten en uitgaven op één overzicht.",
            "De schuldhulpverlener bespreekt de mogelijkheden en een doel voor later.",
            "Schuldeisers leveren hun opgave via het schuldenknooppunt.",
            "Schuldenknooppunt en budgetplan.",
        ),
    ),
    "trots_en_fit": (
        (
            "Leert omgaan met geld",
            "Oefent met het eigen budget en weet waar het geld heen gaat.",
            "Een budgetcoach geeft tips die passen bij de eigen situatie.",
            "Coach en schuldhulpverlener stemmen af wat nog nodig is.",
            "Cursus over omgaan met geld en een budgetplanner.",
        ),
        (
            "Sluit af",
            "Is trots op wat gelukt is en weet hoe het geld nu te regelen.",
            "Een afsluitend gesprek met een bewijs van deelname.",
            "Het traject wordt afgesloten en de nazorg ingepland.",
            "Formulier voor het afsluitend gesprek.",
        ),
    ),
    "toekomst_tegemoet": (
        (
            "Gaat zelf verder",
            "Weet waar hulp te vinden is als het weer moeilijk wordt.",
            "Na drie en na twaalf maanden belt de vaste contactpersoon.",
            "De nazorg staat in de agenda van het team.",
            "Afspraken met vrijwilligersorganisaties over nazorg.",
        ),
        (
            "Vraagt op tijd hulp",
            "Merkt dat het weer krap wordt en belt zelf.",
            "Een bekende medewerker neemt op en plant meteen een gesprek.",
            "Het dossier van toen staat klaar, zodat het verhaal niet opnieuw hoeft.",
            "Vast telefoonnummer voor wie eerder een traject volgde.",
        ),
    ),
}

AGENDA = {
    purpose: "\n".join(lines)
    for purpose, lines in {
        "kick_off": (
            "Welkom en kennismaking",
            "Waarom dit project, en de centrale vraag",
            "De aanpak en de planning",
            "Wat we van u vragen",
        ),
        "mijlpaal": (
            "Welkom en uitleg van de mijlpalen",
            "In groepjes: hoe gaat het nu, en wat kan beter?",
            "De belangrijkste punten samen op een rij",
            "Afspraken: wie werkt de uitkomsten uit?",
        ),
        "bedrijfsvoering": (
            "Terugblik op de eerdere sessies",
            "Per vakgebied: wat is er nodig?",
            "Wat kost het, en wie pakt het op?",
        ),
        "resultaten": (
            "Alle uitkomsten per thema",
            "Kiezen: wat doen we nu, en wat komt later?",
            "Hoe verder: het implementatieplan",
        ),
    }.items()
}
# A sessie with inwoners gets a programme in their own words: no mijlpalen, no toolkit terms.
INWONER_AGENDA = "\n".join(
    (
        "Welkom, koffie en kennismaken",
        "Uw ervaringen: wat ging goed en wat kan beter?",
        "Korte pauze",
        "Wat vindt u het belangrijkst om te veranderen?",
        "Afsluiting: wat we met uw verhaal doen",
    )
)
# What the invitations tell about getting there, by where the sessie is (an online sessie needs none of it).
INWONER_VISIT = (
    "Met bus 3 of 4 tot de halte Maasboulevard, daarna twee minuten lopen. Naast het buurthuis kunt u gratis parkeren.",
    "Het buurthuis is gelijkvloers en ook met een rolstoel goed te bereiken. Er is een aangepast toilet en een "
    "rustige ruimte als u even pauze wilt.",
    "Wij betalen uw reiskosten terug. Neem uw bus- of treinkaartje mee, of vertel ons hoeveel kilometer u "
    "heeft gereden.",
)
OFFICE_VISIT = (
    "Ingang aan het plein; meld u bij de receptie op de begane grond. Parkeren kan in de garage onder het "
    "stadskantoor.",
    "Zaal 3 is op de eerste verdieping; er is een lift. De zaal heeft een ringleiding.",
    "Reiskosten worden niet vergoed; ketenpartners declareren ze bij hun eigen organisatie.",
)
# Who is invited to a sessie, by what it is for: (group, first name, organisation, head count, e-mail). The named
# participant has an address at example.org (a domain that receives no mail), so 'Uitnodiging per e-mail
# versturen' can be tried on the demo: the mail waits in the outbox, and its 'Ik kom' link works locally.
INWONER, PROFESSIONAL = ParticipantGroup.INWONER, ParticipantGroup.PROFESSIONAL
KETENPARTNER, COLLEGA = ParticipantGroup.KETENPARTNER, ParticipantGroup.COLLEGA
PARTICIPANTS = {
    "kick_off": (
        (COLLEGA, "", "Team schuldhulpverlening", 5, ""),
        (KETENPARTNER, "", "Woningcorporatie", 1, ""),
        (KETENPARTNER, "", "Maatschappelijk werk", 2, ""),
    ),
    "met_inwoners": (
        (INWONER, "", "", 5, ""),
        (INWONER, "Fatima", "Ervaringsdeskundige", 1, "fatima@example.org"),
        (PROFESSIONAL, "", "Schuldhulpverlening", 2, ""),
    ),
    "mijlpaal": (
        (PROFESSIONAL, "", "Schuldhulpverlening", 4, ""),
        (PROFESSIONAL, "", "Maatschappelijk werk", 2, ""),
        (KETENPARTNER, "", "Kredietbank", 1, ""),
    ),
    "bedrijfsvoering": (
        (COLLEGA, "", "Informatievoorziening", 2, ""),
        (COLLEGA, "", "Financiën", 1, ""),
        (COLLEGA, "", "Juridische zaken", 1, ""),
    ),
    "resultaten": (
        (COLLEGA, "", "Projectteam", 6, ""),
        (COLLEGA, "", "Directie sociaal domein", 1, ""),
        (KETENPARTNER, "", "Woningcorporatie", 1, ""),
    ),
}


@dataclass(frozen=True)
class DemoTask:
    title: str
    kind: TaskKind
    description: str
    owner: str  # a key of PEOPLE
    department: str
    hours: Decimal
    frequency: TaskFrequency
    weeks: int  # starts this many weeks after the planned start of the Borging
    directiebesluit: bool = False
    opdrachtomschrijving: bool = False


TASKS = (
    DemoTask(
        "Signalen en aanmeldingen per maand bijhouden",
        TaskKind.MONITORING,
        "Het aantal signalen en aanmeldingen en de wachttijd tot het eerste gesprek, in één overzicht.",
        "kwaliteit",
        "Kwaliteit en informatie",
        Decimal("4"),
        TaskFrequency.MAAND,
        1,
    ),
    DemoTask(
        "Vroegsignalering vast in het team beleggen",
        TaskKind.TEAMLEIDER,
        "Bellen en langsgaan na een signaal hoort bij het vaste werk van het team, met de uren die dat kost.",
        "opdrachtnemer",
        "Schuldhulpverlening",
        Decimal("6"),
        TaskFrequency.WEEK,
        2,
        directiebesluit=True,
        opdrachtomschrijving=True,
    ),
    DemoTask(
        "Tussenrapportage aan de directie",
        TaskKind.RAPPORTAGE,
        "Wat de acties opleveren, wat nog loopt en wat er nodig is.",
        "opdrachtnemer",
        "Schuldhulpverlening",
        Decimal("8"),
        TaskFrequency.KWARTAAL,
        4,
    ),
    DemoTask(
        "Campagne 'Geldzorgen? Praat erover' twee keer per jaar herhalen",
        TaskKind.COMMUNICATIE,
        "Samen met huisartsen, scholen en de woningcorporatie, in het voorjaar en in het najaar.",
        "communicatie",
        "Communicatie",
        Decimal("20"),
        TaskFrequency.KWARTAAL,
        6,
        directiebesluit=True,
    ),
    DemoTask(
        "Beleidsregels elk jaar toetsen aan de routekaart",
        TaskKind.BELEID,
        "Kloppen de regels nog met de routekaart en met de wet? Zo niet, dan een voorstel tot wijziging.",
        "juridisch",
        "Beleid sociaal domein",
        Decimal("24"),
        TaskFrequency.JAAR,
        9,
    ),
)
# What every held sessie agrees on: (who, a key of PEOPLE; kind; what; due this many days after the sessie).
AGREEMENTS = (
    (
        "teamlid",
        AgreementKind.UITWERKEN,
        "Zet de uitkomsten in een kort verslag en stuurt dat naar alle deelnemers.",
        7,
    ),
    (
        "opdrachtgever",
        AgreementKind.MEELEZEN,
        "Vult het verslag aan waar iets mist, vóór het volgende teamoverleg.",
        14,
    ),
)
CHECKLIST_NOTES = {
    ChecklistStatus.DOEN_WE_AL: "Staat in de werkinstructie en gebeurt ook echt; gecontroleerd in het teamoverleg.",
    ChecklistStatus.NOG_NIET: "Nog niet geregeld. We bespreken eerst in het team of en hoe we dit oppakken.",
    ChecklistStatus.AAN_DE_SLAG: "Pakken we op; de actie staat op de actielijst.",
    ChecklistStatus.NVT: "Geldt niet voor onze gemeente.",
}
DONE, NOT_YET, START = ChecklistStatus.DOEN_WE_AL, ChecklistStatus.NOG_NIET, ChecklistStatus.AAN_DE_SLAG


# The demo's own accounts in each gemeente, its projectleider and teamlid, with real names: their names are
# what invitations sign with and what inwoners are told to call. The e-mail addresses say the role.
STAFF = {
    "Leeuwarden": ("Wietske Zijlstra", "Douwe Terpstra"),
    "Amsterdam": ("Noor Hassan", "Daan de Boer"),
    "Enschede": ("Marloes ter Horst", "Bart Lammers"),
    "Venlo": ("Anouk Hermans", "Bram Linders"),
    "Nijmegen": ("Lotte Gerritsen", "Stijn Peters"),
    "Kampen": ("Jannie Schut", "Arjan Bosch"),
    "Apeldoorn": ("Sandra Veenstra", "Niels Jansen"),
    "Hilversum": ("Laura van Vliet", "Sem de Jong"),
}
BEGELEIDER = "Pieter van Dijk (VNG)"  # the VNG's procesbegeleider who leads the demo's sessies

# The people of a demo project by what they are for, with their discipline (a routekaart key) and role in the
# team: the demo's projectleider and teamlid (users), then the named people of DemoProject.people.
PEOPLE = {
    "projectleider": ("beleid", TeamRole.PROJECTLEIDER),
    "teamlid": ("uitvoering", TeamRole.LID),
    "opdrachtgever": ("directie", TeamRole.OPDRACHTGEVER),
    "opdrachtnemer": ("uitvoering", TeamRole.OPDRACHTNEMER),
    "juridisch": ("juridisch", TeamRole.LID),
    "kwaliteit": ("kwaliteit", TeamRole.LID),
    "communicatie": ("communicatie", TeamRole.LID),
}


# --- the eight projects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoProject:
    """One gemeente's project, and how far it is.

    Weeks count from the project's start, a Monday `weeks_ago` weeks before the Monday of the week the demo is
    loaded; a sessie in an earlier week than that has been held, one in a later week is still to come.
    """

    gemeente: str
    name: str
    scope_type: str
    mijlpalen: tuple[str, ...] | None  # None: every mijlpaal of the routekaart
    question: str
    reasons: tuple[str, ...]
    weeks_ago: int
    done: int  # steps finished, in the routekaart's order; the next one is under way
    people: tuple[str, str, str, str, str]  # opdrachtgever, opdrachtnemer, juridisch, kwaliteit, communicatie
    spoor: str = "inwoner"
    reason_note: str = ""
    note: str = ""  # on the step under way
    decided_in_week: int | None = 2  # the go-ahead of the directie; None: not decided yet
    full_team: bool = True
    plan_sections: int = len(PLAN_FIELDS)  # the first this many sections of the projectplan are written
    # (week, weekday) of the kick-off, of each group of mijlpalen, of the bedrijfsvoering and of the resultaten
    sessions: tuple[tuple[int, int], ...] = ()
    options: str = ""  # optie a or b, per group of mijlpalen
    invited: int | None = None  # the first this many sessies have their invitations out; None: all
    bundled: bool = True  # the findings are bundled in themes and turned into actions
    checklist: tuple[ChecklistStatus | None, ...] = ()  # the answers, item after item (None: not answered)
    # (mijlpaal, text, answer): checklist items of the gemeente itself, answered
    own_items: tuple[tuple[str, str, ChecklistStatus], ...] = ()
    tasks: int = 0  # the first this many TASKS
    # Sessies with inwoners name the teamlid, a consulent the inwoners know, as the invitation's contact person
    own_contact: bool = False


DEMO_PROJECTS = (
    DemoProject(
        "Leeuwarden",
        "Jongeren eerder bereiken",
        "combinatie",
        ("op_zoek", "in_beeld", "in_contact"),
        "Hoe komen we eerder in contact met jongeren met geldzorgen, en verwijzen we ze goed door?",
        ("politieke_wens",),
        weeks_ago=24,
        done=6,
        people=("Sjoerd de Vries", "Anke Hoekstra", "Jelle Bosma", "Nynke Dijkstra", "Tjitske Visser"),
        spoor="jongere",
        reason_note="De gemeenteraad vroeg in een motie om jongeren met schulden eerder te helpen.",
        note="Loopt achter: het startbesluit kwam pas na zeven weken, en de sessie met jongeren is twee keer "
        "verzet. De laatste twee sessies staan nu gepland.",
        decided_in_week=7,
        sessions=((9, 1), (12, 3), (16, 1), (25, 1), (27, 3)),
        options="ab",
    ),
    DemoProject(
        "Amsterdam",
        "Digitale hulpmiddelen langs de hele reis",
        "hele_routekaart",
        None,
        "Welke digitale hulpmiddelen helpen inwoners met geldzorgen echt, in elke fase van hun reis?",
        ("ambitie", "nieuw_beleid"),
        weeks_ago=13,
        done=7,
        people=("Samira El Idrissi", "Bas van Dam", "Mirjam de Groot", "Kevin Mulder", "Esther Kok"),
        reason_note="Het nieuwe armoedebeleid vraagt dat we digitale hulp toetsen aan wat inwoners echt nodig hebben.",
        note="Alle bevindingen zijn gebundeld; in de resultatensessie kiezen we wat nu kan en wat later komt.",
        sessions=((6, 1), (7, 3), (8, 4), (10, 0), (11, 1), (12, 2), (15, 1)),
        options="aaba",
    ),
    DemoProject(
        "Enschede",
        "Toegang en overdrachten met partners",
        "hele_routekaart",
        None,
        "Waar gaat het mis bij de toegang en bij overdrachten tussen ons en onze partners?",
        ("knelpunten_uitvoering",),
        weeks_ago=8,
        done=6,
        people=("Harm Nijhuis", "Ilse Oude Egbrink", "Martijn Pots", "Sanne Kuipers", "Rik Wessels"),
        reason_note="Medewerkers en partners melden dat inwoners tussen twee loketten in vallen.",
        note="De eerste twee sessies zijn gehouden; de bevindingen bundelen we na de volgende sessie.",
        sessions=((6, 1), (7, 2), (9, 3), (10, 4), (12, 1), (13, 3), (15, 1)),
        options="abaa",
        bundled=False,
        own_contact=True,
    ),
    DemoProject(
        "Venlo",
        "Het ideale integrale proces",
        "hele_routekaart",
        None,
        "Hoe ziet ons ideale, integrale proces eruit voor een inwoner met financiële zorgen?",
        ("knelpunten_uitvoering", "organisatieverandering"),
        weeks_ago=19,
        done=11,
        people=("Marij Janssen", "Frank Peeters", "Loes Hendriks", "Tom Verhoeven", "Ingrid Gielen"),
        reason_note="Schuldhulp, inkomen en zorg gaan per 1 januari samen in één afdeling.",
        note="Afspraken over waar we besluiten en stukken bewaren, maken we in het volgende teamoverleg.",
        sessions=((6, 1), (7, 3), (9, 1), (10, 3), (12, 1), (13, 3), (15, 1)),
        options="abab",
        checklist=(DONE, DONE, NOT_YET),
        own_items=(
            ("op_zoek", "Huisartsen en scholen weten waar ze inwoners met geldzorgen naartoe kunnen sturen.", NOT_YET),
            ("trots_en_fit", "Inwoners kunnen na het traject meedoen aan een cursus over omgaan met geld.", NOT_YET),
        ),
        tasks=5,
    ),
    DemoProject(
        "Nijmegen",
        "Budgetbeheer inrichten",
        "combinatie",
        ("rust_en_overzicht", "plaatje_compleet", "trots_en_fit"),
        "Welke stappen zijn nodig om budgetbeheer goed in onze organisatie in te richten?",
        ("nieuw_beleid",),
        weeks_ago=21,
        done=12,
        people=("Ahmed Yilmaz", "Karin Jacobs", "Pieter Willems", "Femke Smits", "Joost Arts"),
        reason_note="Budgetbeheer gaat volgend jaar van een externe partij naar de gemeente zelf.",
        sessions=((5, 1), (6, 3), (8, 1), (10, 1), (12, 3)),
        options="ab",
        tasks=3,
    ),
    DemoProject(
        "Kampen",
        "Nieuwe vroegsignalering",
        "combinatie",
        ("op_zoek", "in_beeld"),
        "Hoe richten we vroegsignalering zo in dat we inwoners met betalingsachterstanden echt bereiken?",
        ("nieuw_beleid",),
        weeks_ago=2,
        done=1,
        people=("Gerrit van der Veen", "Hanneke Mol", "Wouter Bos", "Jolien Kamphuis", "Erik Post"),
        reason_note="Signalen van vaste-lastenpartners moeten we oppakken, en dat lukt nu niet goed genoeg.",
        note="Het voorstel voor budget en uren ligt bij de directie; het besluit volgt in het volgende overleg.",
        decided_in_week=None,
        full_team=False,
        plan_sections=2,
    ),
    DemoProject(
        "Apeldoorn",
        "Gesprekken over alle mijlpalen",
        "checklist",
        None,
        "Waar staan we bij elke mijlpaal? We lopen de checklist langs in gesprekken met onze medewerkers.",
        ("ambitie",),
        weeks_ago=4,
        done=5,
        people=("Monique Vos", "Ruud Brouwer", "Linda Schouten", "Dennis Koster", "Nadia Bouzid"),
        reason_note="We willen eerst weten waar we staan, voordat we kiezen waar we beginnen.",
        note="De uitnodigingen voor de kick-off zijn verstuurd; die voor de andere sessies volgen na de kick-off.",
        sessions=((5, 0), (6, 1), (7, 2), (8, 3), (9, 4), (11, 0)),
        options="aaa",
        invited=1,
        checklist=(DONE, START, DONE, NOT_YET, None),
        own_items=(("in_contact", "Wij bellen elke nieuwe aanmelder binnen drie werkdagen terug.", DONE),),
    ),
    DemoProject(
        "Hilversum",
        "Inwoners eerder bereiken",
        "combinatie",
        ("op_zoek", "in_beeld"),
        "Wat is er nodig om inwoners met financiële zorgen eerder te bereiken?",
        ("politieke_wens",),
        weeks_ago=3,
        done=3,
        people=("Charlotte de Wit", "Mark van Leeuwen", "Yvonne Dekker", "Thijs Prins", "Eva Bakker"),
        reason_note="De gemeenteraad wil dat meer inwoners op tijd de weg naar hulp vinden.",
        note="De planning en de risico's schrijven we deze week uit.",
        plan_sections=5,
    ),
)


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _in_words(items: list[str]) -> str:
    """'A', 'A en B', 'A, B en C': a list as a sentence says it."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Loader:
    def __init__(self):
        self.created = 0
        self._password_hash = None

    def add(self, *records) -> None:
        db.session.add_all(records)

    def flush(self) -> None:
        """Write what was added (so ids are known), counting the new rows, children by cascade included."""
        self.created += len(db.session.new)
        db.session.flush()

    def insert(self, record: _Row) -> _Row:
        """Add one record and write it, so its id is known to the rows that refer to it."""
        self.add(record)
        self.flush()
        return record

    def get_or_create(self, model, lookup: dict, **values):
        found = db.session.scalars(sa.select(model).filter_by(**lookup)).first()
        return found if found is not None else self.insert(model(**lookup, **values))

    def user(self, email: str, name: str, **flags) -> User:
        user = db.session.scalars(sa.select(User).filter_by(email=email)).first()
        if user is None:
            user = User(email=email, name=name, active=True, **flags)
            # The demo password is public and shared; hashing it once keeps `make run` quick.
            if self._password_hash is None:
                user.set_password(DEMO_PASSWORD)
                self._password_hash = user.password_hash
            user.password_hash = self._password_hash
            self.insert(user)
        return user


def load_demo(today: date | None = None) -> int:
    """Create what is missing; returns the number of records created (0 on a second run).

    `today` is the day every date is counted from (tests pin it); by default the day it runs.
    """
    today = today or date.today()
    monday = today - timedelta(days=today.weekday())
    rk = current_routekaart()
    loader = _Loader()
    loader.user("beheerder@demo.rfz", "Bea Beheerder", is_beheerder=True)
    begeleider = loader.user("procesbegeleider@demo.rfz", BEGELEIDER, is_procesbegeleider=True)
    loader.user("coordinator@demo.rfz", "Carla Coördinator (VNG)", is_coordinator=True)
    for spec in DEMO_PROJECTS:
        gemeente = loader.get_or_create(Gemeente, {"name": spec.gemeente})
        slug = _slug(spec.gemeente)
        number = DEMO_PROJECTS.index(spec)
        leider_name, lid_name = STAFF[spec.gemeente]
        leider = loader.user(
            f"projectleider.{slug}@demo.rfz",
            leider_name,
            phone=f"06 1234 56{number:02d}",
            job_title="Projectleider schuldhulpverlening",
        )
        lid = loader.user(
            f"teamlid.{slug}@demo.rfz",
            lid_name,
            phone=f"06 1234 57{number:02d}",
            job_title="Consulent schuldhulpverlening",
        )
        loader.get_or_create(
            Membership, {"user_id": leider.id, "gemeente_id": gemeente.id}, role=MembershipRole.PROJECTLEIDER
        )
        loader.get_or_create(Membership, {"user_id": lid.id, "gemeente_id": gemeente.id}, role=MembershipRole.TEAMLID)
        loader.get_or_create(ProcesbegeleiderAssignment, {"user_id": begeleider.id, "gemeente_id": gemeente.id})
        exists = db.session.scalars(sa.select(Project.id).filter_by(gemeente_id=gemeente.id, name=spec.name)).first()
        if exists is None:
            _Project(loader, rk, spec, gemeente, monday, (leider, lid, begeleider)).build()
    loader.created += add_demo_initiatives(rk, today, begeleider.id, begeleider.name)
    loader.created += add_demo_notes(today, begeleider)
    loader.created += add_demo_requests(today, begeleider.id, begeleider.name)
    db.session.commit()
    return loader.created


class _Project:
    """Builds one demo project with everything its stage of the route has produced."""

    def __init__(self, loader: _Loader, rk: Routekaart, spec: DemoProject, gemeente: Gemeente, monday: date, users):
        self.loader, self.rk, self.spec, self.gemeente, self.monday = loader, rk, spec, gemeente, monday
        self.leider, self.lid, self.begeleider = users
        self.start = monday - timedelta(weeks=spec.weeks_ago)
        self.mijlpalen = rk.mijlpaal_order(spec.mijlpalen if spec.mijlpalen is not None else rk.keys("mijlpaal"))
        self.scope = rk.get("scope_type", spec.scope_type)
        self.phases = planning.planned_phases(rk, self.scope.selection, len(self.mijlpalen), self.start)
        # The people by what they are for; action and task owners name one of these keys.
        self.people = dict(zip(PEOPLE, (self.leider.name, self.lid.name, *spec.people), strict=True))
        self.themes: dict[str, Theme] = {}
        self.actions: list[Action] = []
        self.waiting: set[int] = set()  # ids of the costly actions the plan's decision leaves for later
        self.project: Project

    def week(self, week: int, weekday: int = 0) -> date:
        return self.start + timedelta(weeks=week, days=weekday)

    def owner(self, key: str) -> str:
        return self.people[key]

    def finished_steps(self) -> set[str]:
        """The first `done` steps of the routekaart, which the demo stores as afgerond."""
        return {step.full_key for step in self.rk.steps[: self.spec.done]}

    def build(self) -> None:
        spec = self.spec
        self.project = Project(
            gemeente_id=self.gemeente.id,
            name=spec.name,
            scope_type=spec.scope_type,
            spoor=spec.spoor,
            central_question=spec.question,
            reasons=list(spec.reasons),
            reason_note=spec.reason_note,
            start_date=self.start,
            created_by_id=self.leider.id,
            record_keeping=RECORD_KEEPING if RECORDS_STEP in self.finished_steps() else "",
            mijlpaal_rows=[ProjectMijlpaal(mijlpaal=k) for k in self.mijlpalen],
        )
        self.loader.insert(self.project)
        self.add_steps()
        self.add_team()
        self.add_plan()
        self.add_start_decision()
        resultaten = self.add_sessions()
        self.add_checklist()
        if resultaten is not None and resultaten.status == SessieStatus.AFGEROND:
            self.add_plan_decision(resultaten.on_date + timedelta(weeks=1))
        self.add_tasks()
        self.loader.flush()

    # --- Voorbereiding --------------------------------------------------------------------------------

    def add_steps(self) -> None:
        """The first `done` steps finished, the next one under way, each due by the plan of its phase."""
        steps = [(plan, step) for plan in self.phases for step in plan.phase.steps]
        for index, (plan, step) in enumerate(steps[: self.spec.done + 1]):
            due = plan.start + timedelta(days=7 * plan.weeks * step.number // len(plan.phase.steps) - 1)
            under_way = index == self.spec.done
            self.loader.add(
                StepState(
                    project_id=self.project.id,
                    step_key=step.full_key,
                    status=StepStatus.BEZIG if under_way else StepStatus.AFGEROND,
                    owner_id=self.leider.id if index % 2 == 0 else self.lid.id,
                    due_date=due,
                    notes=self.spec.note if under_way else "",
                )
            )

    def add_team(self) -> None:
        """The whole team, or (while the team is still being formed) the projectleider, a teamlid and the
        opdrachtgever."""
        users = {"projectleider": self.leider.id, "teamlid": self.lid.id}
        for key, (discipline, role) in PEOPLE.items():
            if self.spec.full_team or key in ("projectleider", "teamlid", "opdrachtgever"):
                self.loader.add(
                    TeamMember(
                        project_id=self.project.id,
                        user_id=users.get(key),
                        name=self.people[key],
                        discipline=discipline,
                        team_role=role,
                    )
                )

    def add_plan(self) -> None:
        texts = self.plan_texts()
        plan = ProjectPlan(project_id=self.project.id)
        written = PLAN_FIELDS[: self.spec.plan_sections]
        for name in written:
            setattr(plan, name, texts[name])
        self.loader.add(plan)
        if "risks" in written:
            for title, likelihood, impact, measure in DEMO_RISKS:
                self.loader.add(
                    ProjectRisk(
                        project_id=self.project.id,
                        title=title,
                        likelihood=likelihood,
                        impact=impact,
                        measure=measure,
                    )
                )

    def plan_texts(self) -> dict[str, str]:
        """The projectplan as a team writes it: each section says its own thing, without repeating what the plan
        shows elsewhere (the central question, the phases' dates)."""
        return {
            "aim": f"Inwoners van {self.gemeente.name} met geldzorgen krijgen eerder de hulp die bij hen past, en "
            "vertellen hun verhaal maar één keer. Beleid, uitvoering en partners werken daarvoor vanuit dezelfde "
            "route, en blijven dat doen als het project klaar is.",
            "scope": self.scope_text(),
            "result": "Een implementatieplan met acties die we meteen oppakken (quick wins) en acties voor later, elk "
            "met een eigenaar, een deadline en een budget. En vaste afspraken over wie wat blijft doen na het project.",
            "approach": "We volgen de drie fasen van de toolkit. In de Uitvoering houden we een kick-off, sessies met "
            "inwoners en professionals over de mijlpalen, een bedrijfsvoeringsessie en een resultatensessie. Een "
            "procesbegeleider van de VNG leidt de sessies.",
            "organisation": f"Opdrachtgever is {self.owner('opdrachtgever')}, opdrachtnemer is "
            f"{self.owner('opdrachtnemer')}. {self.leider.name} leidt het project met een team uit beleid, "
            "juridische zaken, uitvoering en kwaliteit. Elke maand bespreken we de voortgang met de opdrachtgever.",
            "planning": self.planning_text(),
            "risks": "Elke maand bespreken we de risico's met de opdrachtgever. Wordt een kans of impact hoog, dan "
            "stellen we de planning of de aanpak bij.",
        }

    def scope_text(self) -> str:
        """What is in the project and what is not; the scope's name and mijlpalen are in the plan's own table."""
        others = [self.rk.get("spoor", k).label for k in self.rk.keys("spoor") if k != self.spec.spoor]
        left_out = [f"de sporen {_in_words(others)}"] if others else []
        if len(self.mijlpalen) < len(self.rk.keys("mijlpaal")):
            left_out.append("de andere mijlpalen van de routekaart")
        return (
            "Het project gaat over de hulp die de gemeente en haar partners geven aan inwoners met geldzorgen, en "
            f"over de werkwijze, systemen en afspraken die daarvoor nodig zijn. Niet in dit project: "
            f"{_in_words([*left_out, 'het beleidsplan schuldhulpverlening, dat we apart herzien'])}. Wat we "
            "daarover horen, schrijven we op als idee voor later."
        )

    def planning_text(self) -> str:
        """The moments the directie plans around; the phases' dates are in the plan's own table."""
        uitvoering = next(p for p in self.phases if p.phase.holds_sessions)
        if self.spec.sessions:
            first, last = self.week(*self.spec.sessions[0]), self.week(*self.spec.sessions[-1])
            sessions = (
                f"De kick-off is op {datum(first)}. Daarna volgt om de één à twee weken een sessie, tot de "
                f"resultatensessie op {datum(last)}."
            )
        else:
            sessions = f"De sessies plannen we in de Uitvoering, die begint op {datum(uitvoering.start)}."
        return (
            f"{sessions} In de week na de resultatensessie legt de opdrachtgever het implementatieplan en de kosten "
            "ervan voor aan de directie. Aan het eind van de Borging kijken we met de opdrachtgever terug op wat het "
            "project heeft opgeleverd."
        )

    def add_start_decision(self) -> None:
        if self.spec.decided_in_week is None:
            return
        decision = Decision(
            project_id=self.project.id,
            step_key=START_STEP,
            title="Start van het project",
            decided_on=self.week(self.spec.decided_in_week, 3),
            decided_by=f"Directie sociaal domein ({self.owner('opdrachtgever')})",
            budget=Decimal("25000.00"),
            capacity_hours=320,
            rationale="Budget en uren voor de sessies en het projectteam vrijgemaakt, omdat de routekaart ons helpt "
            "de hulp bij geldzorgen vanuit de inwoner te verbeteren.",
        )
        self.loader.add(decision)

    # --- Uitvoering -----------------------------------------------------------------------------------

    def session_plan(self) -> list[tuple[SessionType, list[str]]]:
        """The kick-off, the scope's sessies per group of mijlpalen (the others of the same purpose in turn),
        the bedrijfsvoering and the resultaten: as many as the project's sessions have dates."""
        groups = len(self.spec.sessions) - 3
        size = len(self.mijlpalen)
        preferred = self.rk.get("session_type", self.scope.session_type)
        per_mijlpaal = [preferred] + [t for t in self.rk.session_types_for("mijlpaal") if t != preferred]
        plan: list[tuple[SessionType, list[str]]] = [(self.rk.session_types_for("kick_off")[0], [])]
        plan += [
            (per_mijlpaal[i % len(per_mijlpaal)], self.mijlpalen[i * size // groups : (i + 1) * size // groups])
            for i in range(groups)
        ]
        plan += [(self.rk.session_types_for(purpose)[0], []) for purpose in ("bedrijfsvoering", "resultaten")]
        return plan

    def add_sessions(self) -> Sessie | None:
        """Every sessie of the plan; returns the resultatensessie (None for a project without sessies)."""
        if not self.spec.sessions:
            return None
        options = iter(self.spec.options)
        sessie = None
        for index, ((session_type, keys), (week, weekday)) in enumerate(
            zip(self.session_plan(), self.spec.sessions, strict=True)
        ):
            if week == self.spec.weeks_ago:
                raise ValueError(f"{self.spec.gemeente}: a demo sessie is held before this week or planned after it")
            held = week < self.spec.weeks_ago
            invited = held or self.spec.invited is None or index < self.spec.invited
            status = SessieStatus.AFGEROND if held else SessieStatus.GEPLAND if invited else SessieStatus.CONCEPT
            sessie = self.add_sessie(
                session_type, keys, next(options) if keys else None, self.week(week, weekday), status
            )
            if invited:
                self.add_participants(sessie, session_type, held)
            if held:
                self.add_results(sessie, session_type, keys)
        return sessie

    def add_sessie(
        self, session_type: SessionType, keys: list[str], option: str | None, on_date: date, status: SessieStatus
    ) -> Sessie:
        online = session_type.purpose == "bedrijfsvoering"  # specialists from across the organisation
        place = f"Buurthuis De Brug, {self.gemeente.name}" if session_type.with_inwoners else "Stadskantoor, zaal 3"
        sessie = Sessie(
            project_id=self.project.id,
            session_type=session_type.key,
            option=option,
            on_date=on_date,
            status=status,
            start_time=time(10, 0) if session_type.with_inwoners else time(13, 30),
            duration_minutes=150 if session_type.purpose == "resultaten" else 120,
            mode=SessieMode.ONLINE if online else SessieMode.FYSIEK,
            location="" if online else place,
            online_url=f"https://meet.example/{_slug(self.gemeente.name)}-bedrijfsvoering" if online else "",
            procesbegeleider=self.begeleider.name,
            administrator=self.lid.name,
            agenda=INWONER_AGENDA if session_type.with_inwoners else AGENDA[session_type.purpose],
            mijlpaal_rows=[SessieMijlpaal(mijlpaal=k) for k in keys],
            contact_user_id=self.lid.id if self.spec.own_contact and session_type.with_inwoners else None,
        )
        if not online:
            sessie.route, sessie.accessibility, sessie.travel_costs = (
                INWONER_VISIT if session_type.with_inwoners else OFFICE_VISIT
            )
        return self.loader.insert(sessie)

    def add_participants(self, sessie: Sessie, session_type: SessionType, held: bool) -> None:
        kind = session_type.purpose
        if session_type.per_mijlpaal:
            kind = "met_inwoners" if session_type.with_inwoners else "mijlpaal"
        for index, (group, name, organisation, headcount, email) in enumerate(PARTICIPANTS[kind]):
            status = InvitationStatus.AANGEMELD if index == 0 else InvitationStatus.UITGENODIGD
            self.loader.add(
                Participant(
                    sessie_id=sessie.id,
                    group=group,
                    name=name,
                    organisation=organisation,
                    email=email,
                    headcount=headcount,
                    invitation=InvitationStatus.AANWEZIG if held else status,
                )
            )

    def add_results(self, sessie: Sessie, session_type: SessionType, keys: list[str]) -> None:
        """What a held sessie yielded: findings (bundled, with their actions, when the project got that far),
        the Service Blueprint of an optie B sessie, and who works the results out."""
        found: list[tuple[str | None, DemoFinding]] = [(k, f) for k in keys for f in MIJLPAAL_FINDINGS.get(k, ())]
        found += [(None, f) for f in PURPOSE_FINDINGS.get(session_type.purpose, ())]
        for mijlpaal, finding in found:
            theme = self.theme(finding.theme) if self.spec.bundled else None
            action = self.add_action(finding, mijlpaal, theme, sessie.on_date) if theme else None
            self.loader.add(
                Finding(
                    project_id=self.project.id,
                    sessie_id=sessie.id,
                    mijlpaal=mijlpaal,
                    rol=finding.rol,
                    text=finding.inwoner if session_type.with_inwoners and finding.inwoner else finding.text,
                    theme_id=theme.id if theme else None,
                    action_id=action.id if action else None,
                )
            )
        if sessie.option == "b":
            columns = [column for key in keys for column in BLUEPRINT.get(key, ())]
            for position, (title, inwoner, frontstage, backstage, support) in enumerate(columns):
                self.loader.add(
                    BlueprintColumn(
                        sessie_id=sessie.id,
                        position=position,
                        title=title,
                        inwoner=inwoner,
                        frontstage=frontstage,
                        backstage=backstage,
                        support=support,
                    )
                )
        self.loader.add(
            *(
                Agreement(
                    sessie_id=sessie.id,
                    who=self.owner(who),
                    kind=kind,
                    description=description,
                    due_date=sessie.on_date + timedelta(days=days),
                )
                for who, kind, description, days in AGREEMENTS
            )
        )

    def theme(self, key: str) -> Theme:
        if key not in self.themes:
            name, description = THEMES[key]
            self.themes[key] = self.loader.insert(Theme(project_id=self.project.id, name=name, description=description))
        return self.themes[key]

    def add_action(self, finding: DemoFinding, mijlpaal: str | None, theme: Theme, found_on: date) -> Action | None:
        spec = finding.action
        if spec is None:
            return None
        deadline = found_on + timedelta(weeks=spec.weeks)
        if deadline >= self.monday:
            status = ActionStatus.BEZIG if spec.timing == QUICK else ActionStatus.OPEN
        else:
            status = ActionStatus.BEZIG if spec.late else ActionStatus.AFGEROND
        action = Action(
            project_id=self.project.id,
            theme_id=theme.id,
            title=spec.title,
            description=finding.text,
            mijlpaal=mijlpaal,
            rol=finding.rol,
            owner=self.owner(spec.owner),
            deadline=deadline,
            budget=Decimal(spec.budget),
            status=status,
            timing=spec.timing,
            needs_decision=spec.budget > DECISION_ABOVE,
        )
        self.actions.append(self.loader.insert(action))
        if spec.waits:
            self.waiting.add(action.id)
        return action

    def add_plan_decision(self, decided_on: date) -> None:
        """After the resultatensessie the directie decides on the actions that cost more than the start budget."""
        costly = [a for a in self.actions if a.needs_decision and a.id not in self.waiting]
        decision = Decision(
            project_id=self.project.id,
            step_key=PLAN_STEP,
            title="Budget voor de acties uit het implementatieplan",
            decided_on=decided_on,
            decided_by=f"College van B en W, op voorstel van {self.owner('opdrachtgever')}",
            budget=sum((a.budget for a in costly if a.budget is not None), Decimal("0")),
            capacity_hours=240,
            rationale="De acties voor later vragen meer dan het startbudget. Het college kiest ervoor, omdat ze "
            "inwoners eerder en beter helpen en latere, duurdere hulp voorkomen.",
        )
        self.loader.insert(decision)
        for action in costly:
            action.decision_id = decision.id

    def add_checklist(self) -> None:
        """The routekaart's items answered in the turn the project gives, then the gemeente's own items;
        'aan de slag' puts an action on the list."""
        if not self.spec.checklist:
            return
        turn = self.spec.checklist
        for index, item in enumerate(self.rk.checklist_for(self.mijlpalen)):
            self.add_answer(turn[index % len(turn)], item.text, item.mijlpaal, item.rol, item_key=item.key)
        for mijlpaal, text, answer in self.spec.own_items:
            own = self.loader.get_or_create(
                CustomChecklistItem, {"gemeente_id": self.gemeente.id, "text": text}, mijlpaal=mijlpaal
            )
            self.add_answer(answer, text, mijlpaal, "", custom_item_id=own.id)

    def add_answer(self, answer: ChecklistStatus | None, text: str, mijlpaal: str, rol: str, **item: str | int) -> None:
        if answer is None:
            return
        action = self.checklist_action(text, mijlpaal, rol) if answer == START else None
        self.loader.add(
            ChecklistAnswer(
                project_id=self.project.id,
                answer=answer,
                note=CHECKLIST_NOTES[answer],
                action_id=action.id if action else None,
                **item,
            )
        )

    def checklist_action(self, text: str, mijlpaal: str, rol: str) -> Action:
        action = Action(
            project_id=self.project.id,
            title=_shorten(text, ACTION_TITLE_MAX),
            description=f"Deze actie komt uit de checklist, bij het punt: {text}",
            mijlpaal=mijlpaal or None,
            rol=rol or None,
            owner=self.owner("kwaliteit"),
            deadline=self.monday + timedelta(weeks=6),
            budget=Decimal("0"),
            timing=QUICK,  # a gap in the basics: closing it need not wait
        )
        return self.loader.insert(action)

    # --- Borging --------------------------------------------------------------------------------------

    def add_tasks(self) -> None:
        tasks = TASKS[: self.spec.tasks]
        if not tasks:
            return
        borging = self.phases[-1].start
        extra = [t for t in tasks if t.directiebesluit]
        # One decision lays down every task; the ones that need a directiebesluit get their hours from it.
        decision = Decision(
            project_id=self.project.id,
            step_key=TASKS_STEP,
            title="Vaste taken na het project",
            decided_on=borging + timedelta(weeks=1, days=1),
            decided_by=f"Directie sociaal domein ({self.owner('opdrachtgever')})",
            budget=Decimal("12000") if extra else Decimal("0"),
            capacity_hours=int(sum(t.hours * t.frequency.per_year for t in extra)),
            rationale="Wat het project opleverde, blijft alleen werken als iemand het blijft doen. Daarom krijgt elke "
            "taak een eigenaar en een afdeling. Wat niet past in de huidige uren van het team, krijgt er uren en "
            "budget bij.",
        )
        self.loader.insert(decision)
        for task in tasks:
            self.loader.add(
                RegularTask(
                    project_id=self.project.id,
                    title=task.title,
                    kind=task.kind,
                    description=task.description,
                    owner=self.owner(task.owner),
                    department=task.department,
                    hours=task.hours,
                    frequency=task.frequency,
                    needs_directiebesluit=task.directiebesluit,
                    needs_opdrachtomschrijving=task.opdrachtomschrijving,
                    decision_id=decision.id,
                    starts_on=borging + timedelta(weeks=task.weeks),
                )
            )
