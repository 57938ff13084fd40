"""The content studio: staff create drafts, send them to review, schedule,
publish and unpublish them, preview them, and restore their versions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.audit.models import AuditAction, AuditEvent
from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort
from eig.content.models import Post
from eig.studio import services
from eig.studio.models import EditorialState, EditorialStatus
from eig.studio.registry import KINDS
from tests.accounts.factories import make_user
from tests.factories import ChallengeFactory, CohortFactory, PostFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
S = EditorialStatus


@pytest.fixture
def staff(client):
    user = make_user(Role.STAFF)
    client.force_login(user)
    return user


def _actions(challenge):
    return list(
        AuditEvent.objects.filter(target_type="challenges.challenge", target_id=str(challenge.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_studio_home_lists_every_kind_with_its_count(client, staff):
    CohortFactory()
    response = client.get(reverse("gestion:studio_home"))
    assert response.status_code == 200
    text = response.content.decode()
    for kind in KINDS:
        assert reverse("gestion:studio_list", args=[kind.key]) in text
    assert "Rien n&#x27;attend de relecture." in text or "Rien n'attend de relecture." in text


def test_the_back_office_home_leads_to_the_studio(client, staff):
    response = client.get(reverse("gestion:home"))
    assert response.status_code == 200
    assert reverse("gestion:studio_home") in response.content.decode()


def test_a_cohort_created_in_the_studio_is_a_draft_and_not_public(client, staff):
    programme = ProgrammeFactory()
    response = client.post(
        reverse("gestion:studio_create", args=["promotions"]),
        {"programme": programme.pk, "name": "Promotion 8", "number": 8, "year": 2027},
    )
    cohort = Cohort.objects.get(name="Promotion 8")
    assert response.status_code == 302
    assert response["Location"] == reverse("gestion:studio_edit", args=["promotions", cohort.pk])
    assert cohort.slug == "promotion-8"
    assert cohort.is_published is False
    assert services.status_of(cohort, EditorialState.objects.get(object_id=cohort.pk)) == S.DRAFT
    assert client.get(cohort.get_absolute_url()).status_code == 404
    assert cohort.history.count() == 1
    assert cohort.history.get().history_user == staff


def test_bad_input_keeps_what_was_typed_and_says_why_in_french(client, staff):
    response = client.post(
        reverse("gestion:studio_create", args=["promotions"]),
        {"name": "Promotion 9", "year": "deux mille"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="Promotion 9"' in text
    assert "Saisissez un nombre entier." in text
    assert not Cohort.objects.filter(name="Promotion 9").exists()


def test_publishing_is_confirmed_then_public_then_unpublished(client, staff):
    challenge = ChallengeFactory(is_published=False)
    EditorialState.objects.create(item=challenge, status=S.DRAFT)
    url = reverse("gestion:studio_status", args=["defis", challenge.pk, "published"])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "Confirmer : Publier" in confirmation.content.decode()
    challenge.refresh_from_db()
    assert challenge.is_published is False  # the GET only asks

    assert client.post(url).status_code == 302
    challenge.refresh_from_db()
    assert challenge.is_published is True
    assert client.get(challenge.get_absolute_url()).status_code == 200

    client.post(reverse("gestion:studio_status", args=["defis", challenge.pk, "unpublished"]))
    challenge.refresh_from_db()
    assert challenge.is_published is False
    client.logout()
    assert client.get(challenge.get_absolute_url()).status_code == 404
    assert _actions(challenge) == [AuditAction.CONTENT_PUBLISHED, AuditAction.CONTENT_UNPUBLISHED]


def test_a_published_item_cannot_be_sent_back_to_review_without_being_unpublished(staff):
    challenge = ChallengeFactory(is_published=True)
    with pytest.raises(services.StudioError):
        services.set_status(actor=staff, item=challenge, status=S.REVIEW)


def test_scheduling_needs_a_future_date_and_the_scheduler_publishes_once(staff):
    post = PostFactory(is_published=False)
    with pytest.raises(services.StudioError, match="à venir"):
        services.set_status(
            actor=staff, item=post, status=S.SCHEDULED, publish_at=timezone.now() - timedelta(1)
        )
    soon = timezone.now() + timedelta(minutes=1)
    services.set_status(
        actor=staff,
        item=post,
        status=S.SCHEDULED,
        publish_at=soon,
        unpublish_at=soon + timedelta(days=2),
    )
    assert services.publish_due(now=soon - timedelta(seconds=1)) == {
        "published": 0,
        "unpublished": 0,
    }
    assert services.publish_due(now=soon) == {"published": 1, "unpublished": 0}
    assert services.publish_due(now=soon) == {"published": 0, "unpublished": 0}  # a second run
    post.refresh_from_db()
    assert post.is_published is True
    assert services.publish_due(now=soon + timedelta(days=2)) == {"published": 0, "unpublished": 1}
    post.refresh_from_db()
    assert post.is_published is False
    actions = AuditEvent.objects.filter(target_type="content.post", target_id=str(post.pk))
    assert list(actions.order_by("pk").values_list("action", flat=True)) == [
        AuditAction.CONTENT_SCHEDULED,
        AuditAction.CONTENT_PUBLISHED,
        AuditAction.CONTENT_UNPUBLISHED,
    ]


def test_the_schedule_form_reads_paris_time(client, staff, settings):
    post = PostFactory(is_published=False)
    moment = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("gestion:studio_status", args=["actualites", post.pk, "scheduled"]),
        {"publish_at": moment.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    state = EditorialState.objects.get(object_id=post.pk)
    assert state.status == S.SCHEDULED
    assert state.publish_at == moment
    assert settings.TIME_ZONE == "Europe/Paris"


def test_the_preview_shows_a_draft_as_its_public_page_in_both_languages(client, staff):
    post = PostFactory(is_published=False, title="Une actualité en préparation")
    assert client.get(post.get_absolute_url()).status_code == 404
    url = reverse("gestion:studio_preview", args=["actualites", post.pk])
    french = client.get(url)
    assert french.status_code == 200
    assert "Une actualité en préparation" in french.content.decode()
    assert "Aperçu réservé à l" in french.content.decode()
    assert french["X-Robots-Tag"] == "noindex, nofollow"
    english = client.get(url + "?langue=en")
    assert english.status_code == 200
    assert '<html lang="en"' in english.content.decode()


def test_the_preview_refuses_everyone_but_staff(client):
    post = PostFactory(is_published=False)
    url = reverse("gestion:studio_preview", args=["actualites", post.pk])
    assert client.get(url).status_code == 302
    client.force_login(make_user(Role.CANDIDATE))
    assert client.get(url).status_code == 403


def test_a_typo_fixed_then_the_earlier_version_restored(client, staff):
    challenge = ChallengeFactory(title="Un défi avec une fote", is_published=True)
    edit = reverse("gestion:studio_edit", args=["defis", challenge.pk])
    form = client.get(edit).context["form"]
    data = {
        name: field.widget.format_value(form.initial.get(name)) or ""
        for name, field in form.fields.items()
        if name not in ("themes", "skills")
    }
    data.update(title="Un défi sans faute", is_startup_detat="")
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    challenge.refresh_from_db()
    assert challenge.title == "Un défi sans faute"
    assert challenge.is_published is True

    versions = client.get(reverse("gestion:studio_versions", args=["defis", challenge.pk]))
    assert versions.status_code == 200
    text = versions.content.decode()
    assert "Un défi avec une fote" in text and "Un défi sans faute" in text
    assert "Modification d&#x27;un contenu" in text  # the journal names each action
    services.set_status(actor=staff, item=challenge, status=S.UNPUBLISHED)
    versions = client.get(reverse("gestion:studio_versions", args=["defis", challenge.pk]))
    cells = versions.content.decode()
    assert "<del>oui</del>" in cells and "<ins>non</ins>" in cells  # not True / False
    assert "True" not in cells and "False" not in cells
    services.set_status(actor=staff, item=challenge, status=S.PUBLISHED)

    first = challenge.history.order_by("history_id").first()
    restore = reverse("gestion:studio_restore", args=["defis", challenge.pk, first.history_id])
    confirm = client.get(restore)
    assert confirm.status_code == 200
    # What is there today, struck out, then what the restore brings back.
    assert "<del>Un défi sans faute</del>" in confirm.content.decode()
    assert "<ins>Un défi avec une fote</ins>" in confirm.content.decode()
    client.post(restore)
    challenge.refresh_from_db()
    assert challenge.title == "Un défi avec une fote"
    assert challenge.history.count() == 5  # the restore is a version too
    assert AuditAction.CONTENT_RESTORED in _actions(challenge)


def test_the_list_is_searchable_filterable_and_paginated(client, staff):
    ChallengeFactory(title="Cartographie des forêts", is_published=True)
    draft = ChallengeFactory(title="Cartographie des rivières", is_published=False)
    EditorialState.objects.create(item=draft, status=S.REVIEW)
    url = reverse("gestion:studio_list", args=["defis"])
    response = client.get(url, {"q": "cartographie", "status": "review"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cartographie des rivières" in text
    assert "Cartographie des forêts" not in text
    home = client.get(reverse("gestion:studio_home")).content.decode()
    assert "Cartographie des rivières" in home  # waits for review


def test_the_list_runs_a_bounded_number_of_queries(client, staff, django_assert_max_num_queries):
    ChallengeFactory.create_batch(30)
    url = reverse("gestion:studio_list", args=["defis"])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/gestion/contenus/defis/") >= 30


def test_every_kind_has_a_list_and_a_creation_form(client, staff):
    for kind in KINDS:
        assert client.get(reverse("gestion:studio_list", args=[kind.key])).status_code == 200
        assert client.get(reverse("gestion:studio_create", args=[kind.key])).status_code == 200
    assert client.get(reverse("gestion:studio_list", args=["inconnu"])).status_code == 404


def test_no_studio_form_offers_the_public_flag():
    from eig.www.gestion.studio.forms import FORMS

    for form in FORMS.values():
        assert "is_published" not in form.base_fields


def test_a_new_post_is_not_public_even_if_its_model_says_so(staff):
    post = Post(title="Brouillon", slug="brouillon", published_at=timezone.now(), is_published=True)
    services.save_item(actor=staff, item=post)
    post.refresh_from_db()
    assert post.is_published is False
    assert Challenge.objects.count() == 0


def _form_data(client, url):
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if name in ("themes", "skills"):
            data[name] = [item.pk for item in value or []]
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        else:
            data[name] = field.widget.format_value(value) or ""
    return data


def test_a_change_to_a_published_item_is_previewed_before_it_is_saved(client, staff):
    challenge = ChallengeFactory(title="Le titre publié", is_published=True)
    versions = challenge.history.count()
    edit = reverse("gestion:studio_edit", args=["defis", challenge.pk])
    data = _form_data(client, edit)
    data.update(title="Le titre corrigé", action="preview")
    preview = client.post(edit, data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Le titre corrigé" in text
    assert "ne sont pas encore enregistrées" in text
    assert 'name="title" value="Le titre corrigé"' in text  # carried, not lost
    challenge.refresh_from_db()
    assert challenge.title == "Le titre publié"
    assert challenge.history.count() == versions

    data["action"] = "back"
    back = client.post(edit, data)
    assert back.status_code == 200
    assert 'value="Le titre corrigé"' in back.content.decode()
    challenge.refresh_from_db()
    assert challenge.title == "Le titre publié"

    data["action"] = "save"
    assert client.post(edit, data).status_code == 302
    challenge.refresh_from_db()
    assert challenge.title == "Le titre corrigé"


def test_a_defi_written_in_the_studio_takes_its_cohort_year_and_a_slug(client, staff):
    cohort = CohortFactory(year=2027)
    response = client.post(
        reverse("gestion:studio_create", args=["defis"]),
        {"title": "Des données pour les forêts", "cohort": cohort.pk, "funding": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    challenge = Challenge.objects.get(title="Des données pour les forêts")
    assert (challenge.year, challenge.slug) == (2027, "des-donnees-pour-les-forets")
    assert challenge.is_published is False


def test_a_dead_link_is_shown_before_publishing(client, staff):
    post = PostFactory(is_published=False, body="Voir [ce défi](/defis/2099/nulle-part/).")
    edit = client.get(reverse("gestion:studio_edit", args=["actualites", post.pk]))
    assert edit.status_code == 200
    assert "Ce lien ne mène nulle part : /defis/2099/nulle-part/" in edit.content.decode()
    assert "markdown-editor" in edit.content.decode()  # the live preview's script
    confirm = client.get(
        reverse("gestion:studio_status", args=["actualites", post.pk, "published"])
    )
    assert confirm.status_code == 200
    assert "Ce lien ne mène nulle part : /defis/2099/nulle-part/" in confirm.content.decode()


def test_a_post_takes_its_picture_from_the_media_library(client, staff, settings, tmp_path):
    from eig.medialibrary.services import upload_media
    from tests.medialibrary.conftest import png_upload

    settings.MEDIA_ROOT = tmp_path
    media = upload_media(
        actor=staff, uploaded_file=png_upload(), title="Forêt", alt="Une forêt de pins"
    )
    create = reverse("gestion:studio_create", args=["actualites"])
    form = client.get(create).content.decode()
    assert "Forêt — Une forêt de pins" in form  # offered in the picker
    response = client.post(
        create,
        {
            "title": "Une actualité illustrée",
            "language": "fr",
            "published_at": "2026-12-03T10:00",
            "library_image": media.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    post = Post.objects.get(title="Une actualité illustrée")
    assert post.image == media.url
    edit = client.get(reverse("gestion:studio_edit", args=["actualites", post.pk]))
    assert edit.context["form"]["library_image"].value() == media.pk
    from eig.medialibrary.selectors import media_usages

    assert list(media_usages(media))  # the library sees where it is used
    services.set_status(actor=staff, item=post, status=S.PUBLISHED)
    public = client.get(post.get_absolute_url())
    assert public.status_code == 200
    assert 'alt="Une forêt de pins"' in public.content.decode()  # the library's alt text
    detail = client.get(reverse("gestion:media_detail", args=[media.pk]))
    assert detail.status_code == 200
    assert reverse("gestion:studio_edit", args=["actualites", post.pk]) in detail.content.decode()


def test_a_defi_shows_the_alt_text_and_credit_of_its_library_picture(
    client, staff, settings, tmp_path
):
    from eig.medialibrary.services import upload_media
    from tests.medialibrary.conftest import png_upload

    settings.MEDIA_ROOT = tmp_path
    media = upload_media(
        actor=staff,
        uploaded_file=png_upload(),
        title="Port",
        alt="Une grue de port au lever du soleil",
        credit="Photo : Port de Marseille",
    )
    challenge = ChallengeFactory(title="Les données des ports", image=media.url)
    public = client.get(challenge.get_absolute_url())
    assert public.status_code == 200
    html = public.content.decode()
    assert 'alt="Une grue de port au lever du soleil"' in html  # not the défi's title
    assert "Photo : Port de Marseille" in html
    other = ChallengeFactory(title="Sans médiathèque", image="")
    assert client.get(other.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("step", ["publish", "schedule", "restore", "unpublish"])
def test_each_studio_write_makes_the_cached_public_pages_stale(client, settings, step):
    """Anonymous pages come from the page cache; each write of the studio moves
    the content version they are stored under (eig/core/cache.py)."""
    settings.EIG_PAGE_CACHE = True
    staff = make_user(Role.STAFF)
    post = PostFactory(is_published=step == "unpublish", title="Ancien titre")
    list_url = reverse("content:post_list")
    first = client.get(list_url)
    assert first.status_code == 200
    assert client.get(list_url).headers.get("X-Cache") == "hit"
    if step == "publish":
        services.set_status(actor=staff, item=post, status=S.PUBLISHED)
    elif step == "schedule":
        moment = timezone.now() + timedelta(minutes=1)
        services.set_status(actor=staff, item=post, status=S.SCHEDULED, publish_at=moment)
        services.publish_due(now=moment)
    elif step == "restore":
        services.set_status(actor=staff, item=post, status=S.PUBLISHED)
        original = post.history.order_by("history_id").first().history_id
        post.title = "Nouveau titre"
        services.save_item(actor=staff, item=post)
        assert "Nouveau titre" in client.get(list_url).content.decode()
        services.restore_version(actor=staff, item=post, history_id=original)
    else:
        services.set_status(actor=staff, item=post, status=S.UNPUBLISHED)
    after = client.get(list_url)
    assert after.status_code == 200
    assert after.headers.get("X-Cache") == "miss"
    shown = "Ancien titre" in after.content.decode()
    assert shown is (step != "unpublish")


def test_the_diff_says_yes_or_no_for_a_flag(client, staff):
    challenge = ChallengeFactory(title="Un défi", is_startup_detat=False, is_published=True)
    challenge.is_startup_detat = True
    services.save_item(actor=staff, item=challenge)
    response = client.get(reverse("gestion:studio_versions", args=["defis", challenge.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<del>non</del>" in text and "<ins>oui</ins>" in text
    assert "False" not in text and "True" not in text


def test_staff_edit_the_legal_notice_and_its_english_version(client, staff):
    from django.utils import translation

    from eig.content.models import Page

    edits = (("fr", "Hébergement revu en 2026."), ("en", "Hosting reviewed in 2026."))
    for language, text in edits:
        page = Page.objects.get(slug="mentions-legales", language=language)
        list_page = client.get(reverse("gestion:studio_list", args=["pages"]), {"q": "mentions"})
        assert list_page.status_code == 200
        assert reverse("gestion:studio_edit", args=["pages", page.pk]) in list_page.content.decode()
        edit = reverse("gestion:studio_edit", args=["pages", page.pk])
        response = client.post(
            edit,
            {
                "title": page.title,
                "slug": page.slug,
                "language": page.language,
                "translation_of": page.translation_of_id or "",
                "lede": "",
                "body": f"## {text}\n\n{page.body}",
                "position": page.position,
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        with translation.override(language):
            url = reverse("content:legal_notice")
        public = client.get(url)
        assert public.status_code == 200
        assert text in public.content.decode()


def test_each_markdown_preview_region_has_its_own_name(client, staff):
    import re

    post = PostFactory(is_published=False)
    response = client.get(reverse("gestion:studio_edit", args=["actualites", post.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    names = re.findall(r'id="(id_[a-z_]+)-apercu">([^<]+)<', text)
    assert len(names) >= 2  # the lede and the body
    assert len({label for _, label in names}) == len(names)
    assert any("Chapeau" in label or "chapeau" in label for _, label in names)


def test_the_content_journal_lists_every_studio_action(
    client, staff, django_assert_max_num_queries
):
    challenge = ChallengeFactory(title="Défi du journal", is_published=False)
    services.save_item(actor=staff, item=challenge)
    services.set_status(actor=staff, item=challenge, status=S.REVIEW)
    post = PostFactory(title="Actualité du journal", is_published=False)
    services.save_item(actor=staff, item=post)
    home = client.get(reverse("gestion:studio_home"))
    assert home.status_code == 200
    journal_url = reverse("gestion:studio_journal")
    assert journal_url in home.content.decode()  # the studio's home leads to it

    response = client.get(journal_url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Contenu envoyé en relecture" in text and "Modification d&#x27;un contenu" in text
    assert "Défi du journal" in text and "Actualité du journal" in text
    assert reverse("gestion:studio_versions", args=["defis", challenge.pk]) in text

    only_posts = client.get(journal_url, {"type": "actualites"})
    assert only_posts.status_code == 200
    assert "Actualité du journal" in only_posts.content.decode()
    assert "Défi du journal" not in only_posts.content.decode()

    for number in range(30):
        services.save_item(actor=staff, item=PostFactory(title=f"Lot {number}", is_published=False))
    with django_assert_max_num_queries(15):
        crowded = client.get(journal_url)
    assert crowded.status_code == 200 and "Lot 29" in crowded.content.decode()
