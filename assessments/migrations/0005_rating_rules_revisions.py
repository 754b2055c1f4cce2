"""Rating schemes as data (letter bands or NACC labels with per-tool minimums), framework revisions and drafts.

Existing years keep their letter bands: each {"grade", "min"} becomes a rule
{"label", "min_total", "min_each_tool": null}; load_catalogue then sets the
labels of 2566 onwards from the bundled ratings file.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def bands_to_rules(apps, schema_editor):
    FrameworkVersion = apps.get_model("assessments", "FrameworkVersion")
    for framework in FrameworkVersion.objects.all():
        framework.rating_rules = [
            {"label": b["grade"], "min_total": str(b["min"]), "min_each_tool": None} for b in framework.grade_bands
        ]
        framework.rating_scheme = "bands"
        framework.save(update_fields=["rating_rules", "rating_scheme"])


def rules_to_bands(apps, schema_editor):
    FrameworkVersion = apps.get_model("assessments", "FrameworkVersion")
    for framework in FrameworkVersion.objects.all():
        framework.grade_bands = [{"grade": r["label"][:3], "min": r["min_total"]} for r in framework.rating_rules]
        framework.save(update_fields=["grade_bands"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_agency_garuda"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="frameworkversion",
            name="rating_scheme",
            field=models.CharField(
                choices=[
                    ("bands", "ระดับตัวอักษร (AA–F) ตามคะแนนรวม"),
                    ("labels", "ระดับผลการประเมิน (ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน)"),
                ],
                default="bands",
                max_length=10,
                verbose_name="รูปแบบการจัดระดับ",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="rating_rules",
            field=models.JSONField(
                default=list,
                help_text='รายการ {"label": "ผ่านดี", "min_total": "85.00", "min_each_tool": "85.00"} เรียงจากสูงไปต่ำ',
                verbose_name="เกณฑ์ระดับผลการประเมิน",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="rating_confidence",
            field=models.CharField(
                choices=[
                    ("verified", "ยืนยันแล้ว"),
                    ("corroborated", "มีแหล่งยืนยันหลายแหล่ง"),
                    ("probable", "น่าจะถูกต้อง"),
                    ("candidate", "ยังไม่ยืนยัน"),
                ],
                default="candidate",
                max_length=20,
                verbose_name="ความน่าเชื่อถือของเกณฑ์ระดับ",
            ),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="rating_source",
            field=models.TextField(blank=True, verbose_name="แหล่งที่มาของเกณฑ์ระดับ"),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="focus_lowest_indicator",
            field=models.BooleanField(
                default=False,
                help_text="แนวทางตั้งแต่ ITA 2569: เลือกตัวชี้วัดที่ได้คะแนนต่ำที่สุด (หรือเสี่ยงที่สุด) หนึ่งตัวชี้วัด แล้วกำหนดมาตรการป้องกัน",
                verbose_name="แผนมาตรการเน้นตัวชี้วัดที่ได้คะแนนต่ำที่สุด",
            ),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="revision",
            field=models.PositiveIntegerField(default=1, verbose_name="ฉบับแก้ไขที่"),
        ),
        migrations.RunPython(bands_to_rules, rules_to_bands),
        migrations.RemoveField(model_name="frameworkversion", name="grade_bands"),
        migrations.AlterField(
            model_name="assessment",
            name="grade",
            field=models.CharField(blank=True, editable=False, max_length=40, verbose_name="ระดับผลการประเมิน"),
        ),
        migrations.CreateModel(
            name="FrameworkRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(verbose_name="ฉบับแก้ไขที่")),
                ("changes", models.JSONField(default=list, verbose_name="รายการที่เปลี่ยน")),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="ที่มา")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "framework",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="revisions",
                        to="assessments.frameworkversion",
                    ),
                ),
            ],
            options={
                "verbose_name": "ประวัติการแก้ไขกรอบการประเมิน",
                "verbose_name_plural": "ประวัติการแก้ไขกรอบการประเมิน",
                "ordering": ["framework", "-number"],
                "constraints": [
                    models.UniqueConstraint(fields=("framework", "number"), name="framework_revision_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="FrameworkDraft",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="สร้างเมื่อ")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="แก้ไขล่าสุด")),
                ("year", models.PositiveSmallIntegerField(verbose_name="ปีการประเมิน (พ.ศ.)")),
                ("spec", models.JSONField()),
                ("base_revision", models.PositiveIntegerField(blank=True, null=True)),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="ที่มา")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "ร่างกรอบการประเมิน",
                "verbose_name_plural": "ร่างกรอบการประเมิน",
                "ordering": ["-created_at"],
            },
        ),
    ]
