from django import forms
from django.utils.translation import gettext_lazy as _


class LogoForm(forms.Form):
    """The upload; ``partners.services.logos`` reads the image and says what is wrong."""

    logo = forms.FileField(
        label=_("Logo"),
        help_text=_(
            "A PNG, JPEG, WebP or GIF of up to 2 MB. Kyoso shows it at most 256 × 256 "
            "pixels; a square image on a plain background reads best."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
        error_messages={"required": _("Choose an image file to upload.")},
    )
