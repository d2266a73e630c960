"""Move the claim workflow log into the editorial event log; stances and funding stage changes
take the status of the claim behind them; the roles gain the new records' permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLIC = ("published", "retracted")
# Reader-facing actions of the old log; the rest were newsroom steps.
PUBLIC_ACTIONS = {"published", "corrected", "retracted"}


def forwards(apps, schema_editor):
    ClaimEvent = apps.get_model("crisis", "ClaimEvent")
    Event = apps.get_model("crisis", "Event")
    old_events = ClaimEvent.objects.order_by("created_at", "id")
    action_names = {"restored": "updated"}
    for old in old_events.iterator():
        event = Event.objects.create(
            record_type="claim", record_id=old.claim_id, action=action_names.get(old.action, old.action),
            public=old.action in PUBLIC_ACTIONS, user_id=old.user_id, old_status=old.old_status,
            new_status=old.new_status, note=old.note,
        )
        # auto_now_add sets the time of the copy; keep when it happened.
        Event.objects.filter(pk=event.pk).update(created_at=old.created_at)

    for model_name in ("Stance", "FundingStageChange"):
        model = apps.get_model("crisis", model_name)
        for row in model.objects.select_related("claim"):
            claim = row.claim
            row.status = "published" if claim.status in PUBLIC else "draft"
            row.published_at = claim.published_at if claim.status in PUBLIC else None
            row.created_by_id = claim.created_by_id
            row.save(update_fields=["status", "published_at", "created_by"])

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    log = Permission.objects.filter(
        content_type__app_label="crisis",
        codename__in=["view_event", "view_reviewitem", "view_proposedchange"],
    )
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(*log)


class Migration(migrations.Migration):
    dependencies = [("crisis", "0003_editorial_core")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="ClaimEvent"),
    ]
