"""A visitor browses the public site (desktop and mobile widths)."""

import pytest

pytestmark = pytest.mark.browser


def test_home(page, live_url, screenshot, assert_accessible):
    page.goto(live_url + "/")
    assert page.locator("h1").count() == 1
    assert "Entrepreneurs d" in page.title()
    screenshot(page, "home")
    assert_accessible(page)


def test_catalogue_search_ignores_accents(page, live_url, screenshot, assert_accessible):
    page.goto(live_url + "/defis/")
    cards = page.locator("main .fr-card")
    assert cards.count() > 0
    screenshot(page, "catalogue")
    assert_accessible(page)

    search = page.locator("main input[name=q]")
    assert search.get_attribute("id")
    assert page.locator(f"label[for={search.get_attribute('id')}]").count() == 1
    search.fill("securite")
    page.locator("main form[role=search] button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "q=securite" in page.url
    text = page.locator("main").inner_text().lower()
    assert "sécurité" in text


def test_one_challenge(page, live_url, screenshot, assert_accessible):
    page.goto(live_url + "/defis/2019/cartobio/")
    assert page.locator("h1").inner_text().strip() == "CartoBio"
    main = page.locator("main").inner_text()
    assert "Agence" in main  # the host administration is shown
    screenshot(page, "challenge")
    assert_accessible(page)


def test_legacy_challenge_address_redirects(page, live_url):
    response = page.goto(live_url + "/defis/2019/cartobio.html")
    assert response.ok
    assert page.url.endswith("/defis/2019/cartobio/")


def test_one_news_post_from_the_list(page, live_url, screenshot, assert_accessible):
    page.goto(live_url + "/actualites/")
    first = page.locator("main .fr-card a").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == title
    screenshot(page, "post")
    assert_accessible(page)
