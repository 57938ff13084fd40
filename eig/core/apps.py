from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "eig.core"
    verbose_name = "Socle"

    def ready(self):
        # The page cache's receivers: any write to public content changes its version.
        from eig.core import cache

        post_migrate.connect(cache.after_migrate, sender=self, dispatch_uid="eig.core.cache")
