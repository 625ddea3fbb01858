; Highlights for review drafts.

(front_matter) @comment
(heading_marker) @punctuation.special
(heading_content) @markup.heading
(reference_heading) @markup.heading
(reference_entry) @markup.list
(list_marker) @markup.list
(block_quote_marker) @punctuation.special
(thematic_break) @punctuation.special
(fenced_code_block) @markup.raw.block
(code_span) @markup.raw
(inline_math) @markup.math
(display_math) @markup.math
(raw_tex) @markup.raw
(raw_html) @markup.raw
(html_comment) @comment
(html_tag) @tag
(autolink) @markup.link.url
(uri) @markup.link.url
(email) @markup.link.url
(link_destination) @markup.link.url
(escape) @string.escape
(footnote_reference) @markup.link.label
(quotation) @markup.quote

(citation) @markup.link
(cite_prefix) @comment
(cite_suffix) @comment
(citation_key) @markup.link.label
(narrative_citation) @markup.link.label
(author_year_citation) @markup.link
(narrative_author_year) @markup.link
