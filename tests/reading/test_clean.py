"""The cleaner on small hand-made pages in both languages."""
import marsad

EN_PAGE = """Rockets hit central Hama as factions push south

Hama Desk | 3 May, 2019

Rockets hit central Hama as factions push south

HAMA (Reuters) - At least nine rockets struck residential streets in central Hama on Friday, killing four civilians, state media said.

Opposition factions said they had targeted army positions near the airport.

Background

The city has seen little fighting since 2012.

Translated and edited by The Syrian Observer

Recommend article

Sender's Name:
Receiver's Email:
Comments (3)
X :Latest News
Drone strike kills 12 in Yemen      Taliban attack checkpoint in Kunduz
"""

AR_PAGE = """قصف مدفعي على مدينة أريحا يوقع قتلى

تحرير أحمد الخطيب | تم النشر بتاريخ : 14 تموز، 2019

قصفت قوات النظام بالمدفعية الثقيلة سوق مدينة أريحا جنوب إدلب صباح اليوم، ما أدى إلى مقتل خمسة مدنيين بحسب الدفاع المدني.

اقرأ أيضاً: غارات روسية على ريف حماة

وأفاد ناشطون بإصابة أكثر من عشرة آخرين بجروح متفاوتة.    المصدر: عنب بلدي

الأخبار المتعلقة
مقتل عشرين عنصراً في انفجار بالعراق
الخبر التالي
"""


def roles(doc):
    return [(p.role, doc.text[p.start:p.end]) for p in doc.paragraphs]


def story(doc):
    return doc.story


def test_english_header_roles():
    doc = marsad.extract(EN_PAGE)
    got = roles(doc)
    assert got[0] == ("title", "Rockets hit central Hama as factions push south")
    assert got[1] == ("byline", "Hama Desk | 3 May, 2019")
    assert got[2][0] == "title"  # the page repeats its headline
    assert got[3] == ("dateline", "HAMA (Reuters) -")
    assert got[4][1].startswith("At least nine rockets") and got[4][0] == "body"


def test_english_furniture_never_reaches_the_story():
    doc = marsad.extract(EN_PAGE)
    text = story(doc)
    assert "nine rockets" in text and "airport" in text
    for furniture in ("Recommend article", "Sender's Name", "Comments (3)", "Latest News", "Yemen", "Kunduz",
                      "Translated and edited", "HAMA (Reuters)"):
        assert furniture not in text
    assert ("heading", "Background") in roles(doc)
    assert ("credit", "Translated and edited by The Syrian Observer") in roles(doc)


def test_arabic_related_news_read_also_and_inline_credit():
    doc = marsad.extract(AR_PAGE)
    text = story(doc)
    assert "سوق مدينة أريحا" in text and "بجروح متفاوتة." in text
    for furniture in ("اقرأ أيضاً", "غارات روسية", "المصدر", "الأخبار المتعلقة", "العراق", "الخبر التالي"):
        assert furniture not in text
    assert ("credit", "المصدر: عنب بلدي") in roles(doc)
    assert roles(doc)[0] == ("title", "قصف مدفعي على مدينة أريحا يوقع قتلى")
    assert roles(doc)[1][0] == "byline"


def test_offsets_point_into_the_original_text():
    for page in (EN_PAGE, AR_PAGE, EN_PAGE.replace("\n", "\r\n")):
        doc = marsad.extract(page)
        for p in doc.paragraphs:
            piece = doc.text[p.start:p.end]
            assert piece == piece.strip() and piece
        assert doc.text.replace("\n", "") == page.replace("\r\n", "\n").replace("\n", "")


def test_page_without_title_starts_with_the_story():
    text = ("أمطرت فصائل المعارضة مواقع قوات النظام في حي جوبر بعشرات القذائف صباح اليوم، وأفاد ناشطون "
            "بمقتل عنصرين على الأقل من قوات النظام وإصابة آخرين بجروح، فيما ردت قوات النظام بقصف مدفعي.")
    doc = marsad.extract(text + "\n\nوتابعت الفصائل هجومها حتى المساء.")
    assert doc.meta.title is None
    assert [p.role for p in doc.paragraphs] == ["body", "body"]


def test_a_teaser_repeated_in_the_story_is_a_lead():
    teaser = '"The regime cannot protect its capital any longer," the commander said'
    page = f"Commander warns Damascus\n\n{teaser}\n\nBody one is here.\n\n“{teaser[1:]} in a statement."
    doc = marsad.extract(page)
    assert [p.role for p in doc.paragraphs] == ["title", "lead", "body", "body"]


def test_a_marker_like_word_inside_a_sentence_is_not_furniture():
    page = ("Clashes in Daraa\n\nThe fighters posted comments (3) on social media, and the latest news "
            "from the front described heavy clashes.\n\nMore fighting followed.")
    doc = marsad.extract(page)
    assert "More fighting followed." in doc.story
