; Highlights for review drafts (the gloss grammar in grammar/), for Neovim.
; Adapted from grammar/queries/highlights.scm: the capture names are Neovim's
; standard ones (:help treesitter-highlight-groups), and spell checking is
; limited to prose, with citation keys, URLs and code left out.

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

; Spell checking: prose yes, keys and code no.
[
  (paragraph)
  (heading_content)
  (html_comment)
] @spell

[
  (citation_key)
  (narrative_citation)
  (code_span)
  (fenced_code_block)
  (inline_math)
  (display_math)
  (raw_tex)
  (raw_html)
  (uri)
  (email)
  (autolink)
  (link_destination)
  (front_matter)
] @nospell
