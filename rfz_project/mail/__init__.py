"""Mail that never gets lost: services write to the outbox in their own transaction, a worker sends it.

No blueprint: the beheerder's "Verzonden e-mail" page lives in the admin area.
"""
