"""Nothing lost: export_data writes the whole database; import_data restores it into a fresh one.

The round trip runs for real: the export is written here from the suite's database, then a new,
empty database is created and migrated, and `import_data` and `export_data` run against it in
another process; the two files must be the same bytes. On PostgreSQL the fresh database sits on
the same server, named after the configured one.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from knox.models import AuthToken

from crisis import dataio, services
from crisis.models import Claim, RecordStatus
from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def newsroom(article, editor, reviewer):
    """The article, plus what a working newsroom adds: a claim taken through review (events and
    history), a many-to-many change, an API token, an admin log entry, timestamps to the microsecond."""
    claim = f.ClaimFactory(draft=True, text="Shelters in McAllen are full.", quote="We are full — «plein».",
                           created_by=editor)
    claim = services.claim_submit(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)
    proposal = f.PolicyProposalFactory()
    proposal.proponents.add(f.ActorFactory(name="Ana Núñez"), f.ActorFactory(name="Zoë Ortiz"))
    AuthToken.objects.create(user=editor)
    LogEntry.objects.create(user=reviewer, content_type=ContentType.objects.get_for_model(Claim),
                            object_id=str(claim.pk), object_repr=str(claim), action_flag=CHANGE,
                            change_message="[]")
    return claim


def export_here():
    out = io.StringIO()
    dataio.export(out)
    return out.getvalue()


def fresh_database_url(tmp_path):
    """A database nobody has used, and a function that removes it afterwards."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}", lambda: None
    configured = urlsplit(os.environ["DATABASE_URL"])
    name = f"{configured.path.lstrip('/')}_import_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

    def run(sql):
        import psycopg2

        admin = psycopg2.connect(dbname="postgres", user=settings["USER"], password=settings["PASSWORD"],
                                 host=settings["HOST"], port=settings["PORT"])
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(sql)
        admin.close()

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    return urlunsplit(configured._replace(path=f"/{name}")), lambda: run(f'DROP DATABASE IF EXISTS "{name}"')


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.django_db
def test_export_then_import_into_a_fresh_database_then_export_is_byte_identical(newsroom, tmp_path):
    first = tmp_path / "first.json"
    call_command("export_data", str(first), stderr=io.StringIO())
    url, drop = fresh_database_url(tmp_path)
    try:
        assert manage(url, "migrate", "--noinput", "-v", "0").returncode == 0
        imported = manage(url, "import_data", str(first))
        assert imported.returncode == 0, imported.stderr
        count = len(json.loads(first.read_text())["objects"])
        assert imported.stdout == f"Imported {count} objects from {first}.\n"
        second = tmp_path / "second.json"
        exported = manage(url, "export_data", str(second))
        assert exported.returncode == 0, exported.stderr
        assert second.read_bytes() == first.read_bytes()

        # A second import finds the database full and changes nothing.
        again = manage(url, "import_data", str(first))
        assert again.returncode != 0 and "The database is not empty" in again.stderr
        assert manage(url, "export_data", "-").stdout == first.read_text()
    finally:
        drop()


@pytest.mark.django_db
def test_the_export_holds_every_model_with_rows_users_groups_tokens_events_and_history(newsroom):
    data = json.loads(export_here())
    exported = {record["model"] for record in data["objects"]}
    with_rows = {model._meta.label_lower for model in apps.get_models()
                 if model._meta.managed and model._base_manager.exists()}
    # Only what migrate rebuilds from the code, and passing state, stay out.
    assert with_rows - exported == {"contenttypes.contenttype", "auth.permission"}
    assert {"auth.user", "auth.group", "knox.authtoken", "admin.logentry", "crisis.historicalclaim",
            "crisis.historicalpolicyproposal_proponents"} <= exported
    objects = data["objects"]
    users = {record["fields"]["username"]: record for record in objects if record["model"] == "auth.user"}
    assert users["eddie"]["fields"]["groups"] == [["Editors"]]
    assert users["eddie"]["fields"]["password"].startswith("md5$")
    [editors] = [r for r in objects if r["model"] == "auth.group" and r["fields"]["name"] == "Editors"]
    assert ["add_claim", "crisis", "claim"] in editors["fields"]["permissions"]
    assert "pk" not in editors  # matched by name in the new database
    [claim] = [r for r in data["objects"] if r["model"] == "crisis.claim" and r["pk"] == newsroom.pk]
    assert claim["fields"]["status"] == RecordStatus.PUBLISHED
    assert claim["fields"]["quote"] == "We are full — «plein»."
    assert claim["fields"]["created_at"] == newsroom.created_at.isoformat().replace("+00:00", "Z")
    assert data["migrations"] == dataio.applied_migrations("default")


@pytest.mark.django_db
def test_the_same_data_always_exports_to_the_same_bytes_in_a_fixed_order(newsroom):
    text = export_here()
    assert export_here() == text
    lines = text.splitlines()
    assert lines[0].startswith('{"format": "crisis-tracker-export", "version": 1, "migrations": [')
    assert lines[-1] == "]}"
    objects = [json.loads(line.rstrip(",")) for line in lines[1:-1]]
    order = [model._meta.label_lower for model in dataio.exported_models()]
    keys = [(order.index(o["model"]), o.get("pk", o["fields"].get("name"))) for o in objects]
    assert keys == sorted(keys, key=lambda key: (key[0], str(key[1]).zfill(40)))


@pytest.mark.django_db
def test_import_refuses_a_database_that_is_not_empty_and_says_why(editor, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(export_here())
    with pytest.raises(CommandError, match=r"The database is not empty \(1 auth.user\)"):
        call_command("import_data", str(path))


@pytest.mark.django_db
def test_import_refuses_a_file_written_under_newer_migrations(tmp_path):
    data = json.loads(export_here())
    data["migrations"].append(["crisis", "9999_from_the_future"])
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="crisis.9999_from_the_future"):
        call_command("import_data", str(path))


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), [
    ("[]", "not a file written by `manage.py export_data`"),
    ("{", "is not valid JSON"),
])
def test_import_refuses_a_file_that_is_not_an_export(tmp_path, content, message):
    path = tmp_path / "export.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_data", str(path))


def test_import_names_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.json: No such file"):
        call_command("import_data", str(tmp_path / "missing.json"))
