import subprocess
import sys

import matching


def test_library_imports_without_flask_or_sqlalchemy():
    code = (
        "import sys, matching, matching.bench, matching.datasets\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_api():
    assert matching.__version__ == "1.1.0"
    for name in ("propose", "suggest", "repropose", "MatchSettings", "MenteeProfile"):
        assert name in matching.__all__
