# The selection run computed by a background task: its state, progress and time limit. Runs
# stored before were computed at once, so they are "done".

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0004_selection_run_published_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='selectionrun',
            name='status',
            field=models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='done', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='selectionrun',
            name='status',
            field=models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='selectionrun',
            name='step',
            field=models.CharField(choices=[('waiting', 'Waiting for a worker'), ('probabilities', "Computing every applicant's chance"), ('drawing', 'Drawing the panel'), ('finished', 'Finished')], default='finished', max_length=20, verbose_name='step'),
        ),
        migrations.AlterField(
            model_name='selectionrun',
            name='step',
            field=models.CharField(choices=[('waiting', 'Waiting for a worker'), ('probabilities', "Computing every applicant's chance"), ('drawing', 'Drawing the panel'), ('finished', 'Finished')], default='waiting', max_length=20, verbose_name='step'),
        ),
        migrations.AddField(
            model_name='selectionrun',
            name='time_limit_seconds',
            field=models.FloatField(blank=True, null=True, verbose_name='time limit in seconds'),
        ),
        migrations.AddField(
            model_name='selectionrun',
            name='is_exact',
            field=models.BooleanField(default=True, verbose_name='exact LEXIMIN'),
        ),
        migrations.AddField(
            model_name='selectionrun',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='started at'),
        ),
        migrations.AddField(
            model_name='selectionrun',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='finished at'),
        ),
        migrations.AddField(
            model_name='selectionrun',
            name='error',
            field=models.TextField(blank=True, verbose_name='error'),
        ),
        migrations.AlterField(
            model_name='selectionrun',
            name='minimum_probability',
            field=models.FloatField(blank=True, null=True, verbose_name='minimum probability'),
        ),
        migrations.AlterField(
            model_name='selectionrun',
            name='gini',
            field=models.FloatField(blank=True, null=True, verbose_name='Gini coefficient'),
        ),
        migrations.AlterField(
            model_name='selectionrun',
            name='duration_seconds',
            field=models.FloatField(blank=True, null=True, verbose_name='duration in seconds'),
        ),
        migrations.AddConstraint(
            model_name='selectionrun',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done', 'failed'])), name='selection_run_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='selectionrun',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), ('minimum_probability__isnull', False), _connector='OR'), name='selection_run_done_has_results'),
        ),
    ]
