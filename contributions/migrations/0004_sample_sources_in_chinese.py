"""The sample rules' source, said in Chinese: it cites the cities' notices, and a clerk reads it
beside them (the English wording came from the first release)."""

from django.db import migrations

OLD_TO_NEW = {
    "310000": "Sample from 上海市人力资源和社会保障局等《关于调整2025年度本市职工社会保险缴费基数上下限的通知》 and the Shanghai housing-fund notice of the same year; valid until the operator ends it: check the figures against the notices, and end this sample when the next period is published.",
    "110000": "Sample from 北京市人力资源和社会保障局等《关于统一2025年度各项社会保险缴费工资基数上下限的通知》 and the Beijing housing-fund notice of the same year; valid until the operator ends it: check the figures against the notices, and end this sample when the next period is published.",
}
NEW = {
    "310000": "示例：依据上海市人力资源和社会保障局等《关于调整2025年度本市职工社会保险缴费基数上下限的通知》及同年上海市住房公积金缴存基数通知；在运营方结束前有效：请与通知核对各项数字，下一期公布后结束本示例。",
    "110000": "示例：依据北京市人力资源和社会保障局等《关于统一2025年度各项社会保险缴费工资基数上下限的通知》及同年北京市住房公积金缴存基数通知；在运营方结束前有效：请与通知核对各项数字，下一期公布后结束本示例。",
}


def in_chinese(apps, schema_editor):
    Rule = apps.get_model("contributions", "ContributionRule")
    for region, text in OLD_TO_NEW.items():
        Rule.objects.filter(is_sample=True, region_id=region, source=text).update(
            source=NEW[region]
        )


def in_english(apps, schema_editor):
    Rule = apps.get_model("contributions", "ContributionRule")
    for region, text in NEW.items():
        Rule.objects.filter(is_sample=True, region_id=region, source=text).update(
            source=OLD_TO_NEW[region]
        )


class Migration(migrations.Migration):
    dependencies = [("contributions", "0003_verbose_names")]
    operations = [migrations.RunPython(in_chinese, in_english)]
