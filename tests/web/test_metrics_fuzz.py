"""The shared metrics' routes under bad input as every kind of person: never a
server error (the metrics' part of `test_fuzz`, quicker than the whole walk)."""

import pytest

from mentorship.db import db

from .test_fuzz import Fuzzer, fuzz_world  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "leader", "coordinator", "secretariat"]
)
def test_metrics_never_answer_a_server_error(app, fuzz_world, role):  # noqa: F811
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("metrics.")
    }
    fuzzer = Fuzzer(app, fuzz_world, role, endpoints=endpoints)
    fuzzer.run()
    db.session.remove()
    print(f"\nfuzz metrics {role}: {fuzzer.requests} requests")
    assert fuzzer.requests > 20
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
