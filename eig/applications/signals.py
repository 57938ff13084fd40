"""Sent by `services.application_transition` once a change of state is saved
(inside its transaction), so that other apps follow without being imported
here: `application_moved.send(sender=Application, application=…, source=…,
target=…, by=…, now=…)`."""

from django.dispatch import Signal

application_moved = Signal()
