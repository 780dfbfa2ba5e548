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


# A flattened page: the photo and its caption sit inside the story's one line, between the first
# sentence and the rest, closed by the agency's photo credit.
EN_CAPTION_PAGE = (
    "Regime strikes kill 19 in eastern Syrian town\n\n"
    "14 Mar 2017 Regime and Russian air strikes have killed at least 19 people in an opposition-held town "
    "in eastern Syria, a monitor said. Residents search the rubble of a building in the town of Saraqib, "
    "Idlib province, Syria, March 2, 2017. (TRT World and Agencies) The air raids hit a market in al-Mayadin "
    "southeast of Deir Ezzor city on Tuesday morning, the Britain-based Syrian Observatory for Human Rights "
    "said. Rescue workers were still pulling bodies from the debris in the afternoon.\n")

AR_CAPTION_PAGE = (
    "مقتل 12 مدنياً بغارات على ريف دير الزور\n\n"
    "قتل 12 مدنياً على الأقل اليوم الثلاثاء جراء غارات جوية على بلدة الميادين بريف دير الزور الشرقي. "
    "عناصر من الدفاع المدني يبحثون بين الأنقاض في مدينة سراقب بريف إدلب الشرقي (صورة أرشيفية) "
    "وقال المرصد السوري لحقوق الإنسان إن الغارات استهدفت سوقاً شعبياً وسط البلدة.\n")


def test_a_photo_caption_inside_a_story_line_is_furniture():
    for page, caption, after in (
            (EN_CAPTION_PAGE, "Residents search the rubble", "The air raids hit a market"),
            (AR_CAPTION_PAGE, "عناصر من الدفاع المدني", "وقال المرصد السوري")):
        doc = marsad.extract(page, published="2017-03-14")
        got = roles(doc)
        captions = [text for role, text in got if role == "furniture"]
        assert len(captions) == 1 and captions[0].startswith(caption), got
        assert captions[0].endswith(")")
        assert any(role == "body" and text.startswith(after) for role, text in got), got
        assert caption not in doc.story and after in doc.story
        # the story after the caption still tells the lead: the town in the caption places nothing
        places = {e.location.name for e in doc.events}
        assert "Saraqib" not in places and "سراقب" not in places, places
        assert not any(e.location.admin1 == "Idlib" for e in doc.events), [e.location for e in doc.events]
        assert any(e.location.admin1 == "Deir ez-Zor" for e in doc.events if e.salience == "main")


def test_a_caption_that_ends_with_its_own_full_stop_is_cut_from_the_sentence_before():
    page = ("Air strikes kill 16 in Aleppo market\n\n"
            "Published July 2 2016 Syrians inspect the damage at a market in the rebel-held district of Tariq "
            "al-Bab in the northern city of Aleppo on July 1 2016. (AFP Photo) At least 16 civilians including "
            "women and children were killed in air strikes on a market in the Tariq al-Bab district of Aleppo "
            "city on Friday, a monitor said.\n")
    doc = marsad.extract(page, published="2016-07-02")
    got = roles(doc)
    caption = next(text for role, text in got if role == "furniture")
    assert caption.startswith("Published July 2 2016 Syrians inspect") and caption.endswith("(AFP Photo)")
    assert doc.story.lstrip().startswith("At least 16 civilians")


def test_a_credit_closing_the_story_is_not_a_caption_of_the_sentence_before():
    page = ("Shelling kills four in Hama\n\n"
            "At least four civilians were killed when regime artillery shelled the town of Kafr Zita in the "
            "northern Hama countryside on Sunday, the civil defence said. The town has been shelled daily this "
            "month, residents said. (TRT World and Agencies)\n")
    doc = marsad.extract(page, published="2019-05-12")
    assert "residents said" in doc.story and "Kafr Zita" in doc.story
    assert [text for role, text in roles(doc) if role == "furniture"] == ["(TRT World and Agencies)"]


def test_parentheses_that_credit_no_photo_stay_in_the_story():
    page = ("Clashes in Daraa countryside\n\n"
            "Fighters of the Free Syrian Army (FSA) clashed with regime forces near the town of Nawa (western "
            "Daraa countryside) on Monday, killing three soldiers, activists said. The Islamic State group "
            "(IS) was not involved.\n")
    doc = marsad.extract(page, published="2018-06-04")
    assert not [p for p in doc.paragraphs if p.role == "furniture"]
    assert "(FSA)" in doc.story and "(IS)" in doc.story


