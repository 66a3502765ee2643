"""The beheerder's form for a gemeente's own OpenID Connect provider."""

from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import DutchForm, VersionedForm, optional_text, strip_text


class ProviderForm(VersionedForm):
    issuer = StringField(
        "Adres van de provider (issuer)",
        filters=[strip_text],
        description=(
            "Het adres dat de provider zelf als issuer opgeeft, zoals "
            "https://login.microsoftonline.com/<tenant-id>/v2.0 of https://sso.gemeente.nl/realms/medewerkers."
        ),
        validators=[DataRequired("Vul het adres van de provider in."), Length(max=255, message="Maximaal 255 tekens.")],
    )
    client_id = StringField(
        "Client-id",
        filters=[strip_text],
        validators=[
            DataRequired("Vul de client-id in die de provider voor deze tool heeft gemaakt."),
            Length(max=255, message="Maximaal 255 tekens."),
        ],
    )
    client_secret = PasswordField(
        "Clientgeheim",
        description=(
            "Na het opslaan tonen we het geheim nooit meer. Laat het leeg om het opgeslagen geheim te houden; "
            "bij een ander adres van de provider is een nieuw geheim nodig."
        ),
        validators=[Length(max=1000, message="Maximaal 1000 tekens.")],
    )
    label = optional_text(
        "Tekst op de knop",
        "Leeg: “Inloggen met uw account van” en de naam van de gemeente.",
        max_length=120,
    )
    passwords_off = BooleanField(
        "Medewerkers van deze gemeente loggen alleen nog in met hun organisatieaccount",
        description=(
            "Zij kunnen dan niet meer inloggen of een nieuw wachtwoord aanvragen met een wachtwoord. "
            "Beheerders houden hun wachtwoord altijd."
        ),
    )


class LinkForm(DutchForm):
    """Linking the logged-in account to an organisation account: which provider, and the current password."""

    provider = RadioField(
        "Organisatie",
        validate_choice=False,  # oidc.own.check_may_link checks it against the providers that reach the account
        validators=[DataRequired("Kies de organisatie waarmee u op uw werk inlogt.")],
    )
    password = PasswordField(
        "Uw huidige wachtwoord voor deze tool",
        description="Zo weten we zeker dat u het bent die dit account koppelt.",
        validators=[DataRequired("Vul uw huidige wachtwoord in.")],
    )
