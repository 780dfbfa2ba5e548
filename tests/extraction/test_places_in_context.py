"""Places read in context: names the local gazetteer knows, resolved by what the report says around them.

Small gazetteers are written here as an analyst's CSV list; the tests that need all of Syria import the
shared gazetteer files (``syria_gazetteer.py``).
"""
from __future__ import annotations

import csv
import json

import pytest
from syria_gazetteer import syria, with_syria  # noqa: F401  (fixtures)

import marsad
from marsad.extraction.gazetteer import import_paths
from marsad.extraction.knowledge import knowledge

COLUMNS = ("name", "name_ar", "aliases", "lat", "lon", "admin1", "admin2", "precision")
VILLAGES = [  # invented entries at plausible points: two villages share a name in two governorates
    ("Kafr Tuwayni", "كفر طويني", "Kfar Touwayni", 35.551, 36.602, "Idlib", "Ariha", "village"),
    ("Kafr Tuwayni", "كفر طويني", "", 35.302, 36.553, "Hama", "Mhardeh", "village"),
    ("Dayr Sunbul", "دير سنبل", "Deir Sunbul", 35.624, 36.521, "Idlib", "Ariha", "village"),
    ("Salim", "سليم", "", 34.95, 36.12, "Tartus", "Safita", "village"),
]


@pytest.fixture()
def small(tmp_path, monkeypatch):
    """A local gazetteer of four villages, configured as the user's."""
    listing = tmp_path / "villages.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(VILLAGES)
    path = tmp_path / "gazetteer.sqlite"
    import_paths([listing], gazetteer=path)
    monkeypatch.setenv("MARSAD_GAZETTEER", str(path))
    return path


