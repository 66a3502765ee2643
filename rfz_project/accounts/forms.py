from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from ..forms import DutchForm, strip_text


class LoginForm(DutchForm):
    email = EmailField(
        "E-mailadres",
        filters=[strip_text],
        validators=[DataRequired("Vul uw e-mailadres in."), Email("Dit is geen geldig e-mailadres."), Length(max=254)],
    )
    password = PasswordField("Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in.")])
    next = HiddenField()


class ChangePasswordForm(DutchForm):
    current_password = PasswordField("Huidig wachtwoord", validators=[DataRequired("Vul uw huidige wachtwoord in.")])
    new_password = PasswordField(
        "Nieuw wachtwoord",
        description="Minstens 12 tekens. Een zin van een paar woorden is goed te onthouden en moeilijk te raden.",
        validators=[DataRequired("Kies een nieuw wachtwoord.")],
    )
    repeat_password = PasswordField(
        "Nieuw wachtwoord nog een keer", validators=[DataRequired("Vul het nieuwe wachtwoord nog een keer in.")]
    )
