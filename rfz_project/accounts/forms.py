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
