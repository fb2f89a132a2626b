"""Store the length ratio of the links stored before it was (one resolution at a time)."""

from django.db import migrations

from apps.bitext.qa import length_ratio

# Level -> member field and the units' reading order, as apps.alignment.services reads them.
LEVELS = {
    "paragraph": ("paragraph", ("paragraph__lang", "paragraph__index")),
    "sentence": ("sentence", ("sentence__lang", "sentence__paragraph__index", "sentence__index")),
    "clause": (
        "clause",
        (
            "clause__lang",
            "clause__sentence__paragraph__index",
            "clause__sentence__index",
            "clause__index",
        ),
    ),
}


def store_ratios(apps, schema_editor):
    Link = apps.get_model("alignment", "Link")
    Resolution = apps.get_model("corpus", "Resolution")
    db = schema_editor.connection.alias
    for resolution_id in Resolution.objects.using(db).values_list("pk", flat=True).iterator():
        for level, (field, order) in LEVELS.items():
            through = Link._meta.get_field(f"{field}s").remote_field.through
            links = Link.objects.using(db).filter(resolution_id=resolution_id, level=level)
            texts = {pk: {"ar": [], "en": []} for pk in links.values_list("pk", flat=True)}
            members = (
                through.objects.using(db)
                .filter(link__resolution_id=resolution_id, link__level=level)
                .order_by(*order)
                .values_list("link_id", f"{field}__lang", f"{field}__text")
            )
            for link_id, lang, text in members:
                texts[link_id][lang].append(text)
            updates = []
            for pk, sides in texts.items():
                ratio = length_ratio(" ".join(sides["ar"]), " ".join(sides["en"]))
                if ratio is not None:
                    updates.append(Link(pk=pk, length_ratio=ratio))
            Link.objects.using(db).bulk_update(updates, ["length_ratio"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("alignment", "0006_link_length_ratio")]

    operations = [migrations.RunPython(store_ratios, migrations.RunPython.noop, elidable=True)]
