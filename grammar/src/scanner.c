// External scanner for the gloss grammar: the tokens whose extent depends on
// what comes later in the draft, read with the rules of Pandoc's Markdown
// reader (pandoc 2.17, Text.Pandoc.Readers.Markdown), which a regular
// expression cannot express:
//
// - code spans: a run of N backticks closed by a run of exactly N, never
//   across a blank line. When no run of exactly N follows, Pandoc reads the
//   first backtick as text and tries again at the next one with N-1, so the
//   scanner gives back the backticks that stay text (_backtick_text).
// - math: `$...$` (no space after the opening or before the closing `$`, not
//   followed by a digit, no blank line) and `$$...$$` (no blank line).
// - fenced code blocks: 3 or more backticks or tildes, indented at most three
//   spaces, closed by a line of at least as many of the same character. A
//   fence that is never closed is not a code block (Pandoc reads it as text).
// - raw LaTeX: a command with its arguments, or an environment from
//   \begin{name} to its \end{name}.
// - raw HTML whose content Pandoc never reads: <pre>, <script>, <style>,
//   <textarea> to their closing tag.
// - the end of the input, so a block may end without a final newline.
#include "tree_sitter/parser.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum TokenType {
  EOF_TOKEN,
  CODE_SPAN_START,
  CODE_SPAN_CONTENT,
  CODE_SPAN_END,
  BACKTICK_TEXT,
  INLINE_MATH,
  DISPLAY_MATH,
  FENCE_OPEN,
  FENCE_CLOSE,
  RAW_TEX,
  RAW_HTML,
  IN_LIST,
  LONE_BRACKET,
  IN_BRACKET,
  ERROR_SENTINEL,
};

typedef struct {
  // The open fence: its character ('`' or '~', 0 when none) and length.
  char fence_char;
  uint16_t fence_len;
  // Inside a code span: the length of its closing run (0 when none).
  uint16_t code_len;
} Scanner;

void *tree_sitter_gloss_external_scanner_create(void) {
  Scanner *s = (Scanner *)calloc(1, sizeof(Scanner));
  return s;
}

void tree_sitter_gloss_external_scanner_destroy(void *payload) { free(payload); }

unsigned tree_sitter_gloss_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = (Scanner *)payload;
  buffer[0] = s->fence_char;
  memcpy(buffer + 1, &s->fence_len, 2);
  memcpy(buffer + 3, &s->code_len, 2);
  return 5;
}

void tree_sitter_gloss_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  Scanner *s = (Scanner *)payload;
  s->fence_char = 0;
  s->fence_len = 0;
  s->code_len = 0;
  if (length >= 5) {
    s->fence_char = buffer[0];
    memcpy(&s->fence_len, buffer + 1, 2);
    memcpy(&s->code_len, buffer + 3, 2);
  }
}

static inline void adv(TSLexer *l) { l->advance(l, false); }

static inline bool is_space(int32_t c) { return c == ' ' || c == '\t'; }

static inline bool is_newline(int32_t c) { return c == '\n' || c == '\r'; }

