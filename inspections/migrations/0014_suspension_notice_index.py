from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0013_facts_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="suspension",
            index=models.Index(
                fields=["status", "comment_deadline_on"], name="suspension_notice_idx"
            ),
        ),
    ]
