"""Session descriptions and speaker bios: Markdown rendered to HTML, then sanitised with nh3."""

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def markdown_html(text: str) -> str:
    """Safe HTML for Markdown text: raw HTML, scripts and unknown tags are dropped."""
    if not text:
        return ""
    rendered: str = markdown.markdown(text, output_format="html")
    return nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
