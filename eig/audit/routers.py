"""The audit log in a database of its own when AUDIT_DATABASE_URL is set.

settings.DATABASES then has an `audit` alias: the `audit` app is read,
written and migrated there, and nothing else is. Without it everything stays
in `default`. The log has no foreign key, so nothing relates across the two.
"""

from django.conf import settings

AUDIT_APP = "audit"
AUDIT_ALIAS = "audit"


def audit_alias() -> str:
    return AUDIT_ALIAS if AUDIT_ALIAS in settings.DATABASES else "default"


class AuditRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label == AUDIT_APP:
            return audit_alias()
        return None

    def db_for_write(self, model, **hints):
        return self.db_for_read(model, **hints)

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if audit_alias() == "default":
            return None
        if app_label == AUDIT_APP:
            return db == AUDIT_ALIAS
        if db == AUDIT_ALIAS:
            return False
        return None
