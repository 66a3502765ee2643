"""The portfolio's filters, read from the query string (GET): no CSRF token, and a bad value means 'no filter'."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField

from ..forms import PlainForm, strip_text
from ..routekaart import Routekaart
from .portfolio import DIRECTIONS, DONE, DONE_LABEL, SORTS, STATUSES


class PortfolioFilterForm(PlainForm):
    zoek = StringField("Zoek op gemeente", filters=[strip_text], description="Een deel van de naam is genoeg.")
    fase = SelectField("Huidige fase", validate_choice=False)
    scope = SelectField("Reikwijdte", validate_choice=False)
    mijlpaal = SelectField("Mijlpaal in de reikwijdte", validate_choice=False)
    status = SelectField("Status", choices=[("", "Alle projecten"), *STATUSES], validate_choice=False)
    afgesloten = BooleanField("Ook afgesloten projecten tonen")
    sort = SelectField("Sorteren op", choices=list(SORTS), default="gemeente", validate_choice=False)
    direction = SelectField("Volgorde", choices=list(DIRECTIONS), default="asc", validate_choice=False)

    def fill_choices(self, rk: Routekaart) -> None:
        self.fase.choices = [("", "Alle fasen"), *((p.key, p.label) for p in rk.phases), (DONE, DONE_LABEL)]
        self.scope.choices = [("", "Alle reikwijdtes"), *((s.key, s.label) for s in rk.scope_types)]
        self.mijlpaal.choices = [("", "Alle mijlpalen"), *((m.key, m.label) for m in rk.mijlpalen)]

    def values(self) -> dict:
        names = ("fase", "scope", "mijlpaal", "status", "zoek", "sort", "direction")
        return {**{name: self[name].data or "" for name in names}, "afgesloten": bool(self.afgesloten.data)}
