import marsad
from marsad.reading.language import given_language, paragraph_language


def test_english_story_with_arabic_footer_is_english():
    page = ("Clashes continue in southern Damascus\n\n"
            "Fighters of the Free Syrian Army clashed with Islamic State members near Yarmouk camp on Sunday, "
            "a local source said, and the clashes lasted until the evening.\n\n"
            "The source added that reinforcements arrived from Babila.\n\n"
            "الاخبار المتعلقة\n\nقتلى وجرحى مدنيون بقصف ليلي على مدينة دوما شرق دمشق")
    doc = marsad.extract(page)
    assert doc.language == "en"
    langs = {doc.text[p.start:p.end][:8]: p.language for p in doc.paragraphs}
    assert langs["Fighters"] == "en" and langs["قتلى وجر"] == "ar"


def test_arabic_document():
    doc = marsad.extract("قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم الاثنين، "
                         "ما أدى إلى مقتل سبعة مدنيين بينهم طفلان، بحسب ما أفاد به ناشطون محليون.")
    assert doc.language == "ar" and doc.language_score == 1.0


def test_other_languages_are_detected_and_reported():
    doc = marsad.extract("Des frappes aériennes ont visé la ville d'Idlib lundi matin, tuant plusieurs civils "
                         "selon les secouristes de la Défense civile syrienne présents sur place.")
    assert doc.language == "fr"
    doc = marsad.extract("Rusya'ya ait savaş uçakları İdlib'in güneyindeki köylere hava saldırısı düzenledi ve "
                         "çok sayıda sivil hayatını kaybetti.")
    assert doc.language == "tr"


def test_short_paragraphs_fall_back_to_script():
    assert paragraph_language("دمشق") == ("ar", 4)
    assert paragraph_language("Homs") == ("en", 4)
    assert paragraph_language("12:30 | 2019") == (None, 0)


def test_language_given_with_the_input_wins():
    doc = marsad.extract("A short English note about Raqqa and the SDF.", language="ku")
    assert doc.language == "ku"


def test_a_given_language_is_an_iso_639_1_code_or_ignored_with_a_warning():
    story = ("ALEPPO, Syria (Reuters) - Air strikes killed five people in the rebel-held town of Atareb west of "
             "Aleppo on Tuesday, the Syrian Observatory for Human Rights said.")
    assert marsad.extract(story, language="EN-gb").language == "en"
    for bad in ("klingon", 'en"><b>x</b>', "xx-invalid", "e", "english"):
        doc = marsad.extract(story, language=bad)
        assert doc.language == "en", bad
        assert any("is not an ISO 639-1 code" in w for w in doc.warnings), bad
    arabic = marsad.extract("حلب - قُتل خمسة أشخاص بغارات جوية على بلدة الأتارب غرب حلب، الثلاثاء، بحسب المرصد "
                            "السوري لحقوق الإنسان.", language="عربي")
    assert arabic.language == "ar" and any("عربي" in w for w in arabic.warnings)


def test_given_language_tags():
    assert given_language("ar") == "ar" and given_language(" AR ") == "ar" and given_language("ar_SY") == "ar"
    assert given_language("fr-CA") == "fr"
    assert given_language("xx") is None and given_language("ara") is None and given_language("") is None
