/**
 * @file Review drafts in Pandoc Markdown, as gloss reads them.
 * @license MIT
 *
 * Block structure (front matter, headings, paragraphs, lists, block quotes,
 * fenced code, the draft's own reference list) and the inline nodes gloss
 * cares about: code spans, math, comments, autolinks, URLs, e-mail addresses,
 * links, images, quotations and every citation candidate (Pandoc bracketed
 * and narrative citations, author-year parentheticals and narratives).
 *
 * The grammar marks candidates; the Rust side (src/syntax) reads them with
 * Pandoc's exact rules and rejects author-year false positives.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// Characters that end a plain word: whitespace and everything that may start
// or end an inline node.
const WORD = /[^\s\[\]()`<>*_\\$"“”!@;]+/;

// A year as author-year citations write it.
const YEAR = /(1[5-9][0-9][0-9]|20[0-9][0-9])[a-z]?/;

// A capitalised name, or one written in CJK script (王, 田中, 김).
const NAME_PART = "(?:\\p{Lu}[\\p{L}\\p{M}'’\\-]*|[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Hangul}]+)";
const PARTICLE = "(?:van|von|der|den|de|du|da|di|del|della|la|le|ten|ter|dos|das|bin|al|el|St\\.)";
// Bounded repetitions (at most 2 particles before, 2 after, 4 more parts):
// an unbounded run made every capitalised word of a long line start a
// match running to the line's end, quadratic in the line's length.
const NAME = `(?:${PARTICLE}[ \\t]+){0,2}${NAME_PART}(?:[ \\t]+${PARTICLE}){0,2}(?:[ \\t]+${NAME_PART}){0,4}`;
const YEARS = "(?:(?:1[5-9][0-9][0-9]|20[0-9][0-9])[a-z]?|n\\.d\\.)(?:,[ \\t]*(?:(?:1[5-9][0-9][0-9]|20[0-9][0-9])[a-z]?|n\\.d\\.))*";
// Inside an author-year parenthetical: no nested brackets, code, math, HTML or keys.
const PAREN_CHAR = "[^()\\n`@\\[\\]<$\"“”]";

module.exports = grammar({
  name: 'gloss',

  extras: _ => [],

  // Tokens whose extent depends on what follows (grammar/src/scanner.c).
  externals: $ => [
    $._eof,
    $._code_span_start,
    $._code_span_content,
    $._code_span_end,
    $._backtick_text,
    $.inline_math,
    $.display_math,
    $._fence_open,
    $._fence_close,
    $.raw_tex,
    $.raw_html,
    // Never produced: valid only inside a list item, which tells the
    // scanner that a code span stops at the next item's marker.
    $._in_list,
    // A bracket with no partner in its paragraph: text.
    $._lone_bracket,
    // Never produced: valid only inside brackets, where `]` closes them.
    $._in_bracket,
    $._error_sentinel,
  ],

  inline: $ => [$._text, $._cite_text, $._inline, $._cite_inline, $._quote_inline, $._line_end],

  conflicts: $ => [
    [$.paragraph, ],
    [$.list_item, ],
    [$.cite_item, $.narrative_citation],
    [$.cite_prefix, $.bracketed_text, $.link],
  ],

  rules: {
    document: $ => seq(
      optional($.front_matter),
      repeat($._chunk),
      optional($._open_block),
    ),

    // Blocks that need a blank line (or a fence, or the end) after them
    // follow the Pandoc rule that headings, lists and block quotes cannot
    // interrupt a paragraph.
    _chunk: $ => choice(
      $._blank_line,
      $._closed_block,
      seq($._open_block, choice($._blank_line, $.fenced_code_block)),
    ),

    _closed_block: $ => choice(
      $.atx_heading,
      $.fenced_code_block,
      $.thematic_break,
      $.reference_section,
    ),

    _open_block: $ => choice(
      $.paragraph,
      $.list,
      $.block_quote,
    ),

    _blank_line: _ => token(prec(3, /[ \t]*\r?\n/)),
    _newline: _ => /\r?\n/,
    _line_end: $ => choice($._newline, $._eof),

    // ---------------------------------------------------------------- front matter
    front_matter: $ => seq(
      token(prec(6, /---[ \t]*\r?\n/)),
      optional(alias(repeat1($._yaml_line), $.yaml)),
      token(prec(4, /(---|\.\.\.)[ \t]*(\r?\n)?/)),
    ),
    _yaml_line: _ => token(prec(1, /[^\n]*\r?\n/)),

    // ---------------------------------------------------------------- blocks
    atx_heading: $ => seq(
      field('marker', $.heading_marker),
      optional(field('content', $.heading_content)),
      $._line_end,
    ),
    heading_marker: _ => token(prec(2, /#{1,6}[ \t]*/)),
    heading_content: $ => repeat1($._inline),

    thematic_break: _ => token(prec(4, choice(
      /-[ \t]*-[ \t]*-[- \t]*\r?\n/,
      /\*[ \t]*\*[ \t]*\*[* \t]*\r?\n/,
      /_[ \t]*_[ \t]*_[_ \t]*\r?\n/,
    ))),

    // A fence opens a code block only when a closing fence follows, as in
    // Pandoc; the scanner decides (backticks or tildes, any length >= 3).
    fenced_code_block: $ => seq(
      alias($._fence_start, $.fence),
      repeat(alias($._code_line, $.code_line)),
      choice(alias($._fence_close, $.fence), $._eof),
    ),
    _fence_start: $ => seq($._fence_open, $._fence_info),
    _fence_info: _ => token(prec(5, /[^\r\n]*\r?\n/)),
    _code_line: _ => token(prec(1, /[^\n]*\r?\n/)),

    paragraph: $ => seq(
      repeat1(choice($._inline, $._newline)),
      $._line_end,
    ),

    block_quote: $ => prec.right(repeat1(seq(
      $.block_quote_marker,
      repeat(choice($._inline)),
      $._line_end,
    ))),
    block_quote_marker: _ => token(prec(2, /[ \t]{0,3}>[ \t]?/)),

    list: $ => prec.right(repeat1($.list_item)),
    list_item: $ => prec.right(seq(
      $.list_marker,
      repeat(choice($._inline, $._newline, $._in_list)),
      $._line_end,
    )),
    list_marker: _ => choice(
      token(prec(2, /[ \t]*([-+*]|[0-9]+[.)]|#\.|\([0-9]+\))[ \t]+/)),
      // Pandoc's example lists: (@), (@label), @label. and @label) open an
      // item; the label is no citation.
      token(prec(4, /[ \t]*(\(@[A-Za-z0-9_-]*\)|@[A-Za-z0-9_-]*[.)])[ \t]+/)),
    ),

    // The draft's own reference list: a heading named References,
    // Bibliography, Works Cited, ... and the entries under it, up to the
    // next heading.
    reference_section: $ => prec.right(seq(
      $.reference_heading,
      repeat(choice(
        $._blank_line,
        seq(choice(alias($.paragraph, $.reference_entry), $.list), choice($._blank_line, $._eof)),
      )),
    )),
    reference_heading: _ => token(prec(3, /#{1,6}[ \t]+([Rr]eferences( [Cc]ited)?|REFERENCES|[Bb]ibliography|BIBLIOGRAPHY|[Ww]orks [Cc]ited|[Ll]iterature( [Cc]ited)?|[Rr]eference [Ll]ist|[Ss]ources [Cc]ited|[Cc]ited [Ll]iterature)[ \t]*#*[ \t]*(\{[^}\n]*\})?[ \t]*\r?\n/)),

    // ---------------------------------------------------------------- inlines
    _inline: $ => choice(
      $._text,
      $.code_span,
      $.inline_math,
      $.display_math,
      $.raw_tex,
      $.raw_html,
      $.html_comment,
      $.html_tag,
      $.autolink,
      $.email,
      $.uri,
      $.escape,
      $.footnote_reference,
      $.link,
      $.image,
      $.citation,
      $.bracketed_text,
      $.narrative_citation,
      $.author_year_citation,
      $.narrative_author_year,
      $.quotation,
      ';',
    ),

    _text: $ => choice($._word, $._space, $._backtick_text, $._lone_bracket, '(', ')', '*', '_', '!', '<', '>', '`', '$', '\\', '@'),
    _word: _ => WORD,
    _space: _ => /[ \t]+/,

    // Code spans and math follow Pandoc's rules (grammar/src/scanner.c).
    code_span: $ => seq($._code_span_start, optional($._code_span_content), $._code_span_end),
    html_comment: _ => token(prec(2, /<!--([^-]|-[^-]|--+[^->])*--+>/)),
    html_tag: _ => token(prec(1, /<\/?[A-Za-z][A-Za-z0-9-]*([ \t\n][^<>]*)?\/?>/)),
    autolink: _ => token(prec(2, choice(
      /<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>/,
      /<[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+>/,
    ))),
    email: _ => token(prec(2, /[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/)),
    uri: _ => token(prec(2, /(https?|ftp):\/\/[^\s<>\[\]()"“”]*[^\s<>\[\]()"“”.,;:!?']/)),
    escape: _ => token(prec(1, /\\[^\s]/)),
    footnote_reference: _ => token(prec(2, /\[\^[^\]\s]+\]/)),

    // A link wins over a citation, as in Pandoc: `[see @a](url)` is a link.
    link: $ => prec.dynamic(3, seq(
      '[',
      repeat(choice($._inline, $._newline, $._in_bracket)),
      ']',
      $.link_destination,
    )),
    image: $ => seq(
      '![',
      repeat(choice($._inline, $._newline, $._in_bracket)),
      ']',
      $.link_destination,
    ),
    link_destination: _ => token(prec(2, /\([^()\s]*(\([^()\s]*\)[^()\s]*)*([ \t]+"[^"\n]*")?\)/)),
    bracketed_text: $ => seq(
      '[',
      repeat(choice($._inline, $._newline, $._in_bracket)),
      ']',
    ),

    quotation: $ => choice(
      seq('"', repeat1(choice($._quote_inline, $._newline)), '"'),
      seq('“', repeat1(choice($._quote_inline, $._newline, '"')), '”'),
    ),
    _quote_inline: $ => choice(
      $._text,
      $.code_span,
      $.inline_math,
      $.raw_tex,
      $.raw_html,
      $.html_comment,
      $.autolink,
      $.email,
      $.uri,
      $.escape,
      $.footnote_reference,
      $.link,
      $.image,
      $.citation,
      $.bracketed_text,
      $.narrative_citation,
      $.author_year_citation,
      $.narrative_author_year,
      ';',
    ),

    // ---------------------------------------------------------------- citations
    // Pandoc: [see @a, p. 33; also -@b]
    citation: $ => prec.dynamic(2, seq(
      '[',
      $.cite_item,
      repeat(seq(';', $.cite_item)),
      ']',
    )),
    cite_item: $ => seq(
      optional(field('prefix', $.cite_prefix)),
      field('key', $.citation_key),
      optional(field('suffix', $.cite_suffix)),
    ),
    cite_prefix: $ => repeat1(choice($._cite_inline, $._newline, $._in_bracket)),
    cite_suffix: $ => repeat1(choice($._cite_inline, $._newline, $._in_bracket)),
    _cite_inline: $ => choice(
      $._cite_text,
      $.code_span,
      $.inline_math,
      $.raw_tex,
      $.raw_html,
      $.html_comment,
      $.autolink,
      $.email,
      $.uri,
      $.escape,
      $.link,
      $.quotation,
      $.author_year_citation,
      $.narrative_author_year,
    ),
    _cite_text: $ => choice($._word, $._space, $._backtick_text, $._lone_bracket, $._lone_bracket, '(', ')', '*', '_', '!', '<', '>', '`', '$', '\\', '@'),

    // Pandoc: @a, -@a, @{https://doi.org/...}; internal punctuation only
    // before an alphanumeric, so trailing punctuation ends the key.
    citation_key: _ => token(prec(3, seq(
      optional('-'),
      '@',
      choice(
        /[\p{L}\p{N}_*]([\p{L}\p{N}_]|[:.#$%&\-+?<>~\/][\p{L}\p{N}_])*/,
        /\{[^\s{}]*(\{[^\s{}]*\}[^\s{}]*)*\}/,
      ),
    ))),
    narrative_citation: $ => $.citation_key,

    // Author-year: (Zhou, 2008), (see Herrigel et al., 2013; Zhou 2008a, p. 27)
    author_year_citation: _ => token(prec(3, new RegExp(
      `\\(${PAREN_CHAR}*[\\p{Lu}\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Hangul}]${PAREN_CHAR}*(?:(?:1[5-9][0-9][0-9]|20[0-9][0-9])[a-z]?|n\\.d\\.)${PAREN_CHAR}*\\)`,
    ))),
    // Author-year narrative: Zhou (2008), Herrigel et al. (2013), van der Berg (2010)
    // and possessive forms: Zhou's (2008), Herrigel et al.'s (2013)
    narrative_author_year: _ => token(prec(3, new RegExp(
      `${NAME}(?:(?:[ \\t]*,[ \\t]*${NAME}){0,5},?[ \\t]+(?:and|&)[ \\t]+${NAME})?(?:[ \\t]+et[ \\t]+al\\.?)?(?:['’]s?)?[ \\t]+\\(${YEARS}(?:,[^()\\n]*)?\\)`,
    ))),
  },
});
