from ..forms import DutchForm


class ConfirmForm(DutchForm):
    """A form with only the CSRF token, for POST-only buttons (delete, log out)."""
