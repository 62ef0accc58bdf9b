"""The library through its pages: proposing and publishing, a file per language
and its versions (older translations outdated), the translation matrix, translators
told, review, the reader's file or the source with a note, search in three
languages, bad uploads refused with nothing stored, deletion deleting the files,
the download counter behind disclosure control, and the starter kit."""

import io

import pytest
import sqlalchemy as sa

from mentorship.core import memberships, storage, translated
from mentorship.core.models import Body
from mentorship.db import db
from mentorship.library import labels, services
from mentorship.library.models import Resource, ResourceFile
from mentorship.library.samples import make_docx, make_pdf

from ..factories import sign_in
from .test_core_files import s3_server  # noqa: F401  (the S3 server fixture)


def stored_keys():
    return set(db.session.scalars(sa.select(ResourceFile.storage_key)))


def files_on_disk(app):
    root = storage.storage(app).root
    return {p.name for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def people(make_org, make_user):
    org = make_org(name="WIM Perú")
    translators = Body(
        kind="translators",
        slug="translators",
        name=translated.new_text("en", en="Translators", es="Traductoras"),
    )
    db.session.add(translators)
    db.session.commit()
    found = {
        "org": org,
        "secretariat": make_user(roles=["secretariat"], name="Sara Secretariat"),
        "member": make_user(org=org, name="Marta Miembro", locale="es"),
        "translator": make_user(org=org, name="Fanny Traductrice", locale="fr"),
        "reviewer": make_user(org=org, name="Rita Reviewer"),
        "outsider": make_user(name="Olga Outsider"),
        "body": translators,
    }
    memberships.start(found["translator"], "member", body=translators)
    memberships.start(found["reviewer"], "chair", body=translators)
    db.session.commit()
    return found


def form(title_en="Statutes outline", title_es="Plantilla de estatutos", **extra):
    data = {
        "title-source": "en",
        "title-en": title_en,
        "title-es": title_es,
        "summary-source": "en",
        "summary-en": "An outline of statutes for a new association.",
        "tags-source": "en",
        "tags-en": "statutes, governance",
        "tags-es": "estatutos, gobernanza",
        "kind": "template",
        "source_lang": "en",
        "visibility": "public",
        "licence": "cc_by",
        "group_id": "",
        "owner_organisation_id": "",
        "owner_body_id": "",
        "link_url": "",
    }
    data.update(extra)
    return data


def upload(client, resource_id, lang, data, name):
    return client.post(
        f"/library/{resource_id}/files",
        data={"lang": lang, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def propose(client, **extra):
    response = client.post(
        "/library/new",
        data={
            **form(**extra),
            "file": (io.BytesIO(make_pdf("Statutes outline")), "statutes.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(sa.select(Resource).order_by(Resource.id.desc())).first()


def test_the_journey_of_issue_13(client, people, outbox, app):
    """A member proposes, the Secretariat publishes; a Spanish reader finds it by a
    Spanish word and downloads the Spanish file; a new English source makes the
    translations outdated in the matrix; the translator updates hers and the
    reviewer publishes it."""
    sign_in(client, people["member"], locale="en")
    resource = propose(client)
    assert resource.status == "draft" and resource.source_file().version == 1
    assert client.post(f"/library/{resource.id}/submit").status_code == 302
    assert any("Sara" in str(m.body) for m in outbox)  # the Secretariat is told

    sign_in(client, people["secretariat"], locale="en")
    assert client.post(f"/library/{resource.id}/publish").status_code == 302
    db.session.refresh(resource)
    assert resource.status == "published"
    spanish = make_docx("Plantilla de estatutos", ["Artículo primero: denominación"])
    french = make_pdf("Modèle de statuts", ["Article premier"])
    assert (
        upload(client, resource.id, "es", spanish, "plantilla.docx").status_code == 302
    )
    assert upload(client, resource.id, "fr", french, "statuts.pdf").status_code == 302
    for lang, person in (("fr", "translator"), ("es", "translator")):
        client.post(
            f"/library/{resource.id}/translators",
            data={"lang": lang, "user_id": str(people[person].id)},
        )
    latest = resource.latest()
    for lang in ("es", "fr"):
        assert (
            client.post(f"/library/files/{latest[lang].id}/review").status_code == 302
        )

    # A Spanish-speaking member finds it by a Spanish word of its file and gets hers.
    sign_in(client, people["member"], locale="es")
    page = client.get("/library?q=denominación").get_data(as_text=True)
    assert "Plantilla de estatutos" in page
    got = client.get(f"/library/{resource.id}/download")
    assert got.status_code == 200
    assert got.data == spanish
    assert "plantilla.docx" in got.headers["Content-Disposition"]
    assert got.headers["X-Content-Type-Options"] == "nosniff"

    # The Secretariat replaces the English source: French and Spanish are outdated.
    outbox.clear()
    sign_in(client, people["secretariat"], locale="en")
    new_source = make_pdf("Statutes outline, second edition")
    assert (
        upload(client, resource.id, "en", new_source, "statutes-2.pdf").status_code
        == 302
    )
    db.session.expire_all()
    assert resource.source_file().version == 2
    assert resource.status_in("fr") == "outdated" == resource.status_in("es")
    matrix = client.get("/library/translations?status=outdated").get_data(as_text=True)
    assert "Statutes outline" in matrix and matrix.count("Outdated") >= 2
    told = [m for m in outbox if people["translator"].email in m.to]
    assert told and "source" in told[0].subject.lower() or "nouvelle" in told[0].subject

    # The translator updates French; the reviewer publishes it.
    sign_in(client, people["translator"], locale="en")
    updated = make_pdf("Modèle de statuts, deuxième édition")
    assert (
        upload(client, resource.id, "fr", updated, "statuts-2.pdf").status_code == 302
    )
    db.session.expire_all()
    assert resource.status_in("fr") == "draft"
    assert resource.latest()["fr"].based_on == 2
    assert any(people["reviewer"].email in m.to for m in outbox)  # ready to review
    sign_in(client, people["reviewer"], locale="en")
    fr = resource.latest()["fr"]
    assert client.post(f"/library/files/{fr.id}/review").status_code == 302
    db.session.expire_all()
    assert resource.status_in("fr") == "reviewed"
    assert resource.status_in("es") == "outdated"


def test_reader_gets_the_source_with_a_note(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    client.post(f"/library/{resource.id}/publish")
    sign_in(client, people["member"], locale="es")
    page = client.get(f"/library/{resource.id}").get_data(as_text=True)
    assert "todavía" in page or "not available in" in page
    got = client.get(f"/library/{resource.id}/download")
    assert got.status_code == 200 and got.data.startswith(b"%PDF-")


def test_a_draft_translation_is_not_given_to_readers(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    client.post(f"/library/{resource.id}/publish")
    upload(client, resource.id, "es", make_pdf("Borrador"), "borrador.pdf")
    sign_in(client, people["member"], locale="es")
    got = client.get(f"/library/{resource.id}/download")
    assert b"Statutes outline" in got.data or got.data.startswith(b"%PDF")
    assert got.data != make_pdf("Borrador")


BAD = [
    (make_docx("x"), "report.pdf", "does not match"),
    (b"MZ\x90\x00" + b"\x00" * 100, "guide.pdf", "Programs cannot"),
    (b"just text", "notes.pdf", "not accepted"),
    (None, "bomb.docx", "expand"),
]


@pytest.mark.parametrize(("raw", "name", "says"), BAD)
def test_bad_uploads_store_nothing(client, people, app, raw, name, says):
    from .test_core_files import zip_bomb

    raw = raw if raw is not None else zip_bomb()
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    keys, disk = stored_keys(), files_on_disk(app)
    response = upload(client, resource.id, "fr", raw, name)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    assert stored_keys() == keys and files_on_disk(app) == disk


def test_a_file_over_the_limit(client, people, app):
    app.config["LIBRARY_MAX_BYTES"] = 1024
    try:
        sign_in(client, people["secretariat"], locale="en")
        response = client.post(
            "/library/new",
            data={**form(), "file": (io.BytesIO(make_pdf("x") + b" " * 2048), "a.pdf")},
            content_type="multipart/form-data",
        )
    finally:
        app.config["LIBRARY_MAX_BYTES"] = 8 * 1024 * 1024
    assert response.status_code == 400
    assert "larger than" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Resource.id))) == 0


def test_a_path_in_the_name_is_dropped(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    upload(client, resource.id, "fr", make_pdf("Statuts"), "../../../etc/statuts.pdf")
    db.session.expire_all()
    assert resource.latest()["fr"].filename == "statuts.pdf"


def test_a_racing_second_upload_leaves_no_orphan(app, people):
    """Two uploads of the same language's next version: the database keeps one;
    the loser's stored file is deleted and it gets a translated refusal."""
    with app.test_request_context():
        resource = Resource(
            kind="guide", title=translated.new_text("en", en="Race"), status="draft"
        )
        db.session.add(resource)
        db.session.commit()
        from mentorship.core import uploads

        checked = uploads.check(make_pdf("one"), "one.pdf")
        services.add_file(resource, "en", checked, people["secretariat"])
        # The second one computed the same version number before the first wrote.
        first = resource.latest()["en"]
        before = files_on_disk(app)
        original = db.session.scalar

        def stale_max(statement, *args, **kwargs):
            if "max" in str(statement).lower() and "library_files" in str(statement):
                return 0
            return original(statement, *args, **kwargs)

        db.session.scalar = stale_max
        try:
            with pytest.raises(services.LibraryError) as lost:
                services.add_file(resource, "en", checked, people["secretariat"])
        finally:
            del db.session.scalar
        assert "same moment" in str(lost.value)
        assert files_on_disk(app) == before
        assert resource.latest()["en"].id == first.id


def test_deleting_a_resource_deletes_its_files(client, people, app):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    upload(client, resource.id, "fr", make_pdf("Statuts"), "statuts.pdf")
    keys = {f.storage_key for f in resource.files}
    resource_id = resource.id
    assert len(keys) == 2 and keys <= files_on_disk(app)
    assert client.get(f"/library/{resource_id}/delete").status_code == 200
    assert client.post(f"/library/{resource_id}/delete").status_code == 302
    assert not keys & files_on_disk(app)
    db.session.expire_all()
    gone = sa.select(Resource.id).where(Resource.id == resource_id)
    assert db.session.scalar(gone) is None


def test_visibility_and_publishing_rights(client, people, make_user):
    sign_in(client, people["member"], locale="en")
    resource = propose(client, visibility="members")
    # She may not publish her own proposal; the Secretariat may.
    assert client.post(f"/library/{resource.id}/publish").status_code == 403
    sign_in(client, people["outsider"])
    assert client.get(f"/library/{resource.id}").status_code == 404
    sign_in(client, people["secretariat"], locale="en")
    client.post(f"/library/{resource.id}/publish")
    client.get("/logout")
    anonymous = client.application.test_client()
    assert anonymous.get(f"/library/{resource.id}").status_code == 404
    sign_in(client, people["member"], locale="en")
    assert client.get(f"/library/{resource.id}").status_code == 200


def test_working_group_chair_publishes_her_groups_resource(client, people, make_user):
    group = Body(
        kind="working_group",
        slug="wg-data",
        name=translated.new_text("en", en="Data working group"),
    )
    db.session.add(group)
    db.session.commit()
    chair = make_user(org=people["org"], name="Carla Chair")
    memberships.start(chair, "chair", body=group)
    db.session.commit()
    sign_in(client, people["member"], locale="en")
    resource = propose(
        client, visibility="working_group", group_id=str(group.id), title_es=""
    )
    sign_in(client, chair)
    assert client.post(f"/library/{resource.id}/publish").status_code == 302
    sign_in(client, people["member"])  # not in the group
    assert client.get(f"/library/{resource.id}").status_code == 200  # she proposed it
    sign_in(client, people["outsider"])
    assert client.get(f"/library/{resource.id}").status_code == 404


def test_filters_and_search_in_each_language(client, people):
    sign_in(client, people["secretariat"], locale="en")
    first = propose(client)
    second = propose(
        client,
        title_en="Event checklist",
        title_es="Lista de verificación de eventos",
        kind="guide",
    )
    for resource in (first, second):
        client.post(f"/library/{resource.id}/publish")
    page = client.get("/library?q=plantilla").get_data(as_text=True)
    assert "Statutes outline" in page and "Event checklist" not in page
    page = client.get("/library?kind=guide").get_data(as_text=True)
    assert "Event checklist" in page and "Statutes outline" not in page
    page = client.get("/library?lang=fr").get_data(as_text=True)
    assert "Event checklist" not in page
    page = client.get("/library?q=statutes&page=999999999").get_data(as_text=True)
    assert "Statutes outline" not in page


def test_download_counter_behind_disclosure(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    client.post(f"/library/{resource.id}/publish")
    for _ in range(3):
        client.get(f"/library/{resource.id}/download")
    page = client.get(f"/library/{resource.id}").get_data(as_text=True)
    assert "fewer than 5" in page
    for _ in range(3):
        client.get(f"/library/{resource.id}/download")
    db.session.expire_all()
    assert resource.downloads == 6
    page = client.get(f"/library/{resource.id}").get_data(as_text=True)
    assert "<dd>6</dd>" in page


def test_starter_kit_linked_from_onboarding(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    resource.starter_kit = True
    db.session.commit()
    client.post(f"/library/{resource.id}/publish")
    page = client.get("/library/starter-kit").get_data(as_text=True)
    assert "Statutes outline" in page
    page = client.get(f"/organisations/{people['org'].slug}/onboarding")
    if page.status_code == 200:
        assert "/library/starter-kit" in page.get_data(as_text=True)


def test_the_secretariat_reaches_the_matrix_from_the_overview(client, people):
    sign_in(client, people["secretariat"], locale="en")
    page = client.get("/admin/alliance")
    if page.status_code == 200:
        assert "/library/translations" in page.get_data(as_text=True)
    assert client.get("/library/translations").status_code == 200
    sign_in(client, people["translator"], locale="en")
    assert client.get("/library/translations").status_code == 200
    sign_in(client, people["member"], locale="en")
    assert client.get("/library/translations").status_code == 403


def test_concurrent_reviews_one_wins(app, people):
    """Two reviewers at once: one conditional UPDATE wins, the other is told."""
    with app.test_request_context():
        resource = Resource(
            kind="guide", title=translated.new_text("en", en="Race"), status="draft"
        )
        db.session.add(resource)
        db.session.commit()
        from mentorship.core import uploads

        services.add_file(
            resource, "en", uploads.check(make_pdf("a"), "a.pdf"), people["secretariat"]
        )
        services.add_file(
            resource, "fr", uploads.check(make_pdf("b"), "b.pdf"), people["translator"]
        )
        db.session.commit()
        fr = resource.latest()["fr"]
        services.review(fr, people["secretariat"])
        with pytest.raises(services.LibraryError):
            services.review(fr, people["reviewer"])


def test_files_on_s3_and_no_orphan_object(client, people, app, s3_server):  # noqa: F811
    """The same flow with the S3-compatible store: a refused upload leaves no
    object, deleting the resource deletes its objects."""
    import boto3

    options = {
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "aws_access_key_id": "test",
        "aws_secret_access_key": "test",
    }
    s3 = boto3.client("s3", **options)
    s3.create_bucket(Bucket="library-flow")

    def objects():
        listed = s3.list_objects_v2(Bucket="library-flow")
        return {o["Key"] for o in listed.get("Contents", [])}

    local = app.extensions.get("storage")
    app.extensions["storage"] = storage.S3Storage("library-flow", **options)
    try:
        sign_in(client, people["secretariat"], locale="en")
        resource = propose(client)
        resource_id = resource.id
        assert len(objects()) == 1
        assert (
            upload(client, resource_id, "fr", make_docx("x"), "x.pdf").status_code
            == 400
        )
        assert len(objects()) == 1
        got = client.get(f"/library/{resource_id}/download")
        assert got.status_code == 404 or got.data.startswith(b"%PDF")
        assert client.post(f"/library/{resource_id}/delete").status_code == 302
        assert objects() == set()
    finally:
        app.extensions["storage"] = local


def test_the_demo_library(app_ctx, make_org, make_user, app):
    """About thirty resources with real files in one to three languages, some
    translations outdated and some drafts; seeding twice adds nothing."""
    from mentorship.demo.library import seed_library

    org = make_org()
    make_user(org=org, locale="fr")
    make_user(org=org, locale="es")
    with app.test_request_context():
        seed_library()
        db.session.commit()
        seed_library()
        db.session.commit()
    resources = db.session.scalars(sa.select(Resource)).all()
    assert len(resources) == 30
    statuses = {r.status_in(lang) for r in resources for lang in ("en", "fr", "es")}
    assert {"source", "reviewed", "outdated", "draft", "missing"} <= statuses
    assert sum(r.starter_kit for r in resources) == 4
    pdf = next(f for r in resources for f in r.files if f.mime == "application/pdf")
    assert storage.storage().get(pdf.storage_key).startswith(b"%PDF-")
    assert pdf.text  # its text was extracted for search


def test_editing_the_description_reindexes_it(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    client.post(f"/library/{resource.id}/publish")
    assert client.get(f"/library/{resource.id}/edit").status_code == 200
    edited = form(title_en="Outline of statutes", title_es="Plantilla de estatutos")
    edited["title-es_reviewed"] = "y"
    response = client.post(f"/library/{resource.id}/edit", data=edited)
    assert response.status_code == 302
    page = client.get("/library?q=outline").get_data(as_text=True)
    assert "Outline of statutes" in page


def test_only_an_assigned_translator_uploads_a_translation(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    client.post(f"/library/{resource.id}/publish")
    sign_in(client, people["translator"], locale="en")
    french = make_pdf("Modèle de statuts")
    assert upload(client, resource.id, "fr", french, "statuts.pdf").status_code == 403
    sign_in(client, people["secretariat"], locale="en")
    client.post(
        f"/library/{resource.id}/translators",
        data={"lang": "fr", "user_id": str(people["translator"].id)},
    )
    sign_in(client, people["translator"], locale="en")
    assert upload(client, resource.id, "fr", french, "statuts.pdf").status_code == 302
    # The source stays the editors'.
    english = make_pdf("Statutes")
    assert upload(client, resource.id, "en", english, "statutes.pdf").status_code == 400


@pytest.mark.parametrize(
    ("locale", "big", "small"),
    [
        ("en", "1.2 MB", "34 kB"),
        ("fr", "1,2\u202fMo", "34\u202fko"),  # French: a narrow no-break space
        ("es", "1,2 MB", "34 kB"),
    ],
)
def test_file_sizes_are_written_in_the_readers_language(app, locale, big, small):
    with app.test_request_context(headers={"Accept-Language": locale}):
        assert labels.size(int(1.2 * 1024 * 1024)) == big
        assert labels.size(34 * 1024 + 10) == small


def test_translators_names_are_not_shown_to_every_reader(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    client.post(f"/library/{resource.id}/publish")
    client.post(
        f"/library/{resource.id}/translators",
        data={"user_id": str(people["translator"].id), "lang": "fr"},
    )
    assert "Fanny Traductrice" in client.get(f"/library/{resource.id}").text
    sign_in(client, people["translator"], locale="en")
    assert "Fanny Traductrice" in client.get(f"/library/{resource.id}").text
    for reader in ("member", "outsider"):
        sign_in(client, people[reader], locale="en")
        assert "Fanny Traductrice" not in client.get(f"/library/{resource.id}").text
    client.post("/logout")
    assert "Fanny Traductrice" not in client.get(f"/library/{resource.id}").text


def test_a_store_that_cannot_keep_the_file_is_a_clear_refusal(
    client, people, app, tmp_path
):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    app.extensions["storage"] = storage.LocalStorage(blocked)
    try:
        response = upload(
            client, resource.id, "es", make_pdf("Estatutos"), "estatutos.pdf"
        )
    finally:
        del app.extensions["storage"]
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "The file could not be stored just now" in page
    db.session.expire_all()
    assert [f.lang for f in resource.files] == ["en"]


def test_her_translator_assignments_are_in_her_export(client, people):
    sign_in(client, people["secretariat"], locale="en")
    resource = propose(client)
    client.post(
        f"/library/{resource.id}/translators",
        data={"user_id": str(people["translator"].id), "lang": "fr"},
    )
    sign_in(client, people["translator"], locale="en")
    mine = client.get("/account/data.json").json["translator_assignments"]
    assert [(a["resource_id"], a["language"]) for a in mine] == [(resource.id, "fr")]
    sign_in(client, people["member"], locale="en")
    assert client.get("/account/data.json").json["translator_assignments"] == []
