"""Team formation, tried as the programme team would (issue 7, "done when").

A cohort of real size — 41 laureates (18 developers, 14 designers, 9 data
scientists) across 17 défis, made by `manage.py make_laureates` — is matched
from the back office; staff pin someone left without a team to a défi,
re-run with the same seed and see what changed, confirm the teams with two
public profiles agreed, and a visitor sees those fellows on the public page
of the défi.
"""

import re

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "Un-secret-bien-solide-2020"
COHORT = "12"


def _text(page) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", page.locator("main").inner_text())


def _staff(browser, live_url, manage):
    email = "equipe-formation@eig.example"
    manage("create_account", "--email", email, "--staff", "--password", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    staff = context.new_page()
    staff.viewport_name = "desktop"
    staff.goto(live_url + "/compte/connexion/")
    staff.fill("#id_email", email)
    staff.fill("#id_password", PASSWORD)
    staff.locator("main button[type=submit]").click()
    staff.wait_for_load_state()
    assert "/espace/" in staff.url, _text(staff)
    return staff


def _click(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_staff_match_a_cohort_of_real_size_pin_rerun_and_publish(
    browser, live_url, manage, screenshot, assert_accessible
):
    out = manage("make_laureates", "--cohort", COHORT, "--seed", "4")
    assert "41 lauréat·es" in out and "17 défi(s) créé(s)" in out
    staff = _staff(browser, live_url, manage)

    # From the back office to the cohort's team formation.
    staff.goto(live_url + "/gestion/")
    staff.get_by_role("link", name="Formation des équipes").click()
    staff.get_by_role("link", name=f"Promotion {COHORT}", exact=True).click()
    staff.wait_for_load_state()
    assert "41 lauréat·es, 17 défis publiés" in _text(staff)
    assert_accessible(staff)
    staff.locator("input[name=mode][value=min_size]").check(force=True)
    staff.fill("#id_seed", "4")
    _click(staff, "Lancer l'appariement")

    # The teams side by side: one card per défi, each explained.
    assert re.search(r"/essais/1/$", staff.url), staff.url
    cards = staff.locator("main article.fr-card")
    assert cards.count() == 17
    summary = _text(staff)
    placed = int(re.search(r"(\d+) personnes placées sur 41", summary).group(1))
    assert 30 <= placed <= 41
    assert "Vérification indépendante : " in summary
    staff.locator("main details summary").first.click()
    assert "choix" in staff.locator("main details[open]").first.inner_text()
    screenshot(staff, "teams-run")
    assert_accessible(staff)

    # Pin someone left without a team to a défi.
    unassigned = staff.locator("section[aria-labelledby=unassigned-title] li").first
    name = unassigned.locator("strong").inner_text()
    select = unassigned.locator("select")
    target = select.locator("option").nth(2).inner_text()
    select.select_option(label=target)
    unassigned.get_by_role("button").click()
    staff.wait_for_load_state()
    assert f"Règle enregistrée : Fixer dans ce défi : {name} — {target}." in _text(staff)

    # Re-run with the same settings and compare.
    _click(staff, "Relancer avec les mêmes réglages")
    assert re.search(r"/essais/2/$", staff.url), staff.url
    page = _text(staff)
    assert "Changements depuis l'essai n° 1" in page
    assert f"{name} : sans équipe → {target}" in page
    card = staff.locator("main article.fr-card", has=staff.get_by_role("heading", name=target))
    assert name in card.inner_text() and "fixé·e" in card.inner_text().lower()
    public_url = card.get_by_role("link", name=re.compile("Page publique du défi")).get_attribute(
        "href"
    )
    teammates = [li.locator("strong").inner_text() for li in card.locator("li.fr-mb-2w").all()]
    assert name in teammates and len(teammates) >= 2
    other = next(person for person in teammates if person != name)
    screenshot(staff, "teams-rerun")

    # Confirm, with the two teammates' agreement to publish their profile.
    staff.get_by_role("link", name="Confirmer ces équipes").click()
    staff.wait_for_load_state()
    assert "Les équipes qui seront publiées" in _text(staff)
    for person in (name, other):
        staff.get_by_label(f"{person} a accepté que son profil soit publié").check(force=True)
    staff.locator("#id_confirm").check(force=True)
    assert_accessible(staff)
    screenshot(staff, "teams-confirm")
    _click(staff, "Confirmer et publier les équipes")
    page = _text(staff)
    assert re.search(
        r"Équipes confirmées : \d+ profil\(s\) d'EIG créé\(s\), 0 mis à jour, 2 public", page
    ), page
    assert "Confirmé le" in page

    # A visitor sees them on the défi's public page.
    visitor = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    public = visitor.new_page()
    public.viewport_name = "desktop"
    public.goto(live_url + public_url)
    team = public.locator("section[aria-labelledby=challenge-team]").inner_text()
    assert name in team and other in team
    hidden = [p for p in teammates if p not in (name, other)]
    assert all(person not in team for person in hidden)  # no agreement, no public profile
    screenshot(public, "teams-public-challenge")
    assert_accessible(public)
    public.get_by_role("link", name=name).click()
    public.wait_for_load_state()
    assert name in public.locator("h1").inner_text()
    screenshot(public, "teams-public-fellow")
    visitor.close()
    staff.context.close()
