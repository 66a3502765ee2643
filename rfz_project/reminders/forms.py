from wtforms import SelectMultipleField

from ..forms import VersionedForm
from .services import KINDS, SESSIE_REMINDERS, SUPPORT_NOTICES, WEEKLY_DIGEST

KIND_LABELS = {
    WEEKLY_DIGEST: "Weekoverzicht: elke maandag wat te laat is in uw projecten en welke sessies eraan komen",
    SESSIE_REMINDERS: "Herinnering de dag vóór een sessie waarbij u procesbegeleider of administrator bent",
    SUPPORT_NOTICES: "Berichten over hulpvragen aan de VNG: een nieuwe vraag, in behandeling genomen, afgesloten",
}


class PreferencesForm(VersionedForm):
    """Which reminders and notices the user wants; what is not ticked is off."""

    kinds = SelectMultipleField(
        "Welke e-mail wilt u ontvangen?",
        choices=[(kind, KIND_LABELS[kind]) for kind in KINDS],
        description="Vink aan wat u wilt ontvangen. Staat er geen vinkje, dan krijgt u die e-mail niet.",
    )

    def chosen(self) -> list[str]:
        return [kind for kind in (self.kinds.data or []) if kind in KINDS]
