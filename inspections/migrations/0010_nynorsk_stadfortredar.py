# The Nynorsk term is "stadfortredar"; 0006 first shipped "stedfortredar". Names that still
# carry the shipped text are corrected; names an administrator changed stay as they are.

from django.db import migrations

OLD = "Brot på krava om styrar og stedfortredar"
NEW = "Brot på krava om styrar og stadfortredar"


def forwards(apps, schema_editor):
    ViolationType = apps.get_model("inspections", "ViolationType")
    ViolationType.objects.filter(code="manager_deputy_breach", name_nn=OLD).update(name_nn=NEW)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0009_deciding_body_on_decisions"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
