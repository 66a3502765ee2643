"""The one rule for a new password, wherever one is set (own change, a beheerder, the command line).

At least 12 characters, at most 128 (hashing a huge value costs the server), and not easy to guess:
not a common password or word with a few digits or signs around it, not one character repeated or a
run like 123456789012 or abcdef..., and not the user's own name or e-mail address.
"""

from __future__ import annotations

import re

from ..errors import ValidationError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128

# Common passwords and the words they are made of, Dutch and English, lower case. A password whose
# letters (after dropping digits and signs at both ends) are one of these, or one repeated, is refused.
COMMON_WORDS = frozenset(
    """
    wachtwoord wachtwoorden password passwoord paswoord passw0rd p@ssw0rd welkom welkom01 welcome
    geheim secret qwerty qwertyuiop azerty asdfgh asdfghjkl zxcvbn zxcvbnm letmein iloveyou ikhouvanjou
    admin administrator beheer beheerder gebruiker gemeente vng rfz routekaart financieel zorgen
    voorjaar lente zomer herfst najaar winter januari februari maart april mei juni juli augustus
    september oktober november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    nederland holland amsterdam rotterdam utrecht ajax feyenoord psv oranje voetbal football
    monkey dragon master shadow sunshine princess football baseball superman batman trustno
    changeme veranderen wijzigen tijdelijk temporary test testen testtest demo default standaard
    abc abcdef abcdefgh abcdefghijkl qazwsx
    """.split()
)

_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_REPEATED = re.compile(r"(.+?)\1+")
_NAME_PARTS = re.compile(r"[^\W\d_]{3,}")


def password_problems(password: str, *, name: str = "", email: str = "") -> list[str]:
    """What is wrong with a new password, in Dutch (empty: it is good)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [f"Kies een wachtwoord van hoogstens {MAX_PASSWORD_LENGTH} tekens."]
    lowered = password.lower()
    if len(set(lowered)) < 5 or _REPEATED.fullmatch(lowered) or _mostly_a_run(lowered):
        return ["Dit wachtwoord is te makkelijk te raden: vermijd herhaalde tekens en reeksen als 1234 of abcd."]
    core = _EDGES.sub("", lowered)
    repeated = _REPEATED.fullmatch(core)
    if core in COMMON_WORDS or (repeated and repeated.group(1) in COMMON_WORDS) or not core:
        return ["Dit wachtwoord komt te veel voor. Kies bijvoorbeeld een zin van een paar woorden."]
    if _leaves_little_besides_own_name(lowered, name, email):
        return ["Gebruik niet uw naam of e-mailadres in uw wachtwoord."]
    return []


def validate_new_password(password: str, *, name: str = "", email: str = "", field: str = "password") -> None:
    """Raise ValidationError (on `field`) when the password does not meet the rule."""
    problems = password_problems(password, name=name, email=email)
    if problems:
        raise ValidationError({field: problems})


def validate_chosen_password(new: str, repeated: str, *, name: str = "", email: str = "") -> None:
    """Raise ValidationError when a password chosen through a link (a reset, an invitation) does not meet the
    rule (on `new_password`) or was not typed the same twice (on `repeat_password`)."""
    validate_new_password(new, name=name, email=email, field="new_password")
    if new != repeated:
        raise ValidationError({"repeat_password": ["De twee wachtwoorden zijn niet gelijk."]})


def _mostly_a_run(text: str) -> bool:
    """Three quarters of the steps between neighbours are the same +1 or -1 (123456789012, abcdefabcdef)."""
    steps = [ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)]
    return max(steps.count(1), steps.count(-1)) * 4 >= len(steps) * 3


def _leaves_little_besides_own_name(lowered: str, name: str, email: str) -> bool:
    """Taking out the user's name and the parts of their e-mail address leaves fewer than 8 characters."""
    parts = set(_NAME_PARTS.findall((name or "").lower())) | set(_NAME_PARTS.findall((email or "").lower()))
    rest = lowered
    for part in sorted(parts, key=len, reverse=True):
        rest = rest.replace(part, "")
    return bool(parts) and len(rest) < 8 and rest != lowered