@pytest.fixture()
def no_gazetteer(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_GAZETTEER", str(tmp_path / "absent.sqlite"))


def main_event(text: str, **given):
    doc = marsad.extract(text, **given)
    return next((e for e in doc.events if e.salience == "main"), doc.events[0] if doc.events else None)


def places_named(text: str) -> list[str]:
    kb = knowledge()
    doc = marsad.extract(text)
    return [kb.places[e.location.id].location.name for e in doc.events]


# -- a small gazetteer ---------------------------------------------------------------------------

def test_variant_spellings_of_an_imported_village_are_found(small):
    english = ("IDLIB, Syria (Reuters) - Government helicopters dropped barrel bombs on the village of Deir "
               "Sonbol on Tuesday, killing three civilians, the Syrian Observatory for Human Rights said.")
    event = main_event(english)
    assert event.location.name == "Dayr Sunbul" and event.location.admin1 == "Idlib"
    arabic = ("إدلب - سمارت\n\nقتل ثلاثة مدنيين، يوم الثلاثاء، بقصف بالبراميل المتفجرة ألقته مروحيات النظام "
              "على قرية دير سنبل، بحسب ما أفاد ناشطون.")
    assert main_event(arabic).location.name == "Dayr Sunbul"


def test_a_name_in_two_governorates_is_the_one_whose_countryside_is_named(small):
    idlib = ("Regime artillery shelled Kafr Tuwayni in the southern Idlib countryside on Monday, killing two "
             "children, activists said, as fighting flared along the front lines for a third day.")
    event = main_event(idlib)
    assert (event.location.name, event.location.admin1) == ("Kafr Tuwayni", "Idlib")
    hama = ("قصفت قوات النظام بالمدفعية الثقيلة، اليوم الاثنين، قرية كفر طويني في ريف حماة الشمالي، ما أدى إلى "
            "مقتل طفلين، بحسب ما أفاد مراسل سمارت في المنطقة.")
    event = main_event(hama)
    assert (event.location.name, event.location.admin1) == ("Kafr Tuwayni", "Hama")


def test_the_dateline_tells_a_name_apart_and_nothing_else_is_guessed(small):
    story = ("Regime artillery shelled Kafr Tuwayni on Monday, killing two children and wounding five other "
             "people, residents said.")
    event = main_event("HAMA, Syria (Reuters) - " + story)
    assert (event.location.name, event.location.admin1) == ("Kafr Tuwayni", "Hama")
    doc = marsad.extract(story)  # two villages of the name, and not a word to tell them apart: no guess
    assert all(e.location.name != "Kafr Tuwayni" for e in doc.events)


def test_a_persons_name_is_not_taken_for_a_village(small):
    text = ("Russian warplanes struck Kafr Tuwayni in the southern Idlib countryside on Monday. A resident of "
            "Kafr Tuwayni, Salim Hassan, said four people were killed when a missile hit his neighbour's house.")
    assert "Salim" not in places_named(text)
    arabic = ("قصفت طائرات حربية روسية قرية كفر طويني في ريف إدلب الجنوبي، وقال الناشط سليم الحسن إن أربعة "
              "مدنيين قتلوا في القصف.")
    assert "Salim" not in places_named(arabic)


def test_the_bundled_neighbourhood_wins_over_an_imported_village_of_its_name(small, tmp_path, monkeypatch):
    listing = tmp_path / "jobar.csv"
    listing.write_text(",".join(COLUMNS) + "\nJobar,جوبر,,35.05,35.95,Tartus,Tartus,village\n", encoding="utf-8")
    path = tmp_path / "jobar.sqlite"
    import_paths([listing], gazetteer=path)
    monkeypatch.setenv("MARSAD_GAZETTEER", str(path))
    text = ("DAMASCUS, Syria (AP) - Syrian troops shelled the rebel-held district of Jobar on the eastern edge "
            "of Damascus on Sunday, killing five fighters, opposition activists said.")
    assert main_event(text).location.admin1 == "Damascus"


# -- no gazetteer needed -------------------------------------------------------------------------

def test_an_event_at_an_unknown_village_keeps_the_governorate(no_gazetteer):
    english = ("BEIRUT (AFP) - Regime helicopters dropped barrel bombs on the village of Zarzuriyya in the "
               "southern countryside of Idlib on Thursday, killing four civilians, a monitor said.")
    event = main_event(english)
    assert event is not None and event.location.admin1 == "Idlib"
    assert event.location.precision in ("governorate", "region")
    arabic = ("قتل أربعة مدنيين، اليوم الخميس، بقصف بالبراميل المتفجرة على قرية زرزورية في ريف إدلب الجنوبي، "
              "بحسب ما أفاد ناشطون.")
    event = main_event(arabic)
    assert event is not None and event.location.admin1 == "Idlib"
    assert event.location.precision in ("governorate", "region")


def test_a_country_level_headline_takes_the_place_the_story_names(no_gazetteer):
    english = ("Air strikes in Syria kill at least 20 Islamic State fighters: monitor\n\n"
               "US-led air strikes killed at least 20 Islamic State fighters in northeastern Syria near the border "
               "with Iraq, an organisation monitoring the conflict said on Friday. Rami Abdulrahman, who runs the "
               "Syrian Observatory for Human Rights, said 19 explosions were heard during the air strikes in "
               "al-Shadadi in the northeastern province of Hasaka on Thursday.")
    event = main_event(english, title="Air strikes in Syria kill at least 20 Islamic State fighters: monitor")
    assert event.location.admin1 == "Al-Hasakah"
    arabic = ("غارات للتحالف تقتل 20 عنصرا من تنظيم الدولة في سوريا\n\n"
              "قتل 20 عنصرا على الأقل من تنظيم الدولة بغارات جوية لطائرات التحالف الدولي على سوريا، وقال المرصد "
              "السوري لحقوق الإنسان إن الغارات استهدفت مواقع للتنظيم في بلدة الشدادي بريف الحسكة الجنوبي.")
    event = main_event(arabic, title="غارات للتحالف تقتل 20 عنصرا من تنظيم الدولة في سوريا")
    assert event.location.admin1 == "Al-Hasakah"


def test_east_of_a_city_is_its_area_not_the_city(no_gazetteer):
    text = ("Islamic State fighters attacked army positions east of Deir ez-Zor on Saturday, killing seven "
            "soldiers, state media said.")
    event = main_event(text)
    assert event.location.admin1 == "Deir ez-Zor" and event.location.precision in ("governorate", "region")


def test_a_title_is_not_placed_by_a_sentence_that_tells_another_kind_of_event(no_gazetteer):
    english = ("In an ambush, Syrian forces kill 35 terrorists\n\nDAMASCUS (Al-Alam) - Syrian army forces killed 35 "
               "terrorists in an ambush on Sunday night, a military source said, adding that the militants had been "
               "trying to infiltrate army lines for days.\n\nThe source said the operation was carried out after "
               "surveillance of the militants' movements.\n\nElsewhere, Syrian army forces took control of the "
               "village of Jubb al-Jarrah in the eastern countryside of Homs after expelling the militants.")
    event = main_event(english, published="2015-07-07")
    assert event.sub_event_type == "Armed clash" and event.location.name != "Jubb al-Jarrah", event
    arabic = ("الجيش السوري يقتل 35 إرهابيا في كمين محكم\n\nدمشق - العالم\n\nقتلت وحدات من الجيش السوري 35 "
              "إرهابيا في كمين محكم ليل الأحد، بحسب ما أفاد مصدر عسكري أشار إلى أن المسلحين كانوا يحاولون التسلل "
              "إلى نقاط الجيش منذ أيام.\n\nوفي سياق آخر، سيطرت وحدات من الجيش السوري على قرية جب الجراح في ريف "
              "حمص الشرقي بعد طرد المسلحين منها.")
    event = main_event(arabic, published="2015-07-07")
    assert event.sub_event_type == "Armed clash" and event.location.name != "Jubb al-Jarrah", event


def test_the_place_a_capture_word_takes_is_its_object(no_gazetteer):
    english = "Syrian army kills 30 ISIS terrorists near Deir Ezzor airport, recaptures Muhasan"
    places = {e.sub_event_type: e.location.name for e in marsad.extract(english, published="2017-09-20").events}
    assert places.get("Government regains territory") == "Muhasan", places
    arabic = "الجيش يقتل 30 إرهابيا من داعش قرب مطار دير الزور ويستعيد السيطرة على بلدة موحسن"
    places = {e.sub_event_type: e.location.name for e in marsad.extract(arabic, published="2017-09-20").events}
    assert places.get("Government regains territory") == "Muhasan", places


def test_the_towns_people_came_from_are_not_where_the_bomb_hit(no_gazetteer):
    english = ("A suicide car bomb tore through buses carrying evacuees from the besieged government-held towns of "
               "Foua and Kefraya on Saturday as they waited at a transit point west of Aleppo, killing at least "
               "100 people, the Syrian Observatory for Human Rights said.")
    event = main_event(english, published="2017-04-15")
    assert event.sub_event_type == "Suicide bomb" and event.location.admin1 == "Aleppo", event
    arabic = ("قتل مئة شخص على الأقل يوم السبت بتفجير انتحاري استهدف حافلات تقل مهجرين من بلدتي الفوعة وكفريا "
              "المحاصرتين أثناء انتظارهم عند نقطة عبور غرب مدينة حلب، بحسب المرصد السوري لحقوق الإنسان.")
    event = main_event(arabic, published="2017-04-15")
    assert event.sub_event_type == "Suicide bomb" and event.location.admin1 == "Aleppo", event


def test_a_capital_named_for_its_government_is_no_place(no_gazetteer):
    english = ("Air strikes kill 12 in Idlib despite truce\n\nBEIRUT (AFP) - Air strikes killed at least 12 "
               "civilians on Wednesday despite Damascus promises of a truce for the Eid holiday, the Syrian "
               "Observatory for Human Rights said. Moscow defended its Damascus ally at the Security Council.")
    event = main_event(english, published="2016-07-06")
    assert event.location.admin1 != "Damascus", event
    arabic = ("غارات تقتل 12 مدنيا رغم الهدنة\n\nقتل 12 مدنيا على الأقل يوم الأربعاء بغارات جوية رغم وعود "
              "بهدنة خلال عطلة العيد، بحسب المرصد السوري لحقوق الإنسان، فيما دافعت موسكو عن حليفتها دمشق في "
              "مجلس الأمن.")
    event = main_event(arabic, published="2016-07-06")
    assert event is None or event.location.admin1 != "Damascus", event


def test_a_quarter_named_after_a_town_is_not_the_town(no_gazetteer):
    english = ("A car bomb exploded near the Bab Tadmor roundabout in central Homs on Monday, killing three "
               "people, state media said.")
    event = main_event(english, published="2016-09-05")
    assert event.location.admin1 == "Homs" and event.location.name != "Palmyra", event
    arabic = "انفجرت سيارة مفخخة قرب دوار باب تدمر وسط مدينة حمص يوم الاثنين ما أدى إلى مقتل ثلاثة أشخاص."
    event = main_event(arabic, published="2016-09-05")
    assert event.location.admin1 == "Homs" and event.location.name != "Palmyra", event


# -- the whole of Syria --------------------------------------------------------------------------

@pytest.mark.usefixtures("with_syria")
def test_villages_of_syria_are_read_in_real_reporting():
    english = ("Three children were among at least 19 civilians killed in an air raid on a village held by the "
               "Islamic State group in northern Syria on Wednesday, the Syrian Observatory for Human Rights said. "
               "According to the observatory the strike hit the village of Rityan north of Aleppo.")
    event = main_event(english, title="Air raid kills 19 Syrians in IS-held village")
    assert (event.location.name, event.location.admin1) == ("Rityan", "Aleppo")
    arabic = ("قتل ثلاثة مدنيين وأصيب آخرون بجروح، اليوم، جراء قصف مدفعي لقوات النظام استهدف بلدة جيرود في "
              "منطقة القلمون الشرقي بريف دمشق، بحسب ما أفاد ناشطون.")
    event = main_event(arabic)
    assert event.location.admin1 == "Rural Damascus" and "Jayr" in event.location.name


@pytest.mark.usefixtures("with_syria")
def test_damascus_districts_stay_in_damascus_with_all_of_syria_loaded():
    for district in ("Jobar", "Mezzeh", "al-Malki"):
        text = (f"DAMASCUS (Reuters) - Mortar shells fired by rebels hit the {district} district of Damascus "
                "on Monday, killing two people, the state news agency SANA said.")
        assert main_event(text).location.admin1 == "Damascus", district


@pytest.mark.usefixtures("with_syria")
def test_a_bundled_village_and_its_namesakes_are_told_apart_by_the_story():
    english = ("An Israeli air strike on a government-held village on the Syrian side of the Golan Heights "
               "ceasefire line killed five pro-government fighters on Wednesday, a monitoring group said. "
               "An Israeli plane hit a car inside the town of Hader, killing two members of a local militia.")
    event = main_event(english, title="Israeli strike on Syrian town kills pro-regime fighters")
    assert event.location.admin1 == "Quneitra", event.location
    arabic = ("استهدفت طائرة إسرائيلية سيارة داخل بلدة حضر في ريف القنيطرة الشمالي قرب خط وقف إطلاق النار في الجولان "
              "اليوم الأربعاء، ما أدى إلى مقتل عنصرين من ميليشيا محلية.")
    assert main_event(arabic).location.admin1 == "Quneitra"


@pytest.mark.usefixtures("with_syria")
def test_a_title_near_a_city_and_the_leads_village_in_its_countryside_are_one_event():
    text = ("Turkish drone strike kills three near Qamishli\n\nQAMISHLI, June 10 (North Press) - A Turkish drone "
            "struck a civilian car near the village of Helwa in the Qamishli countryside on Wednesday morning, "
            "killing three civilians, local sources said.")
    doc = marsad.extract(text, key="qamishli", published="2020-06-10")
    main = [e for e in doc.events if e.salience == "main"]
    assert len(main) == 1 and main[0].location.admin1 == "Al-Hasakah", doc.events


def test_a_titles_event_takes_the_place_of_the_lead_event_that_tells_its_figure():
    """The title tells the lead's news: its figure, told again in the lead at a city, places it there, even
    when the story later names its actor beside a more precise place (the town the group says it avenged)."""
    english = ("Massive IS bomb attack kills 44 in Syrian Kurdish city\n\n"
               "QAMISHLI, Syria (AFP) - A massive truck bomb claimed by the Islamic State group killed at least 44 "
               "people and wounded dozens on Wednesday in the Kurdish-majority city of Qamishli, state media said. "
               "The Britain-based Syrian Observatory for Human Rights gave a toll of 48 dead.\n\n"
               "IS claimed the bombing in a statement on social media, calling it revenge for the fighting in the "
               "town of Manbij, where the jihadists set off a car bomb last month.\n")
    arabic = ("مقتل 44 شخصاً بتفجير ضخم لتنظيم داعش في مدينة كردية شمال شرق سوريا\n\n"
              "القامشلي (وكالات) - قتل 44 شخصاً على الأقل وأصيب العشرات اليوم الأربعاء بتفجير شاحنة مفخخة تبناه "
              "تنظيم داعش في مدينة القامشلي ذات الغالبية الكردية، بحسب ما أفاد الإعلام الرسمي. "
              "وقال المرصد السوري لحقوق الإنسان إن الحصيلة بلغت 48 قتيلاً.\n\n"
              "وقال تنظيم داعش في بيان إن التفجير جاء انتقاماً لمعارك بلدة منبج، حيث فجر التنظيم سيارة مفخخة "
              "الشهر الماضي.\n")
    for text in (english, arabic):
        doc = marsad.extract(text, key="qamishli-bomb", published="2016-07-27")
        main = [e for e in doc.events if e.salience == "main"]
        assert main and all(e.location.admin1 == "Al-Hasakah" for e in main), [(e.location, e.evidence[:60])
                                                                              for e in main]
        assert len(main) == 1, [e.evidence[:60] for e in main]


def test_a_city_spelled_freely_is_not_dropped_for_another_front_named_beside_it():
    """A round-up title names two fronts: a city found by its spelling key ("Deir Ezour", "Dair Ezzor") is
    not taken for an unknown village because the other front's place lies in another governorate."""
    for title in ("Syrian Army Kills 18 ISIL Terrorists in Deir Ezour Advances in Jobar",
                  "Syrian army kills 20 IS militants in Dair Ezzor, advances in Jobar",
                  "الجيش السوري يقتل 18 إرهابياً من داعش في ديرالزور ويتقدم في حي جوبر"):
        doc = marsad.extract(title + "\n\nThe army said on Thursday that its units had killed the militants in "
                             "air raids on their strongholds.", published="2014-09-04")
        places = {(e.location.admin1, e.location.name) for e in doc.events}
        assert ("Deir ez-Zor", "Deir ez-Zor") in places and ("Damascus", "Jobar") in places, (title, places)


def test_a_bombing_of_evacuees_is_placed_where_it_hit_not_where_they_came_from():
    """"Buses carrying evacuees from Fuaa and Kafraya" were hit west of Aleppo: the towns they left place
    nothing, and "west of" a city is its area ("غرب حلب")."""
    english = ("Dozens dead as car bomb hits Syria evacuees\n\nBEIRUT (AFP) - A suicide car bomb tore through "
               "buses carrying evacuees from the besieged towns of Fuaa and Kafraya on Saturday, killing at least "
               "43 people at a transit point west of Aleppo city, a monitor said.")
    arabic = ("عشرات القتلى بتفجير استهدف حافلات المهجرين\n\nقتل 43 شخصاً على الأقل اليوم السبت بتفجير سيارة "
              "مفخخة استهدف حافلات تقل مهجرين من بلدتي الفوعة وكفريا عند نقطة عبور غرب حلب، بحسب المرصد "
              "السوري.")
    for text in (english, arabic):
        doc = marsad.extract(text, published="2017-04-15")
        main = [e for e in doc.events if e.salience == "main"]
        assert [(e.location.admin1, e.location.precision) for e in main] == [("Aleppo", "governorate")], \
            [(e.location, e.evidence[:50]) for e in doc.events]


@pytest.mark.parametrize("text, admin1", [
    ("Islamic State fighters attacked the Shaer gas field in Homs province on Tuesday, killing at least 30 guards "
     "and workers, the Syrian Observatory for Human Rights said.", "Homs"),
    ("IS militants overran the Shaar gas field east of Homs in central Syria, killing 90 people.", "Homs"),
    ("Regime artillery shelled the village of Shaar in the northern countryside of Hama on Monday, killing three "
     "civilians, activists said.", "Hama"),
    ("قتل 30 عنصراً على الأقل من قوات النظام اليوم الثلاثاء في هجوم شنه تنظيم داعش على حقل الشاعر للغاز بريف حمص "
     "الشرقي، بحسب المرصد السوري.", "Homs"),
    ("قتل ثلاثة مدنيين اليوم جراء قصف مدفعي استهدف قرية الشعار في ريف حماة الشمالي، بحسب ناشطين.", "Hama"),
    ("Militants shelled the areas of al-Midan and al-Muhafaza in Aleppo city with mortar shells on Saturday, "
     "killing 15 civilians and injuring 50 others, the Russian coordination center said.", "Aleppo"),
    ("قصف المسلحون بقذائف الهاون منطقتي الميدان والمحافظة في مدينة حلب يوم السبت، ما أدى إلى مقتل 15 مدنياً "
     "وإصابة 50 آخرين، بحسب مركز التنسيق الروسي.", "Aleppo"),
])
def test_a_name_the_lexicon_knows_elsewhere_is_placed_in_the_area_named_beside_it(text, admin1):
    """"Shaer gas field in Homs province" is no al-Shaar district of Aleppo: a name whose only known places
    lie away from the governorate or city named right after it as where it is, is a place the lexicon does
    not know, and the event keeps that area."""
    event = main_event(text, published="2016-11-08")
    assert event.location.admin1 == admin1, event.location


def test_a_seat_named_in_another_clause_or_near_leaves_the_name_alone():
    """Only words that say where a place lies may stand between it and its area: "near Damascus" is a
    distance, "Advances in Deir Ezour" is another front, and "the Palmyra–Deir ez-Zor road" names two ends."""
    for text in ("IS ambush kills 26 on Palmyra–Deir ez-Zor road\n\nIS gunmen ambushed a bus carrying soldiers "
                 "and civilians near the town of Sukhnah on Wednesday, killing 26 people, state media said.",
                 "26 قتيلاً بكمين لتنظيم داعش على طريق تدمر – دير الزور\n\nقتل 26 شخصاً بكمين لتنظيم داعش استهدف "
                 "حافلة تقل عسكريين ومدنيين قرب مدينة السخنة أمس الأربعاء، بحسب مصدر عسكري."):
        doc = marsad.extract(text, published="2020-12-31")
        assert {e.location.admin1 for e in doc.events if e.salience == "main"} == {"Homs"}, text
    assert main_event("Regime helicopters dropped barrel bombs on the town of Jayrud near Damascus on Friday, "
                      "killing five people, activists said.").location.name == "Jayroud"
    doc = marsad.extract("Syrian Army Kills Terrorist Commander in Qalamoun Advances in Deir Ezour\n\nThe army "
                         "killed a commander and five of his men trying to infiltrate towards Flitah in Qalamoun.",
                         published="2014-11-10")
    assert "Rural Damascus" in {e.location.admin1 for e in doc.events if e.salience == "main"}


def test_a_sentence_opening_on_the_attack_says_where_the_leads_attack_was():
    """The page repeats its title and lead; the lead tells the attack "in northeast Syria"; the next sentence
    opens on "The assault" ("واستهدف الهجوم") and names the town: that is where the lead's event was, not the
    other front the story names after it."""
    english = ("Kurdish forces kill 16 IS militants in Syria\n\n13-12-2014 Kurdish forces kill 16 IS militants in "
               "Syria. " + "Kurdish forces killed at least 16 Islamic State militants in an attack on Saturday in "
               "northeast Syria near the border with Turkey, the UK-based Syrian Observatory reported. " * 2
               + "The assault shelled IS positions south of the town of Ras al-Ain in Hasakeh province with "
               "mortars, the group added. Kurdish fighters also clashed with IS militants at the border town of "
               "Kobani, some 100 kilometres away.")
    arabic = ("مقتل 16 عنصراً من داعش بهجوم للوحدات الكردية شمال شرق سوريا\n\n13-12-2014 مقتل 16 عنصراً من داعش "
              "بهجوم للوحدات الكردية شمال شرق سوريا. " + "قتل 16 عنصراً على الأقل من تنظيم داعش اليوم السبت في "
              "هجوم شنته وحدات حماية الشعب الكردية في شمال شرق سوريا قرب الحدود التركية، بحسب المرصد السوري. " * 2
              + "واستهدف الهجوم بقذائف الهاون مواقع التنظيم جنوب بلدة رأس العين بريف الحسكة. كما اشتبكت الوحدات "
              "الكردية مع عناصر التنظيم في مدينة عين العرب الحدودية.")
    for text in (english, arabic):
        doc = marsad.extract(text, published="2014-12-13")
        main = [e for e in doc.events if e.salience == "main"]
        assert main and all(e.location.admin1 == "Al-Hasakah" for e in main), [(e.location.name, e.salience)
                                                                              for e in doc.events]

def test_a_round_up_title_of_several_governorates_is_placed_at_the_leads_front():
    """"Ten civilians injured in terrorist attacks in Daraa countryside, Aleppo, Damascus": the title names
    three fronts and the lead tells the first; the title's event is the lead's, not the most precise name of
    the title (the city of Aleppo), and the other fronts are secondary."""
    english = ("Ten civilians injured in terrorist attacks in Daraa countryside Aleppo Damascus\n\n"
          "Daraa, SANA - Three civilians were injured on Sunday when terrorist organizations fired rocket shells at "
          "the old neighbourhoods of Izraa town in the northeastern countryside of Daraa province, causing material "
          "damage to houses. In Aleppo, four civilians were injured when terrorists fired mortar shells at al-Midan "
          "neighbourhood in the city. In Damascus, three civilians were injured by a mortar shell that fell on "
          "al-Abbasiyeen Square.\n")
    arabic = ("إصابة عشرة مدنيين باعتداءات إرهابية في ريف درعا وحلب ودمشق\n\n"
          "درعا - سانا: أصيب ثلاثة مدنيين اليوم الأحد جراء اعتداء التنظيمات الإرهابية بالقذائف الصاروخية على الأحياء "
          "القديمة في مدينة إزرع بريف درعا الشمالي الشرقي، ما تسبب بأضرار مادية في منازل المواطنين. وفي حلب أصيب "
          "أربعة مدنيين جراء سقوط قذائف هاون أطلقها الإرهابيون على حي الميدان. وفي دمشق أصيب ثلاثة مدنيين بسقوط "
          "قذيفة هاون في ساحة العباسيين.\n")
    for text in (english, arabic):
        doc = marsad.extract(text, published="2016-08-21")
        main = [e for e in doc.events if e.salience == "main"]
        assert main and {e.location.admin1 for e in main} == {"Daraa"}, [(e.location.name, e.salience)
                                                                        for e in doc.events]


def test_a_place_picked_on_weak_evidence_says_so(small):
    """A village the text names only by a spelling the gazetteer keys, with nothing around it to vouch for it
    (no governorate named near it, none named in the report), is placed with low confidence, and the output
    says so; named with its governorate, or by a lexicon name, it is placed with high confidence."""
    from marsad.web.output import event_record

    cases = [
        ("Regime helicopters dropped barrel bombs on the village of Deir Sunbul on Tuesday, killing three "
         "civilians, activists said.", "low"),
        ("قصفت مروحيات النظام بالبراميل المتفجرة قرية دير سنبل يوم الثلاثاء، ما أدى إلى مقتل ثلاثة مدنيين، بحسب "
         "ناشطين.", "low"),
        ("Regime helicopters dropped barrel bombs on the village of Deir Sunbul in the southern Idlib countryside "
         "on Tuesday, killing three civilians, activists said.", "high"),
        ("قصفت مروحيات النظام بالبراميل المتفجرة قرية دير سنبل بريف إدلب الجنوبي يوم الثلاثاء، ما أدى إلى مقتل "
         "ثلاثة مدنيين.", "high"),
        ("Regime helicopters dropped barrel bombs on the town of Saraqib on Tuesday, killing three civilians.",
         "high"),
    ]
    for text, confidence in cases:
        event = main_event(text, published="2019-05-14")
        assert event.location.admin1 == "Idlib", (text, event.location)
        assert event.location_confidence == confidence, (text, event.location)
        assert event_record(event)["location"]["confidence"] == confidence


def test_extract_places_with_the_gazetteer_given_on_the_command_line(small, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from marsad.cli import app

    monkeypatch.setenv("MARSAD_GAZETTEER", str(tmp_path / "absent.sqlite"))  # (restored after the test)
    report = tmp_path / "report.txt"
    report.write_text("Regime helicopters dropped barrel bombs on the village of Deir Sonbol on Tuesday, killing "
                      "three civilians, activists said.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(report), "--gazetteer", str(small), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "o").read_text(encoding="utf-8"))
    assert record["events"][0]["location"]["name"] == "Dayr Sunbul"
    missing = CliRunner().invoke(app, ["extract", str(report), "--gazetteer", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2
