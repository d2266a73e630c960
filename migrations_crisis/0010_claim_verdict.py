"""A reviewer's verdict on a claim replaces the old verification status.

The old status defaulted to "Not yet verified" on every claim and editors could set it, so it
said nothing to readers. Verdicts already recorded on public claims are carried over, with a
rationale saying so; the old status is kept in the claims' history rows the same way.
"""

import crisis.models.base
import django.db.models.deletion
from django.conf import settings
import importlib

from django.db import migrations, models
from django.utils import timezone

search = importlib.import_module("migrations_crisis.0009_search")

# verified → accurate, false → inaccurate; "disputed" meant the sources disagree and the desk had
# not settled it, which is what "unverifiable" now says.
CARRIED = {
    "verified": "accurate",
    "false": "inaccurate",
    "unverifiable": "unverifiable",
    "disputed": "unverifiable",
}
LABELS = {"verified": "Verified", "false": "False", "unverifiable": "Unverifiable", "disputed": "Disputed"}
PUBLIC = ("published", "retracted", "withdrawn")


def rationale(old):
    return f"Carried over from the earlier check, which recorded the claim as “{LABELS[old]}”."


def carry_over(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The updates below queue deferred foreign-key checks; run them now, or PostgreSQL
        # refuses the ALTER TABLE that follows in this transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Claim = apps.get_model("crisis", "Claim")
    HistoricalClaim = apps.get_model("crisis", "HistoricalClaim")
    now = timezone.now()
    for old, new in CARRIED.items():
        for claim in Claim.objects.filter(verification=old, status__in=PUBLIC).only(
            "pk", "corrected_at", "published_at"
        ):
            Claim.objects.filter(pk=claim.pk).update(
                verdict=new, verdict_rationale=rationale(old),
                verdict_at=claim.corrected_at or claim.published_at or now,
            )
        HistoricalClaim.objects.filter(verification=old).update(
            verdict=new, verdict_rationale=rationale(old)
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")




def keep_claims_searchable(apps, schema_editor):
    """SQLite rebuilds crisis_claim to change its columns, dropping the triggers that keep its
    search table (0009_search) in step; put them back and re-read every claim into it."""
    if schema_editor.connection.vendor != "sqlite":
        return
    search.sqlite_triggers(schema_editor, "crisis_claim", search.SEARCHABLE["crisis_claim"])


class Migration(migrations.Migration):

    dependencies = [
        ('crisis', '0009_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Undoing this migration rebuilds the table again; this runs last when it does.
        migrations.RunPython(migrations.RunPython.noop, keep_claims_searchable),
        migrations.AddField(
            model_name='claim',
            name='verdict',
            field=models.CharField(blank=True, choices=[('accurate', 'Accurate'), ('mostly_accurate', 'Mostly accurate'), ('misleading', 'Misleading'), ('inaccurate', 'Inaccurate'), ('unverifiable', 'Unverifiable')], help_text="The reviewer's finding after checking the claim against other sources, given when publishing it or by a correction. Blank: no verdict given.", max_length=16),
        ),
        migrations.AddField(
            model_name='claim',
            name='verdict_at',
            field=models.DateTimeField(blank=True, help_text='When the current verdict was given.', null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='verdict_by',
            field=models.ForeignKey(blank=True, help_text='The reviewer who gave the current verdict.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claim',
            name='verdict_rationale',
            field=models.CharField(blank=True, help_text='One line, shown to readers with the verdict: what the check found.', max_length=280),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='verdict',
            field=models.CharField(blank=True, choices=[('accurate', 'Accurate'), ('mostly_accurate', 'Mostly accurate'), ('misleading', 'Misleading'), ('inaccurate', 'Inaccurate'), ('unverifiable', 'Unverifiable')], help_text="The reviewer's finding after checking the claim against other sources, given when publishing it or by a correction. Blank: no verdict given.", max_length=16),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='verdict_at',
            field=models.DateTimeField(blank=True, help_text='When the current verdict was given.', null=True),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='verdict_by',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The reviewer who gave the current verdict.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='verdict_rationale',
            field=models.CharField(blank=True, help_text='One line, shown to readers with the verdict: what the check found.', max_length=280),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='claim',
            name='crisis_claim_verification_valid',
        ),
        migrations.RemoveField(
            model_name='claim',
            name='verification',
        ),
        migrations.RemoveField(
            model_name='historicalclaim',
            name='verification',
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(('verdict', ''), ('verdict__in', ['accurate', 'mostly_accurate', 'misleading', 'inaccurate', 'unverifiable']), _connector='OR'), field='verdict', name='crisis_claim_verdict_valid', violation_error_message='Not one of the allowed values.'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(('verdict', ''), models.Q(('verdict_rationale', ''), _negated=True), _connector='OR'), field='verdict_rationale', name='crisis_claim_verdict_has_rationale', violation_error_message='Give the verdict a one-line rationale: readers see it with the verdict.'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(models.Q(('verdict', ''), _negated=True), ('verdict_rationale', ''), _connector='OR'), field='verdict', name='crisis_claim_rationale_has_verdict', violation_error_message='Choose the verdict this rationale explains, or leave both blank.'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(('verdict_rationale__length__lte', 280), models.Q(('verdict_rationale__contains', '\n'), _negated=True)), field='verdict_rationale', name='crisis_claim_rationale_one_line', violation_error_message='Keep the rationale to one line of at most 280 characters.'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(('verdict', ''), ('status__in', ('published', 'retracted', 'withdrawn')), _connector='OR'), field='verdict', name='crisis_claim_verdict_only_public', violation_error_message='A verdict is given by the reviewer who publishes the claim, or by a correction of a published claim.'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('verdict', ''), ('verdict_at__isnull', True), ('verdict_by__isnull', True)), models.Q(models.Q(('verdict', ''), _negated=True), ('verdict_at__isnull', False)), _connector='OR'), name='crisis_claim_verdict_dated'),
        ),
        migrations.RunPython(keep_claims_searchable, migrations.RunPython.noop),
    ]
