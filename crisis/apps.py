from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "crisis"
    verbose_name = "Crisis Tracker"
    default_auto_field = "django.db.models.BigAutoField"
