"""The real demo data (site-eig, seeds, figures.yml, programme.yml) imported."""

import datetime as dt
import re
from decimal import Decimal

import yaml
from django.db.models import Count

from eig.applications.models import ApplicationCall
from eig.challenges.models import Challenge, ChallengeMentor, Funding, Mentor, Skill, Theme
from eig.cohorts.models import Cohort, Fellow, Profile, Programme
from eig.cohorts.selectors import cohort_figures
from eig.content import models as content
from eig.content.models import FaqAudience, FaqItem, Page, Post, PressLink
from eig.events.models import Event, EventKind
from eig.importer.parsers import PARIS
from eig.importer.services import count_files, discover_parts, import_paths
from eig.organizations.models import Organization, OrganizationKind
from tests.importer.conftest import DEMO, DEMO_PARTS

SITE = DEMO / "site-eig"


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def seed_post(number: str) -> Post:
    return Post.objects.get(source_key__startswith=f"seeds/{number}_")


# --- Counts ---


def test_all_71_challenges_by_cohort(demo):
    counts = dict(Challenge.objects.values_list("cohort__slug").annotate(n=Count("pk")))

    assert counts == {"1": 9, "2": 13, "3": 15, "dig": 17, "4": 17}
    assert Challenge.objects.filter(body="").count() == 0
    assert Challenge.objects.filter(organization=None).count() == 0


def test_all_262_people_are_imported_as_fellows_or_mentors(demo):
    people = yaml.safe_load((SITE / "_data" / "personnes.yml").read_text())
    fellow_keys = set(Fellow.objects.values_list("source_key", flat=True))
    mentor_keys = set(Mentor.objects.values_list("source_key", flat=True))

    assert len(people) == 262
    assert fellow_keys | mentor_keys == set(people)


def test_50_published_posts_5_drafts_and_11_english_versions_linked(demo):
    french = Post.objects.filter(language="fr").exclude(source_key__startswith="seeds/")
    english = Post.objects.filter(language="en")

    assert french.count() == 55
    assert french.filter(is_published=True).count() == 50
    drafts = french.filter(is_published=False)
    assert sorted(post.source_key.split("/")[-1][:1] for post in drafts) == ["_"] * 5
    assert all(post.legacy_path == "" for post in drafts)
    assert english.count() == 11
    assert english.filter(translation_of__language="fr").count() == 11


def test_an_english_post_points_to_its_french_original_by_lang_ref(demo):
    english = Post.objects.get(source_key="en/_posts/18-05-29-pourquoi-devenir-EIG.md")

    assert english.translation_of.source_key == "_posts/18-05-29-pourquoi-devenir-EIG.md"
    assert english.title.startswith("Why quit your job")
    assert english.slug == english.translation_of.slug == "pourquoi-devenir-eig"
    assert english.legacy_path == "/en/blog/2018/05/29/pourquoi-devenir-EIG.html"
    assert english.translation_of.legacy_path == "/blog/2018/05/29/pourquoi-devenir-EIG.html"


def test_a_site_post_keeps_every_front_matter_field(demo):
    post = Post.objects.get(source_key="_posts/18-05-29-pourquoi-devenir-EIG.md")

    assert post.author == "Tiphaine Phe-Neau, EIG Prévisecours"
    assert post.author_twitter == "datatiph"
    assert post.description.startswith("Tiphaine revient sur son parcours")
    # /img/blog/tiphaine-guillaume.jpg, stored by its content hash
    assert re.fullmatch(r"/media/imports/[0-9a-f]{2}/[0-9a-f]{64}_640x427\.jpg", post.image)
    assert post.tags == ["témoignage", "datascience"]
    assert post.layout == "post"
    assert post.published_at == paris(2018, 5, 29)
    assert post.body.startswith("_Tiphaine revient")


def test_two_posts_with_the_same_file_slug_get_distinct_slugs(demo):
    slugs = set(
        Post.objects.filter(source_key__contains="offre-stage").values_list("slug", flat=True)
    )

    assert len(slugs) == 2


