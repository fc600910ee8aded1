"""Words in any of the portal's scripts come out whole, the same for text and query."""
from eoffice.search import text


def test_hindi_sentence_keeps_vowel_signs_and_conjuncts():
    assert text.tokens("भूमि अभिलेख में सुधार हेतु आवेदन") == [
        "भूमि", "अभिलेख", "में", "सुधार", "हेतु", "आवेदन"]
    assert text.tokens("किसान को प्रमाणपत्र") == ["किसान", "को", "प्रमाणपत्र"]


def test_urdu_sentence_keeps_words_whole():
    assert text.tokens("زمین کے ریکارڈ کی درستگی کی درخواست") == [
        "زمین", "کے", "ریکارڈ", "کی", "درستگی", "کی", "درخواست"]


def test_optional_marks_and_keyboard_variants_fold_away():
    assert text.tokens("ज़मीन") == text.tokens("जमीन")  # nukta, precomposed or not
    assert text.tokens("\u095b\u092e\u0940\u0928") == text.tokens("जमीन")
    assert text.tokens("دَرخواست") == text.tokens("درخواست")  # harakat
    assert text.tokens("كيا") == text.tokens("کیا")  # Arabic kaf and yeh
    assert text.tokens("Café NAÏVE") == ["cafe", "naive"]
    assert text.tokens("२०२६ ۲۰۲۶") == ["2026", "2026"]


def test_numbers_split_at_punctuation_and_keys_ignore_case():
    assert text.tokens("DC-SGR/2026/00012") == ["dc", "sgr", "2026", "00012"]
    assert text.number_key(" dc-sgr/2026/00012 ") == text.number_key("DC-SGR/2026/00012")


def test_query_phrases_whole_words_and_heading_score():
    query = text.parse_query("land REV/12 किसान")
    assert query.phrases == [["land"], ["rev", "12"], ["किसान"]]
    assert query.matches("किसान") and not query.matches("किसा") and not query.matches("landed")
    assert query.score("dc rev 12 2026 land of किसान") == 4
    assert query.score("landed revenue") == 0


def test_highlight_escapes_before_marking():
    marked, found = text.highlight('<script>alert("land")</script> land', text.parse_query("land"))
    assert found
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert marked.count("<mark>land</mark>") == 2


def test_highlight_marks_whole_indic_words_and_cuts_long_text():
    body = "x " * 300 + "भूमि अभिलेख में सुधार" + " y" * 300
    marked, found = text.highlight(body, text.parse_query("अभिलेख"), limit=120)
    assert found and "<mark>अभिलेख</mark>" in marked
    assert marked.startswith("… ") and marked.endswith(" …") and len(marked) < 200
