from django.core.management import call_command


def run_worker():
    """The task worker drains the queue once, as `make run` runs it."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
