"""The read-replica router on two real PostgreSQL databases: `miftah_scaleout` as the primary and
`miftah_scaleout_replica` standing in for the replica (a copy that does not follow the primary, so any read served
by it is visibly out of date). Reader requests read the replica; a request that writes stays on the primary from its
write on, the browser that wrote stays there for MIFTAH_REPLICA_PIN_SECONDS; the worker and commands use the primary.
"""

import json
import subprocess

import psycopg

from miftah.testing import skip_unless

from .test_scaleout import _postgres_answers
from .topology import BIN, DATABASE, PG_BASE, REPO, Topology


def test_reads_go_to_the_replica_until_a_write_pins_the_primary():
    skip_unless(_postgres_answers(), "PostgreSQL does not answer at 127.0.0.1:5432")
    topology = Topology()
    replica = f"{DATABASE}_replica"
    try:
        topology.create_database()
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{replica}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{replica}" TEMPLATE "{DATABASE}_template"')
        env = topology.env("replica")
        env.update(DATABASE_REPLICA_URL=f"{PG_BASE}/{replica}", MIFTAH_REPLICA_PIN_SECONDS="7", DB_POOL_MAX_SIZE="0")
        result = subprocess.run([str(BIN / "python"), "-m", "scaleout.replica_probe"], env=env, cwd=REPO,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        topology.down()
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{replica}" WITH (FORCE)')
    assert seen["reader"][0] == "replica" and seen["reader"][1] != "written on the primary"
    assert seen["editor_before"] == ["default", "written on the primary"]
    assert seen["editor_after"] == ["default", "written on the primary again"]
    assert seen["pin_cookie"] == {"set": True, "max_age": 7}
    assert seen["get_before_write"][0] == "replica"
    assert seen["get_after_write"] == ["default", "a write during a GET"]
    assert seen["after_write_with_cookie"] == ["default", "a write during a GET"]
    assert seen["outside_a_request"] == ["default", "a write during a GET"]
