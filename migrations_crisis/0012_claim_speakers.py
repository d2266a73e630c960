"""Claims with several speakers: a joint statement names every speaker, in order, each with the
title the source gives them.

Programs and proposals gain when they were announced and took effect, and the proposal a
program implements.

On SQLite, adding the claims' list of co-speakers rebuilds crisis_claim, and the proposals' new
columns and checks rebuild crisis_policyproposal; a rebuild drops the triggers that keep the
table's search index (0009_search) in step, so they are put back after it.
"""

import importlib

import crisis.models.base
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

search = importlib.import_module("migrations_crisis.0009_search")


def keep_searchable(*tables):
    """Re-create the search triggers of `tables` on SQLite and re-read their rows into the
    search tables (a rebuilt table keeps its rows but loses its triggers)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables:
            search.sqlite_triggers(schema_editor, table, search.SEARCHABLE[table])

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('crisis', '0011_figure_origin'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Reversing re-creates them after the rebuild that removes the field.
        migrations.RunPython(migrations.RunPython.noop, keep_searchable("crisis_claim", "crisis_policyproposal")),
        migrations.CreateModel(
            name='ClaimSpeaker',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True)),
                ('title', models.CharField(blank=True, help_text="The speaker's title when they said it, as the source words it (“President of Honduras”).", max_length=200)),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Order among the co-speakers, as the source names them.')),
                ('actor', models.ForeignKey(help_text="Who made the statement with the claim's first speaker.", on_delete=django.db.models.deletion.PROTECT, related_name='co_speakings', to='crisis.actor')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='co_speakings', to='crisis.claim')),
            ],
            options={
                'ordering': ['claim', 'position', 'id'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='co_speakers',
            field=models.ManyToManyField(blank=True, help_text='Who else made the statement with the speaker (a joint statement), in the order the source names them.', related_name='claims_co_made', through='crisis.ClaimSpeaker', to='crisis.actor'),
        ),
        migrations.RunPython(keep_searchable("crisis_claim"), migrations.RunPython.noop),
        migrations.CreateModel(
            name='HistoricalClaimSpeaker',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, db_index=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, db_index=True, editable=False)),
                ('title', models.CharField(blank=True, help_text="The speaker's title when they said it, as the source words it (“President of Honduras”).", max_length=200)),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Order among the co-speakers, as the source names them.')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, help_text="Who made the statement with the claim's first speaker.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='crisis.actor')),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='crisis.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical claim speaker',
                'verbose_name_plural': 'historical claim speakers',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='claimspeaker',
            constraint=models.UniqueConstraint(fields=('claim', 'actor'), name='crisis_claimspeaker_once_per_claim', violation_error_message='This speaker is already named on the claim.'),
        ),
        migrations.AddField(
            model_name='historicalpolicyproposal',
            name='announced_on',
            field=models.DateField(blank=True, help_text='When it was first announced or put forward, as the sources date it.', null=True, verbose_name='announced'),
        ),
        migrations.AddField(
            model_name='historicalpolicyproposal',
            name='announced_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('week', 'Week'), ('early_month', 'Early in the month'), ('mid_month', 'Mid-month'), ('late_month', 'Late in the month'), ('month', 'Month'), ('season', 'Season'), ('year', 'Year'), ('fiscal_year', 'US federal fiscal year (October to September)')], default='day', help_text='How precisely the source gives this date ("mid-June" is mid-month, "last autumn" is season). The date is stored at the middle of that range.', max_length=16, verbose_name='announced precision'),
        ),
        migrations.AddField(
            model_name='historicalpolicyproposal',
            name='effective_on',
            field=models.DateField(blank=True, help_text='When it took or takes effect, as the sources date it; blank until known.', null=True, verbose_name='in effect from'),
        ),
        migrations.AddField(
            model_name='historicalpolicyproposal',
            name='effective_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('week', 'Week'), ('early_month', 'Early in the month'), ('mid_month', 'Mid-month'), ('late_month', 'Late in the month'), ('month', 'Month'), ('season', 'Season'), ('year', 'Year'), ('fiscal_year', 'US federal fiscal year (October to September)')], default='day', help_text='How precisely the source gives this date ("mid-June" is mid-month, "last autumn" is season). The date is stored at the middle of that range.', max_length=16, verbose_name='effective precision'),
        ),
        migrations.AddField(
            model_name='historicalpolicyproposal',
            name='implements',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The proposal this program (or narrower proposal) puts into effect.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='crisis.policyproposal'),
        ),
        migrations.AddField(
            model_name='historicalpolicyproposal',
            name='kind',
            field=models.CharField(choices=[('proposal', 'Proposal'), ('program', 'Program')], default='proposal', help_text='A proposal of law or practice, or a program that puts one into effect.', max_length=16),
        ),
        migrations.AddField(
            model_name='policyproposal',
            name='announced_on',
            field=models.DateField(blank=True, help_text='When it was first announced or put forward, as the sources date it.', null=True, verbose_name='announced'),
        ),
        migrations.AddField(
            model_name='policyproposal',
            name='announced_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('week', 'Week'), ('early_month', 'Early in the month'), ('mid_month', 'Mid-month'), ('late_month', 'Late in the month'), ('month', 'Month'), ('season', 'Season'), ('year', 'Year'), ('fiscal_year', 'US federal fiscal year (October to September)')], default='day', help_text='How precisely the source gives this date ("mid-June" is mid-month, "last autumn" is season). The date is stored at the middle of that range.', max_length=16, verbose_name='announced precision'),
        ),
        migrations.AddField(
            model_name='policyproposal',
            name='effective_on',
            field=models.DateField(blank=True, help_text='When it took or takes effect, as the sources date it; blank until known.', null=True, verbose_name='in effect from'),
        ),
        migrations.AddField(
            model_name='policyproposal',
            name='effective_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('week', 'Week'), ('early_month', 'Early in the month'), ('mid_month', 'Mid-month'), ('late_month', 'Late in the month'), ('month', 'Month'), ('season', 'Season'), ('year', 'Year'), ('fiscal_year', 'US federal fiscal year (October to September)')], default='day', help_text='How precisely the source gives this date ("mid-June" is mid-month, "last autumn" is season). The date is stored at the middle of that range.', max_length=16, verbose_name='effective precision'),
        ),
        migrations.AddField(
            model_name='policyproposal',
            name='implements',
            field=models.ForeignKey(blank=True, help_text='The proposal this program (or narrower proposal) puts into effect.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='implemented_by', to='crisis.policyproposal'),
        ),
        migrations.AddField(
            model_name='policyproposal',
            name='kind',
            field=models.CharField(choices=[('proposal', 'Proposal'), ('program', 'Program')], default='proposal', help_text='A proposal of law or practice, or a program that puts one into effect.', max_length=16),
        ),
        migrations.AddConstraint(
            model_name='policyproposal',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(('kind__in', ['proposal', 'program'])), field='kind', name='crisis_policyproposal_kind_valid', violation_error_message='Not one of the allowed values.'),
        ),
        migrations.AddConstraint(
            model_name='policyproposal',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(('effective_on__isnull', True), ('announced_on__isnull', True), ('effective_on__gte', models.F('announced_on')), _connector='OR'), field='effective_on', name='crisis_policyproposal_effective_after_announced', violation_error_message='It cannot take effect before it was announced.'),
        ),
        migrations.AddConstraint(
            model_name='policyproposal',
            constraint=crisis.models.base.FieldCheck(condition=models.Q(('implements__isnull', True), models.Q(('implements', models.F('id')), _negated=True), _connector='OR'), field='implements', name='crisis_policyproposal_not_implementing_itself', violation_error_message='A proposal cannot implement itself.'),
        ),
        migrations.RunPython(keep_searchable("crisis_policyproposal"), migrations.RunPython.noop),
    ]
