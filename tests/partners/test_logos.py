"""Company logos: what an upload may be, what Kyoso keeps and who may see it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from partners.models import Company, CompanyLogo
from partners.services.logos import LOGO_SIZE, company_logo_remove, company_logo_set, logo_prepare
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def image_bytes(size=(600, 300), image_format="PNG", mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    color = (200, 30, 30) if mode == "RGB" else 0
    Image.new(mode, size, color).save(out, format=image_format, **save)
    return out.getvalue()


def upload(data: bytes, name="logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


# --- What an upload may be --------------------------------------------------------------


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP", "GIF"])
def test_an_image_becomes_a_png_that_fits_the_logo_size(image_format):
    prepared = logo_prepare(image_bytes((1200, 600), image_format))

    kept = Image.open(io.BytesIO(prepared.png))
    assert kept.format == "PNG"
    assert kept.size == (256, 128) == (prepared.width, prepared.height)
    assert max(kept.size) <= max(LOGO_SIZE)


def test_a_small_image_is_not_enlarged():
    prepared = logo_prepare(image_bytes((64, 32)))

    assert (prepared.width, prepared.height) == (64, 32)


def test_metadata_of_the_upload_is_not_kept():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0112] = 6  # Orientation: turned, so the kept image is upright
    data = image_bytes((400, 200), "JPEG", exif=exif.tobytes())

    prepared = logo_prepare(data)

    kept = Image.open(io.BytesIO(prepared.png))
    assert b"Camera maker" not in prepared.png
    assert not kept.getexif()
    assert kept.size == (128, 256)  # turned upright, then fitted


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not_an_image",
        ),
        (b"<html><script>alert(1)</script></html>", "not_an_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not_an_image"),  # a header and nothing more
        (image_bytes((8, 8)), "too_small"),
        (image_bytes((300, 300), "BMP"), "not_an_image"),  # a format logos do not take
    ],
)
def test_what_is_not_a_usable_image_is_refused_with_its_reason(data, code):
    with pytest.raises(ValidationError) as refused:
        logo_prepare(data)

    assert refused.value.code == code
    assert refused.value.messages


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded():
    # 10,000 × 10,000 one-bit pixels: a small file that would decode to 400 MB in RGBA.
    data = image_bytes((10_000, 10_000), "PNG", mode="1")
    assert len(data) < 2 * 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        logo_prepare(data)

    assert refused.value.code == "too_many_pixels"
    assert "10000 × 10000" in refused.value.messages[0]


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        logo_prepare(b"\x89PNG" + b"\x00" * (2 * 1024 * 1024))

    assert refused.value.code == "too_large"


# --- What the company keeps -------------------------------------------------------------


def test_setting_and_removing_a_logo_keeps_the_digest_with_the_company():
    company = CompanyFactory()

    company_logo_set(company=company, data=image_bytes())
    first = Company.objects.get(pk=company.pk).logo_digest
    company_logo_set(company=company, data=image_bytes((300, 300)))
    second = Company.objects.get(pk=company.pk).logo_digest

    assert first and second and first != second
    assert CompanyLogo.objects.filter(company=company).count() == 1
    assert company_logo_remove(company=company) is True
    assert Company.objects.get(pk=company.pk).logo_digest == ""
    assert not CompanyLogo.objects.filter(company=company).exists()
    assert company_logo_remove(company=company) is False


def test_a_refused_upload_leaves_the_old_logo_in_place():
    company = CompanyFactory()
    company_logo_set(company=company, data=image_bytes())
    digest = Company.objects.get(pk=company.pk).logo_digest

    with pytest.raises(ValidationError):
        company_logo_set(company=company, data=b"not an image")

    assert Company.objects.get(pk=company.pk).logo_digest == digest


# --- Pages ------------------------------------------------------------------------------


def test_a_member_uploads_a_logo_and_sees_it_on_the_company_page(client, company, owner):
    client.force_login(owner)
    edit = reverse("partners:company_logo_edit", args=[company.key])

    response = client.post(edit, {"logo": upload(image_bytes())})

    assert response.status_code == 302
    company.refresh_from_db()
    page = client.get(reverse("partners:company_detail", args=[company.key])).content.decode()
    src = f"{reverse('partners:company_logo', args=[company.key])}?v={company.logo_digest}"
    assert src in page


def test_a_refused_upload_says_why_on_the_form(client, company, owner):
    client.force_login(owner)
    edit = reverse("partners:company_logo_edit", args=[company.key])

    response = client.post(edit, {"logo": upload(b"<svg></svg>", "logo.svg")})

    assert response.status_code == 200
    assert "not an image Kyoso can read" in response.content.decode()
    company.refresh_from_db()
    assert company.logo_digest == ""


def test_the_form_in_japanese(client, company, owner):
    client.force_login(owner)

    response = client.post(
        f"/ja/companies/{company.key}/logo/", {"logo": upload(b"plain text", "logo.png")}
    )

    assert response.status_code == 200
    assert "画像" in response.content.decode()


def test_an_outsider_cannot_change_a_logo(client, company, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("partners:company_logo_edit", args=[company.key]), {"logo": upload(image_bytes())}
    )

    assert response.status_code == 404
    company.refresh_from_db()
    assert company.logo_digest == ""


def test_the_image_is_served_as_a_png_that_cannot_be_read_as_anything_else(client, outsider):
    company = CompanyFactory(visibility=Company.Visibility.LISTED)
    company_logo_set(company=company, data=image_bytes())
    company.refresh_from_db()
    client.force_login(outsider)
    url = reverse("partners:company_logo", args=[company.key])

    kept = client.get(f"{url}?v={company.logo_digest}")
    unversioned = client.get(url)

    assert kept.status_code == 200
    assert kept["Content-Type"] == "image/png"
    assert kept["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in kept["Content-Security-Policy"]
    assert "private" in kept["Cache-Control"] and "immutable" in kept["Cache-Control"]
    assert "no-cache" in unversioned["Cache-Control"]
    assert Image.open(io.BytesIO(kept.content)).format == "PNG"


def test_a_hidden_company_logo_is_missing_for_others_and_there_for_its_members(client, outsider):
    company = CompanyFactory(visibility=Company.Visibility.HIDDEN)
    member = MembershipFactory(company=company).user
    company_logo_set(company=company, data=image_bytes())
    url = reverse("partners:company_logo", args=[company.key])

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_the_directory_shows_logos_without_a_query_per_company(
    client, outsider, django_assert_max_num_queries
):
    for n in range(3):
        company = CompanyFactory(visibility=Company.Visibility.LISTED, name=f"Logo {n}")
        company_logo_set(company=company, data=image_bytes())
    client.force_login(outsider)
    client.get(reverse("partners:directory"))  # warm what the page keeps

    with django_assert_max_num_queries(12):
        page = client.get(reverse("partners:directory") + "?q=logo").content.decode()

    assert page.count('class="logo logo--small"') == 3
