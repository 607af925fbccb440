from awaz.core.markdown import plain_excerpt, render_markdown


def test_it_renders_emphasis_and_lists():
    html = render_markdown("Read **this**\n\n1. one\n2. two")
    assert "<strong>this</strong>" in html
    assert "<ol>" in html


def test_it_removes_script_and_event_handlers():
    html = render_markdown('<script>alert(1)</script><img src="/media/a.png" onerror="alert(2)"> [x](javascript:alert(3))')
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_it_drops_images_from_other_hosts():
    html = render_markdown("![tracker](https://tracker.example.com/pixel.gif) ![ours](/media/photo.jpg)")
    assert "tracker.example.com" not in html
    assert 'src="/media/photo.jpg"' in html


def test_it_makes_plain_excerpts():
    assert plain_excerpt("## Title\n\nSome *text* & more", words=3) == "Title Some text…"
