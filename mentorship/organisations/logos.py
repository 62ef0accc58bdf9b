"""Organisation logos: what was uploaded is decoded by Pillow, never trusted.

The type is read from the content (PNG, JPEG or WebP only: no SVG, which can carry
script, no GIF); the pixel count is checked from the header before decoding
(a decompression bomb is refused without being expanded); the image is resized to
fit LOGO_BOX and re-encoded as WebP, which drops metadata and anything appended.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from ..audit import record
from ..db import db, utcnow
from .models import OrganisationLogo

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000
LOGO_BOX = (400, 400)
ACCEPTED = {"PNG", "JPEG", "WEBP"}


class LogoRejected(ValueError):
    """The upload is not an image we accept; `code` says why (too_large,
    not_an_image, wrong_type, too_many_pixels, damaged)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Processed:
    data: bytes
    mime: str
    width: int
    height: int
    sha256: str


def process(raw):
    """The re-encoded logo from uploaded bytes; raises LogoRejected."""
    if len(raw) > MAX_BYTES:
        raise LogoRejected("too_large")
    with warnings.catch_warnings():
        # Pillow's own bomb warning is an error here, whatever the global filters.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open(raw)
        width, height = image.size
        if width * height > MAX_PIXELS:  # read from the header: nothing decoded yet
            raise LogoRejected("too_many_pixels")
        try:
            image.load()
            image = _fit(image)
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=90, method=4)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise LogoRejected("too_many_pixels") from None
        except (OSError, ValueError, SyntaxError, EOFError):
            raise LogoRejected("damaged") from None
    data = out.getvalue()
    return Processed(
        data=data,
        mime="image/webp",
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _open(raw):
    """The image's header, read only by the accepted formats' decoders."""
    try:
        image = Image.open(io.BytesIO(raw), formats=sorted(ACCEPTED))
    except UnidentifiedImageError:
        raise LogoRejected("not_an_image") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoRejected("too_many_pixels") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise LogoRejected("damaged") from None
    if image.format not in ACCEPTED:  # pragma: no cover - formats= already limits
        raise LogoRejected("not_an_image")
    return image


def _fit(image):
    """RGB(A), at most LOGO_BOX, without the source's metadata."""
    mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    image = image.convert(mode)
    image.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    clean = Image.new(mode, image.size)
    clean.paste(image)
    return clean


def set_logo(org, processed, by):
    """Store (or replace) the organisation's logo; audited."""
    logo = org.logo or OrganisationLogo(organisation_id=org.id)
    logo.data = processed.data
    logo.mime = processed.mime
    logo.sha256 = processed.sha256
    logo.width, logo.height = processed.width, processed.height
    logo.updated_at = utcnow()
    org.logo = logo
    db.session.add(logo)
    db.session.flush()
    record(org, "logo_set", actor=by, data={"sha256": processed.sha256})


def remove_logo(org, by):
    """Delete the logo; False when there was none."""
    if org.logo is None:
        return False
    org.logo = None
    db.session.flush()
    record(org, "logo_removed", actor=by)
    return True
