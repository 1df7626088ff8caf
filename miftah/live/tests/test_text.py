"""What an editor types becomes safe paragraphs: plain text is escaped, pasted HTML is cleaned by nh3."""

from miftah.live.text import clean_update_html, plain_text


def test_plain_text_becomes_escaped_paragraphs_with_line_breaks():
    html = clean_update_html("السطر الأول\nالسطر الثاني\n\nفقرة ثانية فيها 3 < 5 & شيء")
    assert html == "<p>السطر الأول<br>السطر الثاني</p><p>فقرة ثانية فيها 3 &lt; 5 &amp; شيء</p>"


def test_pasted_html_keeps_links_and_emphasis_but_never_script_or_handlers():
    html = clean_update_html('<p onclick="x()">عاجل <strong>الآن</strong> <a href="https://example.org/a" '
                             'style="color:red">المصدر</a><script>alert(1)</script><a href="javascript:alert(1)">'
                             'خطر</a></p><iframe src="https://evil.example"></iframe>')
    assert "<strong>الآن</strong>" in html
    assert 'href="https://example.org/a"' in html and 'rel="noopener nofollow ugc"' in html
    for refused in ("onclick", "<script", "alert(1)", "javascript:", "style=", "<iframe"):
        assert refused not in html, refused


def test_plain_text_of_an_update_for_structured_data():
    assert plain_text("<p>أولاً<br>ثانياً</p><p>ثالثاً</p>") == "أولاً ثانياً ثالثاً"