def test_faq_testimonials_and_webinars(demo):
    def entries(name):
        return len(yaml.safe_load((SITE / "_data" / name).read_text()))

    assert FaqItem.objects.filter(audience=FaqAudience.CANDIDATES, language="fr").count() == (
        entries("faq-eig.yml")
    )
    assert FaqItem.objects.filter(audience=FaqAudience.CANDIDATES, language="en").count() == (
        entries("faq-eig-en.yml")
    )
    assert FaqItem.objects.filter(audience=FaqAudience.ADMINISTRATIONS, language="fr").count() == (
        entries("faq-administrations.yml")
    )
    assert FaqItem.objects.filter(audience=FaqAudience.ADMINISTRATIONS, language="en").count() == (
        entries("faq-administrations-en.yml")
    )
    assert content.Testimonial.objects.count() == entries("temoignages.yml") == 3
    webinars = Event.objects.filter(kind=EventKind.WEBINAR).order_by("starts_at")
    assert webinars.count() == entries("webinaires_eig4.yml")
    presenting = [webinar for webinar in webinars if webinar.challenges.exists()]
    assert len(presenting) == 6
    assert presenting[0].starts_at == paris(2020, 5, 12, 12, 30)
    assert presenting[0].ends_at == paris(2020, 5, 12, 13, 30)


def test_faq_answers_are_sanitised_html(demo):
    answers = " ".join(FaqItem.objects.values_list("answer", flat=True))

    assert "<p>" in answers
    assert "<a href=" in answers
    assert not re.search(r"<(?!/?(p|ul|ol|li|a|strong|em|br)\b)", answers)


def test_a_webinar_links_its_challenges_and_says_the_time_is_a_default(demo):
    webinar = Event.objects.get(kind=EventKind.WEBINAR, theme="Gestion de crise")

    assert sorted(webinar.challenges.values_list("title", flat=True)) == [
        "Enki",
        "NEOTac",
        "Opérations 18",
    ]
    assert webinar.cohort.slug == "4"
    assert webinar.registration_url == "https://eig4-webinaire2.eventbrite.fr"
    assert webinar.replay_url == "https://app.livestorm.co/demarches-simplifiees/webinaire-eig-2"
    assert "par défaut" not in webinar.description  # the import report says it, not the page


# --- Seeds, field by field ---


