"""Every access decision lives in `mentorship/policy/`: grep finds no role check, and
no other guard idiom, anywhere else in the app or its templates."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROLE = r"""["'](?:member|coordinator|secretariat|steering|admin)["']"""
ROLE_CHECKS = {
    "has_role(": re.compile(r"\bhas_role\s*\("),
    "a role name tested against roles": re.compile(
        rf"{ROLE}\s+(?:not\s+)?in\s+[\w.]*roles\b"
    ),
    "a set operation on roles": re.compile(r"\broles\s*[&|^]"),
    "a query on role grants": re.compile(r"\bRoleGrant\.role\b"),
    "a role compared by name": re.compile(rf"\brole\s*[!=]=\s*{ROLE}"),
}
OTHER_GUARDS = {
    "login_required": re.compile(r"\blogin_required\b"),
    "abort(403)": re.compile(r"\babort\(\s*403"),
    "role_required": re.compile(r"\brole_required\b"),
    "ensure_visible": re.compile(r"\bensure_visible\b"),
}
ALLOWED = {
    # The policy itself, and the one place that defines roles.
    "mentorship/policy/",
    "mentorship/auth/models.py",
}


def _sources():
    for folder, pattern in (("mentorship", "*.py"), ("templates", "*.html")):
        for path in sorted((ROOT / folder).rglob(pattern)):
            name = path.relative_to(ROOT).as_posix()
            if not any(name.startswith(prefix) for prefix in ALLOWED):
                yield name, path.read_text(encoding="utf-8")


def _findings(rules):
    found = []
    for name, text in _sources():
        for number, line in enumerate(text.splitlines(), 1):
            for what, rule in rules.items():
                if rule.search(line):
                    found.append(f"{name}:{number}: {what}: {line.strip()}")
    return found


def test_no_role_check_outside_the_policy():
    assert _findings(ROLE_CHECKS) == []


def test_no_guard_but_the_policy_s():
    """Views guard with @policy.requires and policy.ensure_reach, nothing else."""
    assert _findings(OTHER_GUARDS) == []


def test_the_rules_catch_what_they_should():
    """The patterns are not vacuous: each catches the idiom it forbids."""
    samples = [
        'if user.has_role("coordinator"):',
        "{% if current_user.has_role('admin') %}",
        '"coordinator" in current_user.roles',
        "'admin' not in person.roles",
        "current = user.roles & set(GRANTABLE_ROLES)",
        '.where(RoleGrant.role == "coordinator")',
        'if role == "coordinator":',
        "@login_required",
        "abort(403)",
        "policy.role_required('admin')",
    ]
    rules = {**ROLE_CHECKS, **OTHER_GUARDS}
    for sample in samples:
        assert any(rule.search(sample) for rule in rules.values()), sample
    assert not any(
        rule.search("{% if role in person.roles %}") for rule in rules.values()
    )
