"""Editors and Reviewers: the two newsroom roles, as groups with their permissions.

Written so that running it again sets the same permissions: new installs get the roles here,
older ones have them refreshed with the permissions of the event log and of review.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE = [
    "source", "actor", "actorrole", "meeting", "meetingparticipant", "fundingrequest",
    "fundingpurpose", "fundingstagechange", "policyproposal", "stance", "crossingstatistic",
    "claim",
]
READABLE = ["event", "reviewitem", "proposedchange"]


def editor_codenames():
    codes = ["submit_claim"] + [f"view_{model}" for model in READABLE]
    for model in EDITABLE:
        codes += [f"add_{model}", f"change_{model}", f"view_{model}"]
    return codes


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor_perms = list(
        Permission.objects.filter(content_type__app_label="crisis", codename__in=editor_codenames())
    )
    reviewer_perms = editor_perms + list(
        Permission.objects.filter(content_type__app_label="crisis", codename="publish_claim")
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(editor_perms)
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.set(reviewer_perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [("crisis", "0001_editorial_core")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
