"""Scans the tests make: lines of text rendered with Debian's Noto fonts (shaped by
libraqm, so Devanagari conjuncts and joined Urdu letters are drawn as on paper), as a
PNG and as an image-only PDF, the way a scanner's output looks."""
import io

import pytest
from PIL import Image, ImageDraw, ImageFont, features

FONTS = "/usr/share/fonts/truetype/noto/"
FONT = {"eng": "NotoSans-Regular.ttf", "hin": "NotoSansDevanagari-Regular.ttf",
        "urd": "NotoNaskhArabic-Regular.ttf"}
LETTERS = {
    "eng": ["Public Works Department Srinagar", "Subject: repair of the road in ward 72"],
    "hin": ["लोक निर्माण विभाग श्रीनगर", "विषय: वार्ड में सड़क की मरम्मत"],
    "urd": ["محکمہ تعمیرات عامہ سرینگر", "موضوع: وارڈ میں سڑک کی مرمت"],
}


def needs_shaping():
    if not features.check("raqm"):
        pytest.skip("Pillow without libraqm cannot shape Devanagari or Urdu text")


def render_png(lines, language="eng", width=1400):
    """Black text on white at 300 dpi, right-aligned for Urdu."""
    needs_shaping()
    font = ImageFont.truetype(FONTS + FONT[language], 40, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (width, 120 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    rtl = language == "urd"
    for number, line in enumerate(lines):
        draw.text((width - 50 if rtl else 50, 50 + number * 90), line, font=font, fill=0,
                  anchor="ra" if rtl else "la", direction="rtl" if rtl else "ltr")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(300, 300))
    return buffer.getvalue()


def image_pdf(*pngs):
    """An image-only PDF, a page per PNG: no text layer, as a scanner makes it."""
    images = [Image.open(io.BytesIO(png)).convert("L") for png in pngs]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def text_pdf(*pages):
    """A PDF whose pages carry their words as text (a letter typed and saved as PDF)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=14)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