static bool is_letter(int32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Consume one line break (LF, CRLF or CR).
static void newline(TSLexer *l) {
  if (l->lookahead == '\r') {
    adv(l);
    if (l->lookahead == '\n') adv(l);
  } else if (l->lookahead == '\n') {
    adv(l);
  }
}

// After a line break: skip the next line's spaces and tell whether the line
// is blank (or the input ends).
static bool blank_line_follows(TSLexer *l) {
  while (is_space(l->lookahead)) adv(l);
  return l->eof(l) || is_newline(l->lookahead);
}

static unsigned run_of(TSLexer *l, int32_t c) {
  unsigned n = 0;
  while (l->lookahead == c && !l->eof(l)) {
    adv(l);
    n++;
  }
  return n;
}

// ---------------------------------------------------------------- fence info

// A fence's info string, as Pandoc accepts it: nothing, one word, or
// attributes in braces, then only spaces. (Braces hold Pandoc attributes,
// `{.r}`, or a knitr/Quarto chunk header, `{r, echo=FALSE}`, which Pandoc
// alone would not take, but knitr and Quarto run such chunks before Pandoc
// sees the draft.)
enum InfoState { INFO_START, INFO_WORD, INFO_BRACES, INFO_END, INFO_BAD };

static void info_step(enum InfoState *st, int32_t c) {
  switch (*st) {
    case INFO_START:
      if (is_space(c)) return;
      *st = c == '{' ? INFO_BRACES : INFO_WORD;
      return;
    case INFO_WORD:
      if (is_space(c)) *st = INFO_END;
      return;
    case INFO_BRACES:
      if (c == '}') *st = INFO_END;
      return;
    case INFO_END:
      if (!is_space(c)) *st = INFO_BAD;
      return;
    case INFO_BAD:
      return;
  }
}

static bool info_valid(enum InfoState st) { return st == INFO_START || st == INFO_WORD || st == INFO_END; }

// ---------------------------------------------------------------- code spans

// What a backtick run at the start of a line, or anywhere, turns out to be.
enum RunKind { RUN_TEXT, RUN_CODE, RUN_FENCE };

// Scan past a run of `n` backticks (already consumed) to learn what it
// opens: a fenced code block (when `fence` and a closing fence line follows),
// a code span (a run of exactly `n`, or of the longest shorter length found,
// before a blank line), or nothing. `*close` receives the closing run's
// length for a code span.
// At a line's content (indentation consumed): whether it starts a list item
// (`-`, `+`, `*`, `1.`, `1)`, `#.`, `(1)`, `(@label)` and a space).
static bool list_marker_follows(TSLexer *l) {
  int32_t c = l->lookahead;
  if (c == '-' || c == '+' || c == '*') {
    adv(l);
    return is_space(l->lookahead) || is_newline(l->lookahead);
  }
  bool paren = c == '(';
  if (paren) adv(l);
  unsigned n = 0;
  while ((l->lookahead >= '0' && l->lookahead <= '9') || (n == 0 && (l->lookahead == '#' || l->lookahead == '@'))) {
    bool label = l->lookahead == '@';
    adv(l);
    n++;
    if (label) {
      while (is_letter(l->lookahead) || (l->lookahead >= '0' && l->lookahead <= '9') || l->lookahead == '_' ||
             l->lookahead == '-')
        adv(l);
    }
  }
  if (n == 0) return false;
  if (paren ? l->lookahead != ')' : (l->lookahead != '.' && l->lookahead != ')')) return false;
  adv(l);
  return is_space(l->lookahead) || is_newline(l->lookahead);
}

static enum RunKind classify_run(TSLexer *l, unsigned n, bool fence, bool in_list, unsigned *close) {
  unsigned best = 0;
  bool span_open = true;  // still looking for a code span's closer
  bool exact = false;
#define SEEN_RUN(m)                       \
  if (span_open) {                        \
    if ((m) == n) {                       \
      exact = true;                       \
      span_open = false;                  \
    } else if ((m) < n && (m) > best) {   \
      best = (m);                         \
    }                                     \
  }
  // The opening line carries the fence's info string.
  enum InfoState info = INFO_START;
  bool opening = true;
  for (;;) {
    // The rest of the line.
    while (!l->eof(l) && !is_newline(l->lookahead)) {
      if (opening) info_step(&info, l->lookahead);
      if (l->lookahead == '`') {
        unsigned m = run_of(l, '`');
        SEEN_RUN(m);
        if (!span_open && !fence) goto done;
      } else {
        adv(l);
      }
    }
    if (opening) {
      opening = false;
      if (!info_valid(info)) {
        fence = false;
        if (!span_open) goto done;
      }
    }
    if (l->eof(l)) break;
    newline(l);
    // The next line's start.
    unsigned indent = 0;
    while (is_space(l->lookahead)) {
      indent += l->lookahead == '\t' ? 4 : 1;
      adv(l);
    }
    if (l->eof(l) || is_newline(l->lookahead)) {
      // A code span never crosses a blank line.
      span_open = false;
      if (!fence) break;
      continue;
    }
    if (in_list && span_open && list_marker_follows(l)) {
      // In a list, a code span stops at the next item.
      span_open = false;
      if (!fence) break;
      continue;
    }
    if (l->lookahead == '`') {
      unsigned m = run_of(l, '`');
      if (fence && indent <= 3 && m >= n) {
        while (is_space(l->lookahead)) adv(l);
        if (l->eof(l) || is_newline(l->lookahead)) return RUN_FENCE;
      }
      SEEN_RUN(m);
      if (!span_open && !fence) break;
    }
  }
done:
#undef SEEN_RUN
  if (exact) {
    *close = n;
    return RUN_CODE;
  }
  if (best > 0) {
    // Pandoc reads the first backticks as text and opens a span with the
    // last `best` of them; the span's node starts at the run (no citation
    // can stand in backticks either way).
    *close = best;
    return RUN_CODE;
  }
  return RUN_TEXT;
}

static bool scan_backticks(TSLexer *l, Scanner *s, const bool *valid) {
  bool fence = valid[FENCE_OPEN] && l->get_column(l) == 0;
  unsigned n = run_of(l, '`');
  l->mark_end(l);
  unsigned close = 0;
  enum RunKind kind = classify_run(l, n, fence && n >= 3, valid[IN_LIST], &close);
  if (kind == RUN_FENCE) {
    s->fence_char = '`';
    s->fence_len = n > 0xffff ? 0xffff : (uint16_t)n;
    l->result_symbol = FENCE_OPEN;
    return true;
  }
  if (kind == RUN_CODE && valid[CODE_SPAN_START]) {
    s->code_len = close > 0xffff ? 0xffff : (uint16_t)close;
    l->result_symbol = CODE_SPAN_START;
    return true;
  }
  if (valid[BACKTICK_TEXT]) {
    l->result_symbol = BACKTICK_TEXT;
    return true;
  }
  return false;
}

// Inside a code span: its content up to the closing run, or the closing run.
static bool scan_code_span_rest(TSLexer *l, Scanner *s, const bool *valid) {
  unsigned n = s->code_len;
  if (l->lookahead == '`') {
    unsigned m = run_of(l, '`');
    if (m == n && valid[CODE_SPAN_END]) {
      l->mark_end(l);
      s->code_len = 0;
      l->result_symbol = CODE_SPAN_END;
      return true;
    }
  }
  for (;;) {
    l->mark_end(l);
    if (l->eof(l)) break;
    int32_t c = l->lookahead;
    if (c == '`') {
      if (run_of(l, '`') == n) break;
      continue;
    }
    if (is_newline(c)) {
      newline(l);
      if (blank_line_follows(l)) break;
      continue;
    }
    adv(l);
  }
  if (!valid[CODE_SPAN_CONTENT]) return false;
  l->result_symbol = CODE_SPAN_CONTENT;
  return true;
}

// ---------------------------------------------------------------- math

static bool scan_math(TSLexer *l, const bool *valid) {
  adv(l);  // $
  if (l->lookahead == '$') {
    if (!valid[DISPLAY_MATH]) return false;
    adv(l);
    unsigned len = 0;
    for (;;) {
      if (l->eof(l)) return false;
      int32_t c = l->lookahead;
      if (c == '$') {
        adv(l);
        if (l->lookahead == '$' && len > 0) {
          adv(l);
          l->mark_end(l);
          l->result_symbol = DISPLAY_MATH;
          return true;
        }
        len++;
        continue;
      }
      if (is_newline(c)) {
        newline(l);
        if (blank_line_follows(l)) return false;
        len++;
        continue;
      }
      adv(l);
      len++;
    }
  }
  if (!valid[INLINE_MATH]) return false;
  // No space right after the opening dollar.
  if (l->eof(l) || is_space(l->lookahead) || is_newline(l->lookahead) || l->lookahead == '$') return false;
  for (;;) {
    if (l->eof(l)) return false;
    int32_t c = l->lookahead;
    if (c == '$') {
      adv(l);
      // Not followed by a digit ($5 and $10).
      if (l->lookahead >= '0' && l->lookahead <= '9') return false;
      l->mark_end(l);
      l->result_symbol = INLINE_MATH;
      return true;
    }
    if (c == '\\') {
      adv(l);
      if (l->eof(l)) return false;
      if (l->lookahead == 't') {
        // \text{...} may hold dollars.
        const char *rest = "text";
        unsigned i = 0;
        while (rest[i] && l->lookahead == rest[i]) {
          adv(l);
          i++;
        }
        if (rest[i] == 0 && l->lookahead == '{') {
          int depth = 0;
          while (!l->eof(l)) {
            int32_t d = l->lookahead;
            adv(l);
            if (d == '{') depth++;
            if (d == '}' && --depth == 0) break;
          }
        }
        continue;
      }
      adv(l);
      continue;
    }
    if (is_space(c) || is_newline(c)) {
      // A run of white space with at most one line break, not followed by
      // a blank line, and never just before the closing dollar.
      while (is_space(l->lookahead)) adv(l);
      if (is_newline(l->lookahead)) {
        newline(l);
        if (l->lookahead == '$') return false;
        if (blank_line_follows(l)) return false;
      }
      if (l->lookahead == '$') return false;
      continue;
    }
    adv(l);
  }
}

// ---------------------------------------------------------------- fences

// At a line's start: up to three spaces, then a run of `c` of at least `min`
// followed only by spaces. Consumes the line and its break.
static bool closing_fence(TSLexer *l, int32_t c, unsigned min) {
  unsigned indent = 0;
  while (l->lookahead == ' ' && indent < 4) {
    adv(l);
    indent++;
  }
  if (indent > 3) return false;
  if (run_of(l, c) < min) return false;
  while (is_space(l->lookahead)) adv(l);
  if (l->eof(l)) return true;
  if (!is_newline(l->lookahead)) return false;
  newline(l);
  return true;
}

static void skip_line(TSLexer *l) {
  while (!l->eof(l) && !is_newline(l->lookahead)) adv(l);
  newline(l);
}

static bool scan_fence_open(TSLexer *l, Scanner *s) {
  unsigned indent = 0;
  while (l->lookahead == ' ' && indent < 4) {
    adv(l);
    indent++;
  }
  if (indent > 3) return false;
  int32_t c = l->lookahead;
  if (c != '`' && c != '~') return false;
  unsigned n = run_of(l, c);
  if (n < 3) return false;
  // The token is the fence; the grammar reads the info string after it.
  l->mark_end(l);
  enum InfoState info = INFO_START;
  while (!l->eof(l) && !is_newline(l->lookahead)) {
    info_step(&info, l->lookahead);
    adv(l);
  }
  if (l->eof(l) || !info_valid(info)) return false;
  newline(l);
  // Only a fence that is closed later is a code block.
  while (!l->eof(l)) {
    if (closing_fence(l, c, n)) {
      s->fence_char = (char)c;
      s->fence_len = n > 0xffff ? 0xffff : (uint16_t)n;
      l->result_symbol = FENCE_OPEN;
      return true;
    }
    skip_line(l);
  }
  return false;
}

// ---------------------------------------------------------------- raw LaTeX


// A balanced group opened by `open` (at the lookahead), escapes skipped.
static bool balanced(TSLexer *l, int32_t open, int32_t close) {
  int depth = 0;
  while (!l->eof(l)) {
    int32_t c = l->lookahead;
    adv(l);
    if (c == '\\') {
      if (!l->eof(l)) adv(l);
      continue;
    }
    if (c == open) depth++;
    if (c == close && --depth == 0) return true;
  }
  return false;
}

static bool scan_raw_tex(TSLexer *l) {
  adv(l);  // backslash
  if (!is_letter(l->lookahead)) return false;
  char name[16];
  unsigned len = 0;
  while (is_letter(l->lookahead)) {
    if (len < sizeof(name) - 1) name[len] = (char)l->lookahead;
    len++;
    adv(l);
  }
  name[len < sizeof(name) ? len : sizeof(name) - 1] = 0;
  if (l->lookahead == '*') adv(l);
  l->mark_end(l);
  l->result_symbol = RAW_TEX;
  if (len == 5 && strcmp(name, "begin") == 0 && l->lookahead == '{') {
    // \begin{env} ... \end{env}
    char env[64];
    unsigned elen = 0;
    adv(l);
    while (!l->eof(l) && l->lookahead != '}' && !is_newline(l->lookahead)) {
      if (elen >= sizeof(env) - 1) return true;
      env[elen++] = (char)l->lookahead;
      adv(l);
    }
    env[elen] = 0;
    if (l->lookahead != '}') return true;
    adv(l);
    l->mark_end(l);
    // Find \end{env}, counting nested environments of the same name.
    int depth = 1;
    while (!l->eof(l)) {
      if (l->lookahead != '\\') {
        adv(l);
        continue;
      }
      adv(l);
      char word[8];
      unsigned wlen = 0;
      while (is_letter(l->lookahead) && wlen < 6) {
        word[wlen++] = (char)l->lookahead;
        adv(l);
      }
      word[wlen] = 0;
      bool is_begin = strcmp(word, "begin") == 0;
      bool is_end = strcmp(word, "end") == 0;
      if ((!is_begin && !is_end) || l->lookahead != '{') continue;
      adv(l);
      unsigned i = 0;
      while (i < elen && l->lookahead == env[i]) {
        adv(l);
        i++;
      }
      if (i != elen || l->lookahead != '}') continue;
      adv(l);
      depth += is_begin ? 1 : -1;
      if (depth == 0) {
        l->mark_end(l);
        return true;
      }
    }
    return true;
  }
  // Arguments: spaces may stand before the first, none between the others.
  while (is_space(l->lookahead)) adv(l);
  for (;;) {
    int32_t c = l->lookahead;
    if (c == '{') {
      if (!balanced(l, '{', '}')) return true;
    } else if (c == '[') {
      if (!balanced(l, '[', ']')) return true;
    } else {
      return true;
    }
    l->mark_end(l);
  }
}

// ---------------------------------------------------------------- raw HTML

static int32_t lower(int32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static bool scan_raw_html(TSLexer *l) {
  static const char *tags[] = {"pre", "script", "style", "textarea"};
  adv(l);  // <
  char name[10];
  unsigned len = 0;
  while (is_letter(l->lookahead) && len < sizeof(name) - 1) {
    name[len++] = (char)lower(l->lookahead);
    adv(l);
  }
  name[len] = 0;
  bool verbatim = false;
  for (unsigned i = 0; i < 4; i++) verbatim |= strcmp(name, tags[i]) == 0;
  if (!verbatim) return false;
  int32_t c = l->lookahead;
  if (c != '>' && c != '/' && !is_space(c) && !is_newline(c)) return false;
  // The rest of the opening tag.
  while (!l->eof(l) && l->lookahead != '>') adv(l);
  if (l->eof(l)) return false;
  adv(l);
  // Its closing tag, in any case.
  while (!l->eof(l)) {
    if (l->lookahead != '<') {
      adv(l);
      continue;
    }
    adv(l);
    if (l->lookahead != '/') continue;
    adv(l);
    unsigned i = 0;
    while (i < len && lower(l->lookahead) == name[i]) {
      adv(l);
      i++;
    }
    if (i != len) continue;
    while (is_space(l->lookahead) || is_newline(l->lookahead)) adv(l);
    if (l->lookahead != '>') continue;
    adv(l);
    l->mark_end(l);
    l->result_symbol = RAW_HTML;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- brackets

// How far the scanner looks for a bracket's match: brackets nested deeper,
// or a match further away, leave the bracket as text. Without these bounds
// every `[` looked to the end of its paragraph, and 50,000 unclosed or
// nested brackets took quadratic time.
#define BRACKET_MAX_DEPTH 32
#define BRACKET_MAX_SCAN 4096

// Just after `[`: whether a matching `]` follows in the paragraph (escapes
// and backtick runs skipped). If not, the bracket is text.
static bool bracket_matched(TSLexer *l) {
  int depth = 1;
  unsigned scanned = 0;
  while (!l->eof(l)) {
    if (++scanned > BRACKET_MAX_SCAN) return false;
    int32_t c = l->lookahead;
    if (c == '\\') {
      adv(l);
      if (!l->eof(l) && !is_newline(l->lookahead)) adv(l);
      continue;
    }
    if (c == '`') {
      // A code span's brackets do not count: skip to the same run.
      unsigned n = run_of(l, '`');
      for (;;) {
        if (l->eof(l) || ++scanned > BRACKET_MAX_SCAN) return false;
        if (l->lookahead == '`') {
          if (run_of(l, '`') == n) break;
          continue;
        }
        if (is_newline(l->lookahead)) {
          newline(l);
          if (blank_line_follows(l)) return false;
          continue;
        }
        adv(l);
      }
      continue;
    }
    if (is_newline(c)) {
      newline(l);
      if (blank_line_follows(l)) return false;
      continue;
    }
    adv(l);
    if (c == '[' && ++depth > BRACKET_MAX_DEPTH) return false;
    if (c == ']' && --depth == 0) return true;
  }
  return false;
}

// ---------------------------------------------------------------- entry

bool tree_sitter_gloss_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  Scanner *s = (Scanner *)payload;
  // Error recovery offers every token: only the end of input then.
  if (valid_symbols[ERROR_SENTINEL]) {
    if (valid_symbols[EOF_TOKEN] && lexer->eof(lexer)) {
      lexer->result_symbol = EOF_TOKEN;
      return true;
    }
    return false;
  }
  if (s->code_len > 0 && (valid_symbols[CODE_SPAN_CONTENT] || valid_symbols[CODE_SPAN_END])) {
    return scan_code_span_rest(lexer, s, valid_symbols);
  }
  if (valid_symbols[EOF_TOKEN] && lexer->eof(lexer)) {
    lexer->result_symbol = EOF_TOKEN;
    return true;
  }
  if (lexer->eof(lexer)) return false;
  if (valid_symbols[FENCE_CLOSE] && s->fence_char != 0 && lexer->get_column(lexer) == 0) {
    if (closing_fence(lexer, s->fence_char, s->fence_len)) {
      lexer->mark_end(lexer);
      s->fence_char = 0;
      s->fence_len = 0;
      lexer->result_symbol = FENCE_CLOSE;
      return true;
    }
    return false;
  }
  int32_t c = lexer->lookahead;
  if (c == '`' && (valid_symbols[CODE_SPAN_START] || valid_symbols[BACKTICK_TEXT] || valid_symbols[FENCE_OPEN])) {
    return scan_backticks(lexer, s, valid_symbols);
  }
  if (valid_symbols[FENCE_OPEN] && lexer->get_column(lexer) == 0 && (c == '~' || c == ' ')) {
    // A tilde fence, or a fence indented one to three spaces; anything
    // else here is read by the grammar's own tokens.
    return scan_fence_open(lexer, s);
  }
  if (c == '$' && (valid_symbols[INLINE_MATH] || valid_symbols[DISPLAY_MATH])) {
    return scan_math(lexer, valid_symbols);
  }
  if (c == '[' && valid_symbols[LONE_BRACKET]) {
    adv(lexer);
    lexer->mark_end(lexer);
    if (bracket_matched(lexer)) return false;
    lexer->result_symbol = LONE_BRACKET;
    return true;
  }
  if (c == ']' && valid_symbols[LONE_BRACKET] && !valid_symbols[IN_BRACKET]) {
    adv(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = LONE_BRACKET;
    return true;
  }
  if (c == '\\' && valid_symbols[RAW_TEX]) {
    return scan_raw_tex(lexer);
  }
  if (c == '<' && valid_symbols[RAW_HTML]) {
    return scan_raw_html(lexer);
  }
  return false;
}
