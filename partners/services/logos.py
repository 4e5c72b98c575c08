"""Company logos: an uploaded image checked, resized and re-encoded, then stored.

What is stored is never the uploaded file: Pillow decodes it (PNG, JPEG, WebP or GIF
only, its dimensions checked before any pixel is read), turns it upright, shrinks it
to fit ``LOGO_SIZE`` and writes a fresh PNG without metadata. So no script (an SVG, an
HTML file named .png), no EXIF location and no decompression bomb reaches a browser or
the database.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from partners.models import Company, CompanyLogo

LOGO_MAX_BYTES = 2 * 1024 * 1024
# Width × height of an upload, read from its header before any pixel is decoded.
LOGO_MAX_PIXELS = 40_000_000
LOGO_MIN_SIDE = 16
LOGO_SIZE = (256, 256)
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


@dataclass(frozen=True)
class PreparedLogo:
    png: bytes
    width: int
    height: int
    digest: str


def logo_prepare(data: bytes) -> PreparedLogo:
    """The PNG Kyoso keeps for an uploaded image, or a ValidationError saying what is wrong."""
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)d MB: choose a smaller file.")
            % {"limit": LOGO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in LOGO_FORMATS:
                raise _not_an_image()
            width, height = image.size
            if width * height > LOGO_MAX_PIXELS:
                raise ValidationError(
                    _("The image is %(width)d × %(height)d pixels: a logo needs far fewer.")
                    % {"width": width, "height": height},
                    code="too_many_pixels",
                )
            if min(width, height) < LOGO_MIN_SIDE:
                raise ValidationError(
                    _("The image is too small: give at least %(side)d × %(side)d pixels.")
                    % {"side": LOGO_MIN_SIDE},
                    code="too_small",
                )
            image.seek(0)  # an animated GIF or WebP: its first frame
            picture = ImageOps.exif_transpose(image)
            picture = picture.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_an_image() from None
    picture.thumbnail(LOGO_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    return PreparedLogo(
        png=png,
        width=picture.width,
        height=picture.height,
        digest=hashlib.sha256(png).hexdigest()[:16],
    )


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not an image Kyoso can read: upload a PNG, JPEG, WebP or GIF."),
        code="not_an_image",
    )


@transaction.atomic
def company_logo_set(*, company: Company, data: bytes) -> CompanyLogo:
    """Replace the company's logo with the uploaded image ``data`` (checked first)."""
    prepared = logo_prepare(data)
    logo, _created = CompanyLogo.objects.update_or_create(
        company=company,
        defaults={"image": prepared.png, "width": prepared.width, "height": prepared.height},
    )
    # Saved through the model: pages that show the logo notice a changed company.
    company.logo_digest = prepared.digest
    company.save(update_fields=["logo_digest", "updated_at"])
    return logo


@transaction.atomic
def company_logo_remove(*, company: Company) -> bool:
    """Remove the company's logo; False if it had none."""
    deleted, _kinds = CompanyLogo.objects.filter(company=company).delete()
    if company.logo_digest:
        company.logo_digest = ""
        company.save(update_fields=["logo_digest", "updated_at"])
    return bool(deleted)
