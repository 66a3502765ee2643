from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms import DutchForm, enum_choices, required_choice, strip_text
from ..models import MembershipRole


class LoginForm(DutchForm):
    email = EmailField(
        "E-mailadres",
        filters=[strip_text],
        validators=[DataRequired("Vul uw e-mailadres in."), Email("Dit is geen geldig e-mailadres."), Length(max=254)],
    )
    password = PasswordField("Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in.")])
    next = HiddenField()


class NewPasswordForm(DutchForm):
    """The page of a reset link: the account is proven by the link, so no current password."""

    new_password = PasswordField(
        "Nieuw wachtwoord",
        description="Minstens 12 tekens. Een zin van een paar woorden is goed te onthouden en moeilijk te raden.",
        validators=[DataRequired("Kies een nieuw wachtwoord.")],
    )
    repeat_password = PasswordField(
        "Nieuw wachtwoord nog een keer", validators=[DataRequired("Vul het nieuwe wachtwoord nog een keer in.")]
    )


class ChangePasswordForm(NewPasswordForm):
    """One's own account: the new password twice, and the current one as proof."""

    current_password = PasswordField("Huidig wachtwoord", validators=[DataRequired("Vul uw huidige wachtwoord in.")])


class ContactForm(DutchForm):
    """What invitations give as the user's contact details, next to the e-mail address."""

    phone = StringField(
        "Telefoonnummer",
        filters=[strip_text],
        description="Staat in de uitnodigingen als u projectleider bent, zodat deelnemers u kunnen bellen. "
        "Bijvoorbeeld 077 359 60 00 of +31 6 12345678.",
        validators=[Optional(), Length(max=40, message="Maximaal 40 tekens.")],
    )
    job_title = StringField(
        "Functie",
        filters=[strip_text],
        description="Bijvoorbeeld beleidsadviseur schuldhulpverlening.",
        validators=[Optional(), Length(max=120, message="Maximaal 120 tekens.")],
    )


class ForgotPasswordForm(DutchForm):
    email = EmailField(
        "E-mailadres",
        filters=[strip_text],
        validators=[DataRequired("Vul uw e-mailadres in."), Email("Dit is geen geldig e-mailadres."), Length(max=254)],
    )


class InviteForm(DutchForm):
    """A projectleider invites someone for their gemeente, in one of a gemeente's roles."""

    name = StringField(
        "Naam",
        filters=[strip_text],
        validators=[
            DataRequired("Vul de naam in van wie u uitnodigt."),
            Length(max=120, message="Maximaal 120 tekens."),
        ],
    )
    email = EmailField(
        "E-mailadres",
        filters=[strip_text],
        description="Hierheen gaat de uitnodiging. Met dit adres logt de persoon later in.",
        validators=[DataRequired("Vul een e-mailadres in."), Email("Dit is geen geldig e-mailadres."), Length(max=254)],
    )
    role = required_choice("Rol bij de gemeente", "Kies een rol uit de lijst.", choices=enum_choices(MembershipRole))


class EmailChangeForm(DutchForm):
    new_email = EmailField(
        "Nieuw e-mailadres",
        filters=[strip_text],
        description="Naar dit adres sturen we een link. Pas als u die volgt, verandert uw e-mailadres.",
        validators=[
            DataRequired("Vul het nieuwe e-mailadres in."),
            Email("Dit is geen geldig e-mailadres."),
            Length(max=254),
        ],
    )
    # Not "current_password": the password form on the same page has that one (ids must be unique).
    password = PasswordField("Uw huidige wachtwoord", validators=[DataRequired("Vul uw huidige wachtwoord in.")])