def test_seed_004_press_release(demo):
    post = seed_post("004")

    assert post.title.startswith("L’État recrute 41 talents du numérique")
    assert post.title.endswith("encore plus ambitieuse")
    assert post.published_at == dt.datetime(
        2020, 5, 4, 21, 58, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert post.categories == ["Communiqué de presse"]
    assert post.tags == ["entrepreneur.e d’intérêt général", "Etalab", "Données"]
    assert post.lede.startswith("**Avec le numérique")
    assert "Leurs points communs\u2009?" in post.lede
    image = "/uploads/2020_05_04_Visuel_article_EIG_Visuel_Generique-3eab14.jpg"
    assert post.images == [{"image": image}]
    assert post.image == image
    assert post.press_contact == {
        "name": "Floriane Beaudron",
        "email": "floriane.beaudron@modernisation.gouv.fr",
        "tel": ["01.71.21.12.50", "06.10.60.41.19"],
    }
    attachments = list(post.attachments.values_list("url", "name"))
    assert attachments == [
        (
            "/uploads/CP_LETAT_RECRUTE_41_TALENTS_DU_NUMERIQUE_POUR_FORMER_UNE_4E_PROMOTION_D_EIG"
            "-b0e3a0.pdf",
            "Télécharger le communiqué de presse",
        )
    ]
    assert post.layout == ""
    assert post.is_published
    assert post.is_press_release
    assert post.body.startswith("**DES DÉFIS A FORT IMPACT")


def test_seed_000_press_release(demo):
    post = seed_post("000")

    assert post.title == (
        "Une 3ème promotion d’entrepreneurs d’intérêt général pousse les portes de l’administration"
    )
    assert post.published_at == paris(2019, 1, 16, 10, 58)
    assert post.categories == ["Communiqué de presse"]
    assert post.tags == ["entrepreneur.e d’intérêt général"]
    assert post.lede.startswith("Ils ont 10 mois pour relever le défi.")
    assert post.images == [{"image": "/uploads/Entete-article-EIG-Promotion-3-v1-0c7b37.jpg"}]
    assert list(post.attachments.values_list("name", flat=True)) == [
        "Télécharger le communiqué de presse"
    ]
    assert post.press_contact == {}
    assert "{: .encadre}" in post.body


def test_seed_003_post_without_categories(demo):
    post = seed_post("003")

    assert post.title == (
        "L’État recrute 32 entrepreneur.e.s d’intérêt général : rejoignez la 3e promotion !"
    )
    assert post.published_at == paris(2018, 9, 18, 15, 21)
    assert post.categories == []
    assert post.tags == []
    assert post.lede.startswith("Vous êtes développeur•euse, designer•euse ou data scientist")
    assert post.attachments.count() == 0


def test_seed_001_is_the_programme_page(demo):
    page = Page.objects.get(source_key__startswith="seeds/001_")

    assert page.slug == "programme"
    assert page.title == "Le programme"
    assert page.layout == "page"
    assert page.legacy_path == "/presentation.html"
    assert page.body.startswith("![null](/img/uploads/eig.png)")


def test_seed_002_becomes_a_page_titled_from_its_content_with_a_warning(demo):
    page = Page.objects.get(source_key__startswith="seeds/002_")

    assert page.title == "Programme EIG - Promotion 2"
    assert page.slug == "programme-eig-promotion-2"
    assert page.layout == ""
    assert page.body.startswith("Le programme [Entrepreneur·e d'intérêt général")
    assert "Revue de presse" not in page.body
    assert any(
        issue.file == "002_89aaca6c2708ff91.txt" and "pas de front matter" in issue.reason
        for issue in demo.warnings
    )


def test_the_press_review_of_seed_002_keeps_its_four_sections(demo):
    sections = list(
        PressLink.objects.order_by("section_position")
        .values_list("section_position", "section")
        .annotate(n=Count("pk"))
    )

    assert sections == [
        (0, "Du côté de la DINSIC", 7),
        (1, "Ailleurs dans la presse", 10),
        (2, "Du côté des administrations", 8),
        (3, "Annonce d'événements", 3),
    ]
    assert set(PressLink.objects.values_list("year", flat=True)) == {2017}
    first = PressLink.objects.get(section_position=0, position=0)
    assert first.title == "Le programme Entrepreneur d’Intérêt Général lancé prochainement"


def test_the_announced_events_of_the_press_review_become_events(demo):
    events = {
        event.starts_at.astimezone(PARIS).date(): event
        for event in Event.objects.filter(source_key__startswith="seeds/002_")
    }

    assert sorted(events) == [dt.date(2017, 5, 16), dt.date(2017, 10, 10), dt.date(2017, 10, 26)]
    assert events[dt.date(2017, 10, 10)].kind == EventKind.INFORMATION_SESSION
    assert events[dt.date(2017, 10, 10)].cohort.slug == "2"
    assert events[dt.date(2017, 10, 26)].kind == EventKind.RESTITUTION
    assert events[dt.date(2017, 10, 26)].location == "Liberté Living Lab"
    assert events[dt.date(2017, 5, 16)].registration_url.startswith(
        "https://rdv.etalab.gouv.fr/e/22/"
    )


# --- Cohorts, programme, calls ---


def test_cohorts_keep_the_declared_figures_of_figures_yml(demo):
    declared = yaml.safe_load((DEMO / "figures.yml").read_text())
    names = {
        "fellows": "declared_fellows",
        "challenges": "declared_challenges",
        "candidates": "declared_candidates",
        "designers": "declared_designers",
        "developers": "declared_developers",
        "data_scientists": "declared_data_scientists",
        "challenges_cofunded": "declared_challenges_cofunded",
    }

    for entry in declared:
        cohort = Cohort.objects.get(slug=str(entry["cohort"]))
        for key, field in names.items():
            assert getattr(cohort, field) == entry.get(key), (cohort.slug, key)
    assert Cohort.objects.get(slug="1").declared_fellows == 11
    two = Cohort.objects.get(slug="2")
    assert (two.declared_fellows, two.declared_challenges) == (27, 13)
    three = Cohort.objects.get(slug="3")
    assert (three.declared_fellows, three.declared_challenges, three.declared_candidates) == (
        32,
        15,
        170,
    )
    four = Cohort.objects.get(slug="4")
    assert (four.declared_fellows, four.declared_challenges) == (41, 17)
    assert (four.declared_designers, four.declared_developers, four.declared_data_scientists) == (
        14,
        18,
        9,
    )


def test_cohorts_have_slug_name_programme_and_start(demo):
    cohorts = {cohort.slug: cohort for cohort in Cohort.objects.select_related("programme")}

    assert sorted(cohorts) == ["1", "2", "3", "4", "dig"]
    assert cohorts["1"].name == "Promotion 1"
    assert cohorts["dig"].name == "DIG"
    assert cohorts["dig"].programme.acronym == "DIG"
    assert cohorts["3"].programme.acronym == "EIG"
    assert [cohorts[s].year for s in ["1", "2", "3", "dig", "4"]] == [2017, 2018, 2019, 2019, 2020]
    assert cohorts["2"].starts_on == dt.date(2018, 1, 1)
    assert cohorts["3"].starts_on == dt.date(2019, 1, 16)
    assert cohorts["4"].starts_on == dt.date(2020, 9, 1)


def test_computed_figures_sit_beside_the_declared_ones(demo):
    figures = cohort_figures()
    by_slug = {f.cohort.slug: f for f in figures.values()}

    assert by_slug["2"]["EIG"].declared == 27
    assert by_slug["2"]["EIG"].computed == Fellow.objects.filter(cohorts__slug="2").count()
    assert by_slug["3"]["défis"].computed == 15
    assert by_slug["4"]["designers"].declared == 14
    assert by_slug["4"]["designers"].computed == (
        Fellow.objects.filter(cohorts__slug="4", profile=Profile.DESIGNER).count()
    )


def test_programme_facts(demo):
    eig = Programme.objects.get(acronym="EIG")

    assert eig.monthly_net_pay == Decimal("4000")
    assert eig.duration_months == 10
    assert eig.cofunding_rate == 70
    assert (eig.team_min_size, eig.team_max_size) == (2, 3)
    assert eig.contact_email == "entrepreneur-interet-general@data.gouv.fr"
    criteria = list(eig.selection_criteria.values_list("code", "description"))
    assert [code for code, _ in criteria] == [
        "dynamism",
        "challenge_understanding",
        "general_interest",
        "administration_fit",
        "technical_skills",
        "availability",
    ]
    assert criteria[0][1] == "Dynamisme, vision, esprit d’initiative, attitude positive."
    assert criteria[5][1].startswith(
        "Disponibilité à temps plein pendant toute la durée du programme"
    )
    assert Programme.objects.filter(acronym="DIG").exists()


def test_application_calls_are_exact_to_the_second_in_paris_time(demo):
    calls = {call.cohort.slug: call for call in ApplicationCall.objects.select_related("cohort")}

    assert calls["2"].closes_at == paris(2017, 9, 25, 23, 59, 59)
    assert calls["3"].opens_at == paris(2018, 9, 18)
    assert calls["3"].closes_at == paris(2018, 10, 15, 23, 59, 59)
    assert calls["3"].closes_at == dt.datetime(2018, 10, 15, 21, 59, 59, tzinfo=dt.UTC)
    assert calls["4"].opens_at == paris(2020, 5, 4)
    assert calls["4"].closes_at == paris(2020, 6, 7, 23)


def test_the_information_session_of_cohort_3(demo):
    session = Event.objects.get(
        kind=EventKind.INFORMATION_SESSION, starts_at__date=dt.date(2018, 10, 3)
    )

    assert session.starts_at == paris(2018, 10, 3, 16, 30)
    assert session.ends_at == paris(2018, 10, 3, 19, 30)
    assert session.cohort.slug == "3"
    assert session.registration_url == "https://etalab-eig3.eventbrite.fr"


# --- Défis ---


def test_the_15_challenges_of_cohort_3_with_organization_and_old_address(demo):
    seed = next((DEMO / "seeds").glob("003_*.txt")).read_text()
    announced = set(
        re.findall(
            r"\]\(https://entrepreneur-interet-general\.etalab\.gouv\.fr(/defis/2019/[a-z]+\.html)\)",
            seed,
        )
    )
    challenges = Challenge.objects.filter(cohort__slug="3").select_related("organization")

    assert len(announced) == 15
    assert {challenge.legacy_path for challenge in challenges} == announced
    assert all(challenge.pitch and challenge.organization for challenge in challenges)
    cartobio = challenges.get(legacy_path="/defis/2019/cartobio.html")
    assert cartobio.title == "CartoBio"
    assert cartobio.slug == "cartobio"
    assert cartobio.pitch == "Cartographier les parcelles cultivées en agriculture biologique"


def test_cohort_3_funding_12_cofunded_3_remarked(demo):
    challenges = Challenge.objects.filter(cohort__slug="3")

    assert challenges.filter(funding=Funding.COFUNDED).count() == 12
    assert sorted(challenges.filter(funding=Funding.REMARKED).values_list("title", flat=True)) == [
        "DataReg",
        "IA Flash",
        "Plume",
    ]


def test_a_challenge_keeps_all_its_site_fields(demo):
    adex = Challenge.objects.get(source_key="ADEX")

    assert adex.year == 2020
    assert adex.town == "Saint-Denis (93200)"
    assert adex.duration_months == 10
    assert adex.organization.name == "Haute Autorité de Santé"
    assert adex.organization.website == "https://www.has-sante.fr"
    assert adex.organization.kind == OrganizationKind.INDEPENDENT
    assert adex.source_code == ["https://gitlab.com/has-sante/public/adex"]
    assert sorted(adex.skills.values_list("code", flat=True)) == ["datascience", "design", "dev"]
    assert [(f.amount, f.description) for f in adex.key_figures.all()][0] == (
        Decimal("1288"),
        "Déclarations d'intérêts analysées en 2020",
    )
    project = adex.projects.get()
    assert (project.title, project.call_to_action) == ("ADEX", "Voir la démo")
    assert adex.legacy_path == "/defis/2020/adex.html"
    assert adex.body


def test_key_figures_keep_their_prefix_and_suffix(demo):
    figures = list(Challenge.objects.get(source_key="SIANCE").key_figures.all())

    assert (figures[0].prefix, figures[0].amount) == ("+", Decimal("200000"))
    assert (figures[2].suffix, figures[2].amount) == ("%", Decimal("30"))


def test_videos_and_poster(demo):
    iaflash = Challenge.objects.get(source_key="IA Flash")
    monitorfish = Challenge.objects.get(source_key="MonitorFish")

    assert [video["url"] for video in iaflash.videos] == [
        "https://www.dailymotion.com/video/x7o1568",
        "https://www.dailymotion.com/video/x7okqx3",
    ]
    assert iaflash.poster == "https://fichiers.eig-forever.org/posters/eig3/iaflash.pdf"
    assert monitorfish.videos[0]["kind"] == "intro"
    assert monitorfish.videos[0]["url"] == "https://vimeo.com/563710999"


def test_three_eig_link_challenges_with_one_title(demo):
    links = Challenge.objects.filter(title="EIG Link").order_by("year")

    assert [(c.year, c.slug, c.source_key) for c in links] == [
        (2018, "eiglink", "EIG Link 2018"),
        (2019, "eiglink", "EIG Link 2019"),
        (2020, "eig-link", "EIG Link 2020"),
    ]


def test_every_challenge_has_a_theme_and_skills_map_to_profiles(demo):
    assert not Challenge.objects.filter(themes=None).exists()
    assert Theme.objects.count() >= 5
    profiles = dict(Skill.objects.values_list("code", "profile"))
    assert profiles == {
        "dev": Profile.DEVELOPER,
        "design": Profile.DESIGNER,
        "datascience": Profile.DATA_SCIENTIST,
        "dataengineering": Profile.DATA_ENGINEER,
        "geomatique": "",
    }


def test_organizations_are_deduplicated_with_their_ministry(demo):
    cassation = Organization.objects.filter(name__iexact="Cour de cassation")
    mobilier = Organization.objects.get(name="Service du Mobilier National")
    gobelins = Challenge.objects.get(source_key="Gobelins")

    assert cassation.count() == 1
    assert Challenge.objects.filter(organization=cassation.get()).count() == 2
    assert mobilier.parent.name == "Ministère de la Culture"
    assert mobilier.parent.kind == OrganizationKind.MINISTRY
    assert gobelins.organization == mobilier
    assert gobelins.organization_label.startswith("Ministère de la Culture, Direction générale")
    assert Organization.objects.filter(name__istartswith="Ministère de la culture").count() == 1


# --- People ---


def test_a_fellow_with_profile_cohorts_challenges_links_and_biography(demo):
    fellow = Fellow.objects.get(source_key="Adrien Signorino")

    assert fellow.profile == Profile.DATA_SCIENTIST
    assert fellow.profile_label == "Data scientist"
    assert list(fellow.cohorts.values_list("slug", flat=True)) == ["2"]
    assert list(fellow.challenges.values_list("title", flat=True)) == ["b@liseNAV"]
    assert (fellow.github, fellow.twitter) == ("sign0", "signoOngis")
    assert fellow.legacy_path == "/communaute/2018/adrien-signorino.html"
    assert fellow.slug == "adrien-signorino"
    # /img/communaute/AdrienSignorino.png, stored by its content hash
    assert re.fullmatch(r"/media/imports/[0-9a-f]{2}/[0-9a-f]{64}_360x360\.png", fellow.photo_url)
    assert fellow.bio


def test_mentors_are_linked_to_their_challenges(demo):
    mentor = Mentor.objects.get(source_key="Adnène Trojette")

    assert not Fellow.objects.filter(source_key="Adnène Trojette").exists()
    assert sorted(mentor.challenges.values_list("title", flat=True)) == [
        "CC - API rapports",
        "Plume",
    ]
    assert mentor.github == "trojette"


def test_someone_both_fellow_and_mentor_has_both_records(demo):
    fellow = Fellow.objects.get(source_key="Philéas Condemine")
    mentor = Mentor.objects.get(source_key="Philéas Condemine")

    assert list(fellow.challenges.values_list("title", flat=True)) == ["Lab Santé"]
    assert list(fellow.cohorts.values_list("slug", flat=True)) == ["2"]
    assert list(mentor.challenges.values_list("title", flat=True)) == ["Open Chronic"]
    assert list(mentor.cohorts.values_list("slug", flat=True)) == ["3"]


def test_the_en_dash_key_is_the_mentor_record_of_the_same_person(demo):
    fellow = Fellow.objects.get(source_key="Pierre-Alain Jachiet")
    mentor = Mentor.objects.get(source_key="Pierre–Alain Jachiet")

    assert fellow.name == mentor.name == "Pierre-Alain Jachiet"
    assert list(mentor.challenges.values_list("title", flat=True)) == ["ADEX"]
    assert list(fellow.challenges.values_list("title", flat=True)) == ["Open Chronic"]


def test_the_programme_team_are_mentors_without_challenge_unless_listed(demo):
    soizic = Mentor.objects.get(source_key="Soizic Pénicaud")
    paul = Mentor.objects.get(source_key="Paul Schmite")

    assert soizic.position_title == "Équipe d'accompagnement du programme"
    assert sorted(soizic.challenges.values_list("year", flat=True)) == [2019, 2020]
    assert paul.challenges.count() == 0
    assert sorted(paul.cohorts.values_list("slug", flat=True)) == ["1", "2"]


def test_unresolved_names_are_reported_not_invented(demo):
    warnings = [str(issue) for issue in demo.warnings]

    assert any(
        w.startswith("_data/defis.yml : défi « AFD - Geodata »") and "« Antoine Chèvre »" in w
        for w in warnings
    )
    assert not Mentor.objects.filter(name="Antoine Chèvre").exists()
    assert ChallengeMentor.objects.filter(challenge__source_key="AFD - Geodata").count() == 0


def test_a_title_that_names_someone_else_keeps_the_key(demo):
    mentor = Mentor.objects.get(source_key="Loïc Duflot")

    assert mentor.name == "Loïc Duflot"
    assert any(
        "Loïc Duflot" in str(issue) and "Pierre Dubreuil" in str(issue) for issue in demo.warnings
    )


# --- Idempotency ---


def _row_counts() -> dict[str, int]:
    models = [
        Programme,
        Cohort,
        Organization,
        Challenge,
        Fellow,
        Mentor,
        ChallengeMentor,
        Post,
        Page,
        PressLink,
        FaqItem,
        content.Testimonial,
        Event,
        ApplicationCall,
        Theme,
        Skill,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_the_first_import_reports_no_error_and_a_second_changes_nothing(demo):
    before = _row_counts()

    second = import_paths(DEMO_PARTS)

    assert demo.errors == []
    assert demo.created > 600
    assert (second.created, second.updated) == (0, 0)
    # Themes are only set on défis that have none: the second run does not visit them.
    assert second.unchanged == demo.created - demo.counts["thèmes"]["created"]
    assert _row_counts() == before


def test_a_changed_source_value_is_updated_and_staff_themes_survive(demo, tmp_path):
    import shutil

    site = tmp_path / "site-eig"
    shutil.copytree(DEMO / "site-eig", site)
    defis = site / "_data" / "defis.yml"
    defis.write_text(
        defis.read_text().replace("Prévenir les conflits d'intérêts", "Éviter les conflits")
    )
    adex = Challenge.objects.get(source_key="ADEX")
    justice = Theme.objects.get(name="Justice")
    adex.themes.set([justice])

    report = import_paths([site])

    adex.refresh_from_db()
    assert adex.pitch == "Éviter les conflits dans le domaine médical"
    assert list(adex.themes.all()) == [justice]
    assert report.counts["défis"]["updated"] == 1
    assert report.created == 0


def test_the_progress_bar_advances_once_per_file_read(demo):
    labels = []
    expected = sum(count_files(discover_parts(path)) for path in DEMO_PARTS)

    import_paths(DEMO_PARTS, tick=labels.append)

    assert len(labels) == expected
    assert "defis.yml" in labels
    assert "004_d9ecde4a665652bb.txt" in labels
