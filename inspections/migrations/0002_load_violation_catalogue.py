from django.db import migrations


def load(apps, schema_editor):
    from inspections.catalogue import CATALOGUE

    ViolationType = apps.get_model("inspections", "ViolationType")
    for order, (code, points, name_nb, name_en, reference) in enumerate(CATALOGUE, start=1):
        ViolationType.objects.update_or_create(
            code=code,
            defaults={
                "standard_points": points,
                "name_nb": name_nb,
                "name_en": name_en,
                "legal_reference": reference,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
