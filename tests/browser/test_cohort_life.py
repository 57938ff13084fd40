"""Cohort life, tried as its users would (desktop and mobile widths).

A visitor registers to a full webinar and lands on the waiting list; the
person holding the place cancels from the link of their e-mail; the visitor
is moved up and receives the e-mail with the .ics (read from the recorded
mails). Staff take attendance at a mentoring session of a real défi. The
statistics page shows the real cohorts' figures in SVG charts and tables that
match the published figures (demo_data/figures.yml).
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

pytestmark = pytest.mark.browser

PASSWORD = "Un-secret-bien-solide-2020"
PARIS = ZoneInfo("Europe/Paris")
SVG = "{http://www.w3.org/2000/svg}"
FIGURES = Path(__file__).resolve().parents[2] / "demo_data" / "figures.yml"


def _text(page) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", page.locator("main").inner_text())


def _submit(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _staff(browser, live_url, manage, run: str):
    email = f"equipe-vie-{run}@eig.example"
    manage("create_account", "--email", email, "--staff", "--password", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    staff = context.new_page()
    staff.viewport_name = "staff"
    staff.goto(live_url + "/compte/connexion/")
    staff.fill("#id_email", email)
    staff.fill("#id_password", PASSWORD)
    staff.locator("main button[type=submit]").click()
    staff.wait_for_load_state()
    assert "/espace/" in staff.url, _text(staff)
    return staff


def _shell(manage, code: str) -> str:
    """The last line printed by `manage.py shell -c` (it may announce its imports first)."""
    return manage("shell", "-c", code).strip().splitlines()[-1]


def _mail(manage, address: str) -> dict:
    """The last e-mail recorded for an address (the outbox of the platform)."""
    out = manage(
        "shell",
        "-c",
        "import json; from eig.mail.models import Email; "
        f"e = Email.objects.filter(to='{address}').latest('created_at'); "
        "print(json.dumps({'template': e.template, 'subject': e.subject, "
        "'body': e.body_text, 'attachments': e.attachments}))",
    )
    return json.loads(out.strip().splitlines()[-1])


def _link(mail: dict, kind: str) -> str:
    return re.search(rf"https?://\S+/evenements/inscription/{kind}/\S+/", mail["body"]).group(0)


def _register(page, live_url, slug: str, name: str, email: str, manage, button: str):
    page.goto(f"{live_url}/evenements/{slug}/")
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    _submit(page, button)
    assert f"Un message a été envoyé à {email}" in _text(page)
    page.goto(_link(_mail(manage, email), "confirmer"))
    _submit(page, "Confirmer mon inscription")


def test_the_waiting_list_moves_up_when_someone_cancels(
    page, browser, live_url, manage, screenshot, assert_accessible
):
    run = page.viewport_name
    staff = _staff(browser, live_url, manage, f"webinaire-{run}")
    title = f"Webinaire des défis EIG 5 ({run})"
    starts = datetime.now(PARIS) + timedelta(days=3)

    # Staff open a webinar with one place.
    staff.goto(live_url + "/gestion/evenements/nouveau/")
    staff.fill("#id_title", title)
    staff.select_option("#id_kind", "webinar")
    staff.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M:00"))
    staff.fill("#id_location", "En ligne")
    staff.fill("#id_capacity", "1")
    staff.locator("#id_registration_enabled").check(force=True)
    staff.locator("#id_is_published").check(force=True)
    _submit(staff, "Enregistrer")
    assert "Événement enregistré" in _text(staff)
    slug = _shell(
        manage,
        f"from eig.events.models import Event; print(Event.objects.get(title={title!r}).slug)",
    )

    # Someone takes the only place.
    holder = f"premiere-{run}@exemple.fr"
    _register(page, live_url, slug, "Paule Première", holder, manage, "M'inscrire")
    assert "Votre inscription est confirmée" in _text(page)

    # A visitor finds the webinar full and joins the waiting list.
    context = browser.new_context(viewport=page.viewport_size, locale="fr-FR")
    visitor = context.new_page()
    visitor.viewport_name = run
    visitor.goto(f"{live_url}/evenements/{slug}/")
    assert "1 — complet" in _text(visitor)
    screenshot(visitor, "webinar-full")
    assert_accessible(visitor)
    waiting = f"visiteuse-{run}@exemple.fr"
    _register(
        visitor,
        live_url,
        slug,
        "Valérie Visiteuse",
        waiting,
        manage,
        "M'inscrire sur la liste d'attente",
    )
    assert "vous êtes sur la liste d'attente, au rang 1" in _text(visitor)
    screenshot(visitor, "waiting-list")
    assert_accessible(visitor)
    assert _mail(manage, waiting)["template"] == "events/registration_waiting"

    # The holder cancels from the link of the confirmation e-mail.
    confirmation = _mail(manage, holder)
    assert confirmation["template"] == "events/registration_confirmed"
    page.goto(_link(confirmation, "annuler"))
    _submit(page, "Annuler mon inscription")
    assert "Cette inscription est annulée" in _text(page)

    # The visitor is moved up and receives the e-mail with the .ics.
    promoted = _mail(manage, waiting)
    assert promoted["template"] == "events/registration_promoted"
    assert promoted["subject"] == f"Une place s'est libérée : {title}"
    [ics] = promoted["attachments"]
    assert ics["filename"] == f"{slug}.ics" and ics["mimetype"] == "text/calendar"
    assert "BEGIN:VEVENT" in ics["content"]
    assert f"SUMMARY:{title}" in ics["content"].replace("\r\n ", "")
    assert f"DTSTART;TZID=Europe/Paris:{starts:%Y%m%dT%H%M}00" in ics["content"]
    visitor.goto(_link(promoted, "annuler"))
    assert "Votre inscription est confirmée" in _text(visitor)

    # Staff see who comes, in order, and can download the list.
    staff.goto(live_url + "/gestion/evenements/")
    staff.get_by_role("link", name=re.compile("Inscrits — " + re.escape(title))).click()
    attendees = _text(staff)
    assert "1 inscrit·e / 1 places" in attendees
    assert attendees.index(waiting) < attendees.index(holder)  # confirmed first, then cancelled
    assert "Télécharger la liste (CSV)" in attendees
    screenshot(staff, "attendees")
    assert_accessible(staff)
    context.close()
    staff.context.close()


def test_staff_take_attendance_at_a_mentoring_session(
    page, browser, live_url, manage, screenshot, assert_accessible
):
    run = page.viewport_name
    staff = _staff(browser, live_url, manage, f"mentoring-{run}")
    staff.set_viewport_size(page.viewport_size)
    title = f"Session de mentoring ADEX ({run})"
    team = json.loads(
        manage(
            "shell",
            "-c",
            "import json; from eig.challenges.models import Challenge; "
            "c = Challenge.objects.get(cohort__slug='4', slug='adex'); "
            "print(json.dumps({'fellows': sorted(f.name for f in c.fellows.all()), "
            "'mentors': sorted(m.mentor.name for m in c.mentorships.all())}))",
        )
        .strip()
        .splitlines()[-1]
    )

    staff.goto(live_url + "/gestion/evenements/nouveau/")
    staff.fill("#id_title", title)
    staff.select_option("#id_kind", "mentoring")
    two_hours_ago = datetime.now(PARIS) - timedelta(hours=2)
    staff.fill("#id_starts_at", two_hours_ago.strftime("%Y-%m-%dT%H:%M"))
    staff.select_option("#id_cohort", label="Promotion 4")
    staff.select_option("#id_challenges", label="ADEX")
    _submit(staff, "Enregistrer")

    # The attendance page lists the team and the mentors of the défi.
    expected = _text(staff)
    assert f"Présences — {title}" in expected
    for name in team["fellows"] + team["mentors"]:
        assert name in expected
    present = [team["fellows"][0], team["mentors"][0]]
    for name in present:
        staff.get_by_label(name, exact=True).check(force=True)
    screenshot(staff, f"attendance-{run}")
    assert_accessible(staff)
    _submit(staff, "Enregistrer les présences")
    assert "Présences enregistrées : 2 personne(s) présente(s)" in _text(staff)

    noted = json.loads(
        manage(
            "shell",
            "-c",
            "import json; from eig.cohortlife.models import Attendance; "
            f"rows = Attendance.objects.filter(event__title={title!r}); "
            "print(json.dumps(sorted([str(a.fellow or a.mentor), a.present] for a in rows)))",
        )
        .strip()
        .splitlines()[-1]
    )
    assert noted == sorted([name, name in present] for name in team["fellows"] + team["mentors"])

    # The défi's history shows the session with its attendance.
    staff.get_by_role("link", name="ADEX").click()
    history = _text(staff)
    total = len(team["fellows"]) + len(team["mentors"])
    assert title in history and f"2 présent·es sur {total}" in history
    staff.context.close()


def _charts(html: str) -> dict[str, ET.Element]:
    found = {}
    for markup in re.findall(r"<svg\b[^>]*class=\"eig-chart\".*?</svg>", html, flags=re.S):
        svg = ET.fromstring(markup)
        found[svg.find(f"{SVG}title").get("id").removesuffix("-titre")] = svg
    return found


def _bars(svg) -> dict[tuple[str, str], int]:
    return {
        (rect.get("data-category"), rect.get("data-series")): int(rect.get("data-value"))
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("class") == "bar"
    }


def test_the_statistics_page_shows_the_real_cohorts_figures(
    page, live_url, screenshot, assert_accessible
):
    published = {str(row["cohort"]): row for row in yaml.safe_load(FIGURES.read_text())}

    page.goto(live_url + "/statistiques/")

    charts = _charts(page.content())
    funnel = _bars(charts["entonnoir"])
    for number in ("1", "2", "3", "4"):
        row, cohort = published[number], f"Promotion {number}"
        assert funnel[(cohort, "applications")] == row["candidates"]
        assert funnel[(cohort, "auditioned")] == row["auditioned"]
        assert funnel[(cohort, "laureates")] == row["fellows"]
    assert funnel[("DIG", "laureates")] == published["dig"]["fellows"]
    assert ("DIG", "applications") not in funnel  # not published: no bar, said in words
    profiles = _bars(charts["profils"])
    four = published["4"]
    assert (
        profiles[("Promotion 4", "designer")],
        profiles[("Promotion 4", "developer")],
        profiles[("Promotion 4", "data_scientist")],
    ) == (four["designers"], four["developers"], four["data_scientists"])
    funding = _bars(charts["financement"])
    assert funding[("Promotion 3", "cofunded")] == published["3"]["challenges_cofunded"]
    assert funding[("Promotion 3", "remarked")] == published["3"]["challenges_remarked"]
    challenges = _bars(charts["administrations"])
    for number in ("1", "2", "3", "4"):
        assert challenges[(f"Promotion {number}", "challenges")] == published[number]["challenges"]

    # Each table says the same as its chart.
    for chart_id, svg in charts.items():
        table = page.locator(f'table[data-chart="{chart_id}"]')
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        legend = svg.find(f"{SVG}g[@class='legend']")
        if legend is not None:
            assert headers[1:] == [t.text for t in legend.iter(f"{SVG}text")], chart_id
        for row in table.locator("tbody tr").all():
            category = row.locator("th").inner_text().strip()
            cells = [c.strip().rstrip("*") for c in row.locator("td").all_inner_texts()]
            values = sorted(
                int(re.sub(r"\D", "", cell)) for cell in cells if re.search(r"\d", cell)
            )
            drawn = sorted(v for (c, _s), v in _bars(svg).items() if c == category)
            assert values == drawn, (chart_id, category)

    # The bars are drawn, visibly, at both widths.
    first_bar = page.locator("svg.eig-chart rect.bar").first
    assert first_bar.bounding_box()["width"] > 0
    screenshot(page, "statistics")
    assert_accessible(page)
