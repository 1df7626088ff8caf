"""`miftah check --deploy` with production settings reports nothing (issue #17 §2): DEBUG off, MIFTAH_HTTPS=1, a real
secret key (from the environment, or the one generated in the data folder), with and without HSTS preload."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def deploy_check(tmp_path, **env):
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("MIFTAH_", "DJANGO_", "SECRET_KEY", "DEBUG"))}
    environment.update(DJANGO_SETTINGS_MODULE="miftah.settings", PYTHONPATH=str(REPO), MIFTAH_DATA_DIR=str(tmp_path),
                       DEBUG="0", MIFTAH_HTTPS="1", ALLOWED_HOSTS="news.example.org",
                       MIFTAH_TRUSTED_PROXIES="127.0.0.1", **env)
    return subprocess.run([sys.executable, "-m", "miftah.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("env, silenced", [
    # Without preload, Django's reminders to preload and include subdomains (W005, W021) are the operator's choice.
    ({"SECRET_KEY": "k" * 10 + "production-secret-from-the-environment-0123456789-abcdefghij"}, 2),
    ({"MIFTAH_HSTS_PRELOAD": "1"}, 0),  # and the key generated in the data folder
], ids=["env-secret", "data-folder-secret-and-preload"])
def test_check_deploy_reports_no_issue(tmp_path, env, silenced):
    result = deploy_check(tmp_path, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"System check identified no issues ({silenced} silenced).", result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_preload_and_report_only_settings(tmp_path):
    script = ("from django.conf import settings as s; import django; django.setup(); "
              "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
              "getattr(s, 'SECURE_PROXY_SSL_HEADER', None), s.SILENCED_SYSTEM_CHECKS, "
              "getattr(s, 'CONTENT_SECURITY_POLICY', None), bool(s.CONTENT_SECURITY_POLICY_REPORT_ONLY))")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MIFTAH_")}
    environment.update(DJANGO_SETTINGS_MODULE="miftah.settings", PYTHONPATH=str(REPO), MIFTAH_DATA_DIR=str(tmp_path),
                       MIFTAH_HTTPS="1", MIFTAH_HSTS_PRELOAD="1", MIFTAH_CSP_REPORT_ONLY="1")
    out = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                         timeout=60, cwd=tmp_path)
    assert out.stdout.split() == ["31536000", "True", "True", "None", "[]", "None", "True"], out.stdout + out.stderr
