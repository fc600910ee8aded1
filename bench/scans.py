"""Scans the OCR tests and bench/ocr.py make: lines of text rendered with Debian's Noto
fonts (shaped by libraqm, so Devanagari conjuncts and joined Urdu letters are drawn as
on paper), as a PNG and as an image-only PDF, the way a scanner's output looks."""
import io

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin, features

FONTS = "/usr/share/fonts/truetype/noto/"
FONT = {"eng": "NotoSans-Regular.ttf", "hin": "NotoSansDevanagari-Regular.ttf",
        "urd": "NotoNaskhArabic-Regular.ttf"}
LETTERS = {
    "eng": ["Public Works Department Srinagar", "Subject: repair of the road in ward 72"],
    "hin": ["लोक निर्माण विभाग श्रीनगर", "विषय: वार्ड में सड़क की मरम्मत"],
    "urd": ["محکمہ تعمیرات عامہ سرینگر", "موضوع: وارڈ میں سڑک کی مرمت"],
}

# the rest of a letter, for pages as full as the ones the registry scans (bench/ocr.py)
BODIES = {
    "eng": ["Sir,", "The road from the main market to the school in ward 72 was damaged in",
            "the rains of last month. Water stands on it and children cannot walk to school.",
            "The residents request that the road be repaired before the winter sets in,",
            "and that the drains on both sides be cleaned and covered.",
            "An estimate prepared by the Assistant Engineer is enclosed for kind approval.",
            "Yours faithfully,", "Executive Engineer, Roads and Buildings Division"],
    "hin": ["महोदय,", "वार्ड 72 में मुख्य बाज़ार से विद्यालय तक की सड़क पिछले महीने की वर्षा में",
            "क्षतिग्रस्त हो गई है। उस पर पानी भरा रहता है और बच्चे विद्यालय नहीं जा पाते।",
            "निवासियों का अनुरोध है कि सर्दी से पहले सड़क की मरम्मत कराई जाए",
            "और दोनों ओर की नालियों की सफ़ाई करके उन्हें ढका जाए।",
            "सहायक अभियंता द्वारा तैयार प्राक्कलन स्वीकृति हेतु संलग्न है।",
            "भवदीय,", "अधिशासी अभियंता, सड़क एवं भवन खंड"],
    "urd": ["جناب عالی،", "وارڈ 72 میں بازار سے اسکول تک کی سڑک پچھلے مہینے کی بارش میں",
            "خراب ہو گئی ہے۔ اس پر پانی کھڑا رہتا ہے اور بچے اسکول نہیں جا پاتے۔",
            "رہائشیوں کی درخواست ہے کہ سردی سے پہلے سڑک کی مرمت کرائی جائے",
            "اور دونوں طرف کی نالیوں کی صفائی کر کے انہیں ڈھکا جائے۔",
            "اسسٹنٹ انجینئر کا تیار کردہ تخمینہ منظوری کے لیے منسلک ہے۔",
            "آپ کا مخلص،", "ایگزیکٹو انجینئر، سڑک و عمارات ڈویژن"],
}


def can_shape():
    """Pillow with libraqm: without it Devanagari and Urdu would be drawn unjoined."""
    return features.check("raqm")


def render_png(lines, language="eng", width=1400, tag=""):
    """Black text on white at 300 dpi, right-aligned for Urdu; `tag` makes other bytes
    of the same picture (a PNG text chunk)."""
    if not can_shape():
        raise RuntimeError("Pillow without libraqm cannot shape Devanagari or Urdu text")
    font = ImageFont.truetype(FONTS + FONT[language], 40, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (width, 120 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    rtl = language == "urd"
    for number, line in enumerate(lines):
        draw.text((width - 50 if rtl else 50, 50 + number * 90), line, font=font, fill=0,
                  anchor="ra" if rtl else "la", direction="rtl" if rtl else "ltr")
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if tag:
        info.add_text("tag", tag)
    image.save(buffer, "PNG", dpi=(300, 300), pnginfo=info)
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