def test_a_long_agency_caption_at_the_top_of_a_flattened_page_is_furniture():
    english = ("Raids on Syria market kill 21\n\n"
               "Last updated at Jun 13 2016 In this photo taken on June 8 and provided by the Syrian Civil Defence "
               "directorate in the province of Aleppo, which has been authenticated based on its contents and other "
               "reporting, civil defence workers help an injured woman after warplanes attacked a street in Aleppo, "
               "Syria (AP photo) BEIRUT Air strikes on a market in the city of Idlib killed at least 21 civilians on "
               "Sunday, the Syrian Observatory for Human Rights said.\n")
    arabic = ("مقتل 21 مدنياً بغارات على سوق في إدلب\n\n"
              "عناصر من الدفاع المدني السوري يسعفون امرأة أصيبت بجروح بعد أن استهدفت طائرات حربية شارعاً في أحد "
              "أحياء مدينة حلب الشرقية في الثامن من حزيران الجاري، في صورة نشرتها مديرية الدفاع المدني في محافظة "
              "حلب وتحقق منها مراسلون (صورة أرشيفية) قتل 21 مدنياً على الأقل اليوم الأحد بغارات جوية على سوق شعبي "
              "في مدينة إدلب، بحسب المرصد السوري لحقوق الإنسان.\n")
    for page, after in ((english, "BEIRUT Air strikes"), (arabic, "قتل 21 مدنياً")):
        doc = marsad.extract(page, published="2016-06-13")
        assert doc.story.lstrip().startswith(after), doc.story[:80]
        assert {e.location.admin1 for e in doc.events if e.salience == "main"} == {"Idlib"}, doc.events


def test_related_headlines_run_into_a_flattened_story_line_are_furniture():
    en = ("Mortar shells kill three in Deir ez-Zor's al-Qusour district\n\n"
          "05.10.2017 (updated 19:35 05.10.2017) Get short URL 0 41 A mortar attack on the al-Qusour district of "
          "Deir ez-Zor left three civilians dead, a local source told Sputnik. Most of the wounded were taken to a "
          "military hospital. ... 01 Related US-Led Coalition Airstrikes Kill at Least 12 Civilians in Deir ez-Zor "
          "Daesh Shells Deir ez-Zor, Injures 10 People Tags shelling, Syria")
    trt = ("Air strikes hit Idlib hospital\n\nAn air strike hit a hospital in Idlib on Sunday, killing four "
           "medics, a monitor said. Source TRTWorld and agencies Related News Turkey hosts talks on Syria | "
           "Car bomb kills 20 in Azaz")
    ar = ("مقتل ثلاثة مدنيين بقذائف على حي القصور\n\nقتل ثلاثة مدنيين جراء سقوط قذائف هاون على حي القصور في "
          "مدينة دير الزور اليوم. وتسببت القذائف بأضرار مادية في المنازل أخبار ذات صلة مقتل 12 مدنياً بغارات "
          "للتحالف على ريف دير الزور")
    for page, kept, gone in ((en, "taken to a military hospital.", "Kill at Least 12"),
                             (trt, "killing four medics, a monitor said.", "Car bomb kills 20"),
                             (ar, "بأضرار مادية في المنازل", "مقتل 12 مدنياً")):
        doc = marsad.extract(page)
        assert kept in story(doc) and gone not in story(doc)
        assert roles(doc)[-1][0] == "furniture" and roles(doc)[-1][1].split()[0] in ("...", "Source", "أخبار")


def test_a_related_list_at_the_top_of_a_page_or_in_prose_is_no_tail():
    text = ("Views rise over UN resolution\n\nThe council adopted resolution 2118 (2013) related to chemical weapons "
            "after related news from Ghouta showed 300 dead. Inspectors arrived in Damascus on Monday.")
    doc = marsad.extract(text)
    assert "Inspectors arrived in Damascus on Monday." in story(doc)


WRAPPED_EN = """Barrel bombs hit Aleppo's Sukkari district

ALEPPO, Aug 3 (AFP) - Barrel bombs dropped by government helicopters on the Sukkari district of Aleppo
on Wednesday killed 14 civilians, among them three children, the Syrian Observatory for Human
Rights said.

What we know so far
- rescue teams at the scene
- the hospital in Sukkari overwhelmed
"""

WRAPPED_AR = """براميل متفجرة على حي السكري في حلب

حلب (أ ف ب) - ألقت مروحيات النظام براميل متفجرة على حي السكري في مدينة حلب صباح الأربعاء ما أدى إلى
مقتل 14 مدنياً بينهم ثلاثة أطفال، بحسب ما أفاد المرصد السوري لحقوق
الإنسان.
وقال الدفاع المدني إن فرقه ما زالت تبحث تحت الأنقاض.
"""


def test_hard_wrapped_lines_join_their_paragraph_and_short_lines_stay_apart():
    doc = marsad.extract(WRAPPED_EN, key="wrapped-en", published="2016-08-03")
    story = [doc.text[p.start:p.end] for p in doc.paragraphs if p.role == "body"]
    assert any("Aleppo\non Wednesday killed 14" in p and p.endswith("Rights said.") for p in story), story
    assert not any("What we know so far" in p and "rescue teams" in p for p in story)  # a heading stays apart
    assert not any("rescue teams at the scene\n" in p for p in story)  # list items are short: never joined
    ar = marsad.extract(WRAPPED_AR, key="wrapped-ar", published="2016-08-03")
    story = [ar.text[p.start:p.end] for p in ar.paragraphs if p.role == "body"]
    assert any("ما أدى إلى\nمقتل 14" in p and p.endswith("الإنسان.") for p in story), story
    assert not any("الإنسان.\nوقال" in p for p in story)  # a line ending with a stop ends its paragraph
