import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from awaz.news.images import validate_image_file
from awaz.news.models import PostImage
from tests.factories import make_post

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_it_accepts_a_real_image():
    validate_image_file(SimpleUploadedFile("photo.PNG", PNG))


@pytest.mark.parametrize(
    "name, content",
    [
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("photo.jpg", PNG),
        ("noextension", PNG),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(name, content):
    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile(name, content))


def test_it_refuses_very_large_images():
    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile("big.png", PNG + b"\x00" * (6 * 1024 * 1024)))


@pytest.mark.django_db
def test_uploaded_images_are_served_from_our_own_host(client):
    image = PostImage.objects.create(post=make_post(), file=SimpleUploadedFile("photo.png", PNG))

    response = client.get(image.file.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


@pytest.mark.django_db
def test_an_image_in_the_text_is_shown_only_from_our_own_host(client):
    body = "![ours](/media/news/a.png) ![theirs](https://tracker.example/pixel.png)"
    post = make_post(translations={"en": {"title": "Images", "body": body}})

    response = client.get(f"/en/news/{post.slug}/")

    assert 'src="/media/news/a.png"' in response.text
    assert "tracker.example" not in response.text
