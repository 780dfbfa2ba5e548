import pytest

import marsad
from marsad.pipeline import StageError
from marsad.reading.ingest import content_id, looks_like_html

HTML = """<!DOCTYPE html>
<html><head><title>Shelling kills five in Ariha | Enab Baladi</title>
<meta property="og:site_name" content="Enab Baladi">
<meta name="author" content="Reem Haddad">
<meta property="article:published_time" content="2019-07-22T10:00:00+03:00">
<script>var tracking = "Drone strike kills 30 in Sanaa";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Shelling kills five in Ariha</h1>
<p>Five civilians were killed on Monday when government artillery shelled the vegetable market in Ariha, south of Idlib, the Civil Defence said.</p>
<p>The shelling also wounded at least 12 people, local activists said, and set several shops on fire in the centre of the town.</p>
</article>
<footer><p>Copyright 2019 Enab Baladi</p><ul><li><a href="/x">Related: Car bomb in Azaz</a></li></ul></footer>
</body></html>"""


def test_html_main_text_and_page_metadata():
    doc = marsad.extract(HTML, key="ariha.html")
    assert doc.format == "html" and doc.raw.startswith("<!DOCTYPE")
    assert "vegetable market in Ariha" in doc.story
    for furniture in ("Home", "Sport", "Copyright", "Car bomb in Azaz", "Sanaa", "<p>"):
        assert furniture not in doc.story
    assert doc.meta.title == "Shelling kills five in Ariha"
    assert doc.meta.publisher == "Enab Baladi" and doc.meta.publisher_source == "html"
    assert doc.meta.author == "Reem Haddad"
    assert str(doc.meta.published) == "2019-07-22" and doc.meta.published_source == "html"


def test_html_detection():
    assert looks_like_html(HTML)
    assert not looks_like_html("A report that mentions <b> once.\nAnd goes on.\nAnd on.")
    assert not looks_like_html("قصف على دمشق")


def test_content_id_ignores_newline_style_and_outer_space():
    assert content_id("a\r\nb") == content_id("a\nb  \n") != content_id("a b")
    assert len(content_id("x")) == 16


def test_empty_documents_are_refused_by_name():
    with pytest.raises(StageError, match="stage 'ingest' failed on document 'blank.txt'.*empty"):
        marsad.extract(" \n\t ", key="blank.txt")
    with pytest.raises(StageError, match="no main text"):
        marsad.extract("<html><head><title></title></head><body><div></div></body></html>", key="nav.html")


def test_a_page_of_furniture_only_is_kept_with_a_warning():
    doc = marsad.extract("<html><body><nav>Home</nav></body></html>", key="nav.html")
    assert doc.story == "" and any("no story" in w for w in doc.warnings)


def test_markup_the_standard_parser_gives_up_on_still_gives_its_text():
    # found by the fuzzer: "<![CD" made html.parser raise AssertionError
    doc = marsad.extract("<div>\nShelling killed 3 civilians in Daraa on Monday <![CD x ]]><script>alert(1)</script>"
                         " the Syrian Observatory said.</div>", key="broken.html")
    assert "Syrian Observatory" in doc.text and "alert" not in doc.text
    assert any("visible text" in w for w in doc.warnings)


def test_markup_that_breaks_trafilatura_still_gives_its_text():
    # found by the fuzzer: htmldate/lxml raised AssertionError inside trafilatura on this page
    doc = marsad.extract("<IFRAME  <HTML>SRC='JAVASCRIPT:ALERT(1 99999999999999999999 )'>ا ON 2024-13-45 لقوات\u200bا",
                         key="broken.html")
    assert "لقوات" in doc.text and any("visible text" in w for w in doc.warnings)
