"""A worker's start: building the app imports neither the matching engine's
scikit-learn nor matplotlib (seconds at every gunicorn worker's start; they are
imported on the first matching run or chart)."""

import subprocess
import sys

CHECK = """
import sys
from mentorship import create_app
create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
print(sorted(m for m in ("sklearn", "matplotlib") if m in sys.modules))
"""


def test_building_the_app_leaves_the_heavy_libraries_unimported(tmp_path):
    found = subprocess.run(
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=True,
    )
    assert found.stdout.strip().splitlines()[-1] == "[]"


def test_the_engine_is_there_when_asked_for():
    import matching

    assert matching.propose.__module__ == "matching.pipeline"
    assert matching.suggest.__module__ == "matching.mentor_index"
