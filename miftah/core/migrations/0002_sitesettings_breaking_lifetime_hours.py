import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="breaking_lifetime_hours",
            field=models.PositiveSmallIntegerField(
                default=6,
                help_text="يظهر وسم «عاجل» وشريط العاجل في الرئيسية هذه المدة بعد أول نشر للمقال، ثم يصبح المقال خبراً عادياً.",
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(168)],
                verbose_name="مدة بقاء وسم «عاجل» (ساعات)",
            ),
        ),
    ]
