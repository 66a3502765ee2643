from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from ..forms import DutchForm, NeededWhen, enum_choices, optional_int, required_choice, strip_text, with_placeholder
from ..models import MembershipRole


class GemeenteForm(DutchForm):
    name = StringField(
        "Naam van de gemeente",
        validators=[DataRequired("Vul de naam van de gemeente in."), Length(max=120, message="Maximaal 120 tekens.")],
    )


class UserForm(DutchForm):
    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=120)])
    email = EmailField(
        "E-mailadres",
        filters=[strip_text],
        validators=[DataRequired("Vul een e-mailadres in."), Email("Dit is geen geldig e-mailadres."), Length(max=254)],
    )
    password = PasswordField(
        "Tijdelijk wachtwoord",
        description="Minstens 12 tekens. De gebruiker kiest bij de eerste keer inloggen een eigen wachtwoord.",
        validators=[DataRequired("Kies een wachtwoord.")],
    )
    kind_choices = [
        ("gemeente", "Medewerker van een gemeente"),
        ("procesbegeleider", "Procesbegeleider van de VNG"),
        ("coordinator", "VNG-coördinator (bekijkt de projecten van alle gemeenten, wijzigt niets)"),
        ("beheerder", "Beheerder"),
    ]
    kind = RadioField("Soort account", default="gemeente", choices=kind_choices, validate_choice=True)


class MembershipForm(DutchForm):
    # The gemeenten, after their own empty "Kies een gemeente", are filled in by the view.
    gemeente_id = required_choice("Gemeente", "Kies een gemeente uit de lijst.", coerce=optional_int)
    role = required_choice("Rol", "Kies een rol uit de lijst.", choices=enum_choices(MembershipRole))


class AssignmentForm(DutchForm):
    gemeente_id = required_choice("Gemeente", "Kies een gemeente uit de lijst.", coerce=optional_int)


class ActiveForm(DutchForm):
    active = BooleanField("Account actief")


class ResetPasswordForm(DutchForm):
    password = PasswordField(
        "Nieuw tijdelijk wachtwoord",
        description="Minstens 12 tekens. De gebruiker kiest bij de volgende keer inloggen een eigen wachtwoord.",
        validators=[DataRequired("Kies een tijdelijk wachtwoord.")],
    )


class InviteForm(DutchForm):
    """The beheerder invites by e-mail: the person chooses their own password through the link."""

    name = StringField("Naam", validators=[DataRequired("Vul een naam in."), Length(max=120)])
    email = EmailField(
        "E-mailadres",
        filters=[strip_text],
        description="Hierheen gaat de uitnodiging. Met dit adres logt de persoon later in.",
        validators=[DataRequired("Vul een e-mailadres in."), Email("Dit is geen geldig e-mailadres."), Length(max=254)],
    )
    kind = RadioField("Soort account", default="gemeente", choices=UserForm.kind_choices, validate_choice=True)
    gemeente_id = SelectField(
        "Gemeente",
        description="Nodig bij een medewerker van een gemeente. Bij een procesbegeleider: de gemeente die hij of zij "
        "begeleidt (mag leeg blijven).",
        coerce=optional_int,
        validate_choice=False,
        validators=[NeededWhen()],
    )
    role = SelectField(
        "Rol bij de gemeente",
        description="Nodig bij een medewerker van een gemeente.",
        choices=with_placeholder(enum_choices(MembershipRole)),
        validate_choice=False,
        validators=[NeededWhen()],
    )
