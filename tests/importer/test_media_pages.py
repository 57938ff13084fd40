"""Pictures in the public pages: responsive sizes, width and height, lazy
loading below the fold, alt text, and links for what this site does not hold."""

import io
import re

import pytest
from PIL import Image

from eig.core.pictures import store_file
from tests.factories import ChallengeFactory, CohortFactory, FellowFactory, PostFactory

pytestmark = pytest.mark.django_db


def stored_png(width: int, height: int, colour=(0, 99, 203)) -> str:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return store_file(out.getvalue(), "picture.png")


def img_tags(html: str, src: str) -> list[str]:
    return [tag for tag in re.findall(r"<img\b[^>]*>", html) if f'src="{src}"' in tag]


def test_a_challenge_page_shows_its_visual_above_the_fold_and_the_team_photos(client):
    visual = stored_png(800, 400)
    photo = stored_png(360, 360, colour=(10, 10, 10))
    challenge = ChallengeFactory(title="Défi Carte", image=visual)
    FellowFactory(name="Camille Photo", photo_url=photo, challenges=[challenge])

    response = client.get(challenge.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    [tag] = img_tags(html, visual)
    assert 'width="800" height="400"' in tag
    assert 'alt="Défi Carte"' in tag  # no alt of its own: the défi's name
    assert 'loading="eager"' in tag  # the first picture, above the fold
    stem = visual.removesuffix(".png")
    assert f'srcset="{stem}_320w.png 320w, {stem}_640w.png 640w, {visual} 800w"' in tag
    [avatar] = img_tags(html, photo)
    assert 'loading="lazy"' in avatar
    assert 'width="360" height="360"' in avatar
    assert "Camille Photo" in html


def test_catalogue_cards_show_the_visuals_lazily(client):
    visual = stored_png(700, 350)
    ChallengeFactory(title="Défi Carte", image=visual)
    ChallengeFactory(title="Défi Perdu", image="https://www.eig.numerique.gouv.fr/img/perdu.png")

    response = client.get("/defis/")

    assert response.status_code == 200
    html = response.content.decode()
    [tag] = img_tags(html, visual)
    assert 'loading="lazy"' in tag and 'width="700" height="350"' in tag
    assert 'alt="Défi Carte"' in tag
    assert "Défi Perdu" in html
    assert "perdu.png" not in html  # a card shows no picture it does not hold


def test_people_pages_and_cohort_cards_show_photos(client):
    cohort = CohortFactory()
    photo = stored_png(500, 500)
    fellow = FellowFactory(name="Camille Photo", photo_url=photo, cohorts=[cohort])
    visual = stored_png(400, 400, colour=(1, 2, 3))
    ChallengeFactory(title="Défi Promo", cohort=cohort, image=visual)

    page = client.get(fellow.get_absolute_url())
    listing = client.get("/eig/")
    cohort_page = client.get(cohort.get_absolute_url())

    assert page.status_code == listing.status_code == cohort_page.status_code == 200
    [tag] = img_tags(page.content.decode(), photo)
    assert 'alt="Camille Photo"' in tag and 'loading="eager"' in tag
    assert 'width="500" height="500"' in tag
    [card] = img_tags(listing.content.decode(), photo)
    assert 'loading="lazy"' in card and "srcset=" in card
    [challenge_card] = img_tags(cohort_page.content.decode(), visual)
    assert 'alt="Défi Promo"' in challenge_card


def test_a_post_shows_its_picture_and_links_a_missing_one(client):
    header = stored_png(900, 600)
    inline = stored_png(640, 480, colour=(9, 9, 9))
    missing = "https://entrepreneur-interet-general.etalab.gouv.fr/img/blog/perdue.png"
    post = PostFactory(
        title="Des nouvelles",
        image=header,
        body=f"Texte.\n\n![Le bootcamp]({inline})\n\n![Perdue]({missing})\n",
    )

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    [first] = img_tags(html, header)
    assert 'loading="eager"' in first and 'width="900" height="600"' in first
    assert 'alt="Des nouvelles"' in first
    [body_picture] = img_tags(html, inline)
    assert 'loading="lazy"' in body_picture and 'alt="Le bootcamp"' in body_picture
    assert 'width="640"' in body_picture and 'height="480"' in body_picture
    assert "320w" in body_picture
    assert f'href="{missing}"' in html
    assert f'src="{missing}"' not in html  # never a broken image
