# Members page (issue 15 items 1 and 7c): deactivation, the agency's own record, department abbreviations.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_agency_website_domain"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="subdistrict",
            field=models.CharField(
                blank=True, help_text="ชื่อตำบล ไม่ต้องพิมพ์คำว่า ตำบล", max_length=100, verbose_name="ตำบล"
            ),
        ),
        migrations.AddField(
            model_name="agency",
            name="address",
            field=models.CharField(
                blank=True,
                help_text="เลขที่ หมู่ ถนน (ไม่รวมตำบล อำเภอ จังหวัด)",
                max_length=300,
                verbose_name="ที่ตั้งสำนักงาน",
            ),
        ),
        migrations.AddField(
            model_name="agency",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="อีเมลของหน่วยงาน"),
        ),
        migrations.AddField(
            model_name="agency",
            name="short_name_override",
            field=models.CharField(
                blank=True,
                help_text="เว้นว่างไว้เพื่อใช้ชื่อย่อตามประเภท เช่น อบต.ทุ่งโพธิ์",
                max_length=100,
                verbose_name="ชื่อย่อ",
            ),
        ),
        migrations.AddField(
            model_name="department",
            name="abbreviation",
            field=models.CharField(blank=True, help_text="เช่น สป. กค. กช.", max_length=30, verbose_name="ชื่อย่อ"),
        ),
        migrations.AddField(
            model_name="membership",
            name="is_active",
            field=models.BooleanField(default=True, verbose_name="ใช้งานอยู่"),
        ),
        migrations.AddField(
            model_name="membership",
            name="deactivated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ระงับการใช้งานเมื่อ"),
        ),
    ]
