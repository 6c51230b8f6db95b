"""`pip install .` works: the project installs as a package with everything it needs at run time
(templates, data, migrations, translations), its version is read like any package's, and the
installed copy, away from the source tree, migrates a database and renders a message."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("hrsocsec", "law", "employees", "filings", "contributions", "notifications")

SCRIPT = textwrap.dedent(
    """
    import importlib.metadata, django
    from django.conf import settings
    django.setup()
    import employees
    assert "site" in employees.__file__, employees.__file__  # the installed copy
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from django.template.loader import render_to_string
    from django.utils import translation
    from contributions.models import ContributionRule
    from employees.models import Region
    with translation.override("zh-hans"):
        text = render_to_string("notifications/mail/hr_digest.txt", {"employer": {"name": "X"}})
    print(importlib.metadata.version("hrsocsec"), Region.objects.count(),
          ContributionRule.objects.filter(is_sample=True).count(), "需要处理" in text)
    """
)


def test_the_project_installs_as_a_package_and_runs_from_there(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "test-artifacts", "__pycache__"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, source]
    subprocess.run(build, check=True, capture_output=True)
    (wheel,) = wheels.glob("hrsocsec-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "-t", site, wheel], check=True)
    assert sorted(p.name for p in site.iterdir() if p.name in APPS) == sorted(APPS)

    env = {
        "PYTHONPATH": str(site),
        "DJANGO_SETTINGS_MODULE": "hrsocsec.settings",
        "DEBUG": "1",
        "HRSOCSEC_VAR_DIR": str(tmp_path / "var"),
        "PATH": "/usr/bin:/bin",
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,  # not the source tree: only the installed copy can be imported
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    version, regions, samples, translated = run.stdout.split()
    project = (ROOT / "pyproject.toml").read_text()
    assert f'version = "{version}"' in project
    assert (int(regions) > 300, int(samples), translated) == (True, 2, "True")
