from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "eig.security"
    verbose_name = "Sécurité"
