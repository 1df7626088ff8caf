"""Security subjects for the audit log and per-user session epochs (logout everywhere)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditSubject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('account', 'حساب'), ('network', 'شبكة'), ('group', 'مجموعة'), ('import', 'استيراد')], max_length=16, verbose_name='النوع')),
                ('key', models.CharField(max_length=150, verbose_name='الاسم')),
            ],
            options={
                'verbose_name': 'حدث أمني',
                'verbose_name_plural': 'أحداث أمنية',
                'constraints': [models.UniqueConstraint(fields=('kind', 'key'), name='audit_subject_unique')],
            },
        ),
        migrations.CreateModel(
            name='SessionEpoch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('epoch', models.PositiveIntegerField(default=0)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='session_epoch', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'جيل الجلسات',
                'verbose_name_plural': 'أجيال الجلسات',
            },
        ),
    ]
