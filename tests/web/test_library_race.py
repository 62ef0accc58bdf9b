"""Two uploads of the same language's next version at the same moment (PostgreSQL,
two connections): the unique (resource, language, version) keeps one; the other
gets a translated refusal and its stored file is deleted (no orphan)."""

import threading

import pytest

from mentorship.core import storage, translated, uploads
from mentorship.db import db
from mentorship.library import services
from mentorship.library.models import Resource, ResourceFile
from mentorship.library.samples import make_pdf

pytestmark = pytest.mark.commits


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races between connections are proven on PostgreSQL")


def test_racing_uploads_keep_one_and_leave_no_orphan(app, make_user, monkeypatch):
    secretariat = make_user(roles=["secretariat"])
    resource = Resource(kind="guide", title=translated.new_text("en", en="Race"))
    db.session.add(resource)
    db.session.commit()
    resource_id, user_id = resource.id, secretariat.id
    root = storage.storage(app).root
    before = {p.name for p in root.rglob("*") if p.is_file()}

    # Both uploads have read the next version number before either writes.
    both_counted = threading.Barrier(2, timeout=10)
    real_text_of = services.text_of

    def text_of_after_both(data, ext):
        both_counted.wait()
        return real_text_of(data, ext)

    monkeypatch.setattr(services, "text_of", text_of_after_both)
    results = {}

    def upload(name):
        with app.test_request_context():
            try:
                from mentorship.auth.models import User

                checked = uploads.check(make_pdf(name), f"{name}.pdf")
                services.add_file(
                    db.session.get(Resource, resource_id),
                    "en",
                    checked,
                    db.session.get(User, user_id),
                )
                db.session.commit()
                results[name] = "stored"
            except services.LibraryError as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=upload, args=(n,)) for n in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert sorted(results.values())[-1] == "stored"
    refused = [v for v in results.values() if v != "stored"]
    assert len(refused) == 1 and "same moment" in refused[0]
    db.session.expire_all()
    rows = db.session.query(ResourceFile).filter_by(resource_id=resource_id).all()
    assert [r.version for r in rows] == [1]
    after = {p.name for p in root.rglob("*") if p.is_file()}
    assert after - before == {rows[0].storage_key}
