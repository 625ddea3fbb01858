//! Candidate entities from the texts: capitalised names, acronyms with their
//! long forms (Schwartz–Hearst), alternative names in parentheses, defined
//! and key-worded terms, distinctive key phrases; grouped, then given a kind
//! from generic cues only.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::glossary::Glossary;
use super::scan::{is_cjk, Scanner};
use super::{fold_name, EntitySentence, Kind, WorkMentions};
use crate::corpus::text::Zone;
use crate::corpus::Library;

/// An entity before counting: its names (display name first) and kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub names: Vec<String>,
    pub kind: Kind,
    pub from_glossary: bool,
}

pub(crate) struct Counted {
    pub works: Vec<Vec<WorkMentions>>,
    pub related: Vec<Vec<usize>>,
}

// ---------------------------------------------------------------- word lists
// Generic linguistic cues only: no firm, place or concept names.

const COMPANY_SUFFIX: &[&str] = &[
    "co",
    "co.",
    "ltd",
    "ltd.",
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "company",
    "group",
    "holdings",
    "technologies",
    "plc",
    "llc",
    "gmbh",
    "ag",
    "s.a.",
    "limited",
    "factory",
];
const GOVERNMENT: &[&str] = &[
    "ministry",
    "bureau",
    "commission",
    "government",
    "council",
    "administration",
    "committee",
    "department",
    "congress",
    "parliament",
    "party",
    "office",
    "state-owned assets",
];
const ORGANISATION: &[&str] = &[
    "academy",
    "university",
    "institute",
    "association",
    "bank",
    "foundation",
    "fund",
    "center",
    "centre",
    "organisation",
    "organization",
    "agency",
    "laboratory",
    "school",
    "college",
    "society",
    "federation",
    "chamber",
    "forum",
    "union",
    "network",
    "alliance",
];
const PLACE_WORDS: &[&str] = &[
    "province",
    "city",
    "county",
    "district",
    "valley",
    "region",
    "delta",
    "river",
    "sea",
    "island",
    "islands",
    "park",
    "zone",
    "street",
    "road",
    "mountains",
    "bay",
    "coast",
    "municipality",
    "prefecture",
    "state",
    "states",
    "kingdom",
    "republic",
    "area",
];
const FIRM_NOUNS: &[&str] = &[
    "company",
    "companies",
    "firm",
    "firms",
    "corporation",
    "enterprise",
    "enterprises",
    "maker",
    "makers",
    "manufacturer",
    "manufacturers",
    "producer",
    "producers",
    "supplier",
    "suppliers",
    "vendor",
    "vendors",
    "subsidiary",
    "subsidiaries",
    "start-up",
    "start-ups",
    "startup",
    "spin-off",
    "giant",
    "giants",
    "designer",
    "developer",
    "brand",
    "brands",
    "conglomerate",
    "multinational",
    "outsourcer",
    "provider",
    "contractor",
    "competitor",
    "competitors",
    "rival",
    "rivals",
    "builder",
    "joint-venture",
    "venture",
    "ventures",
    "leader",
    "player",
    "players",
    "exporter",
    "exporters",
    "oem",
    "odm",
    "obm",
    "mnc",
    "mncs",
    "corporations",
    "partners",
    "multinationals",
    "incumbent",
    "incumbents",
    "newcomer",
    "newcomers",
    "assembler",
];
const FIRM_POSSESSED: &[&str] = &[
    "sale",
    "division",
    "divisions",
    "unit",
    "partners",
    "portfolio",
    "alliance",
    "products",
    "product",
    "sales",
    "revenue",
    "revenues",
    "market",
    "brand",
    "founder",
    "ceo",
    "chairman",
    "president",
    "subsidiary",
    "subsidiaries",
    "factory",
    "factories",
    "plant",
    "plants",
    "engineers",
    "employees",
    "customers",
    "headquarters",
    "shares",
    "shareholder",
    "profits",
    "profit",
    "business",
    "strategy",
    "success",
    "rise",
    "growth",
    "r&d",
    "board",
    "management",
    "production",
    "pcs",
    "chips",
    "machines",
    "clients",
    "workforce",
    "staff",
    "suppliers",
    "competitors",
    "rivals",
    "acquisition",
    "ipo",
    "stock",
    "turnover",
    "output",
    "exports",
    "capacity",
    "technology",
];
const FIRM_VERBS: &[&str] = &[
    "acquired",
    "bought",
    "merged",
    "manufactures",
    "manufactured",
    "produces",
    "produced",
    "sells",
    "sold",
    "launched",
    "licensed",
    "outsourced",
    "hired",
    "invested",
    "supplies",
    "supplied",
    "exported",
    "exports",
    "employs",
    "employed",
    "marketed",
    "shipped",
    "developed",
    "designs",
    "designed",
    "assembles",
    "assembled",
    "listed",
    "introduced",
    "entered",
    "expanded",
    "purchased",
    "founded",
    "established",
    "opened",
];
const PLACE_BEFORE: &[&str] = &[
    "in",
    "at",
    "across",
    "throughout",
    "near",
    "around",
    "outside",
    "inside",
    "within",
    "to",
    "from",
    "via",
];
const PLACE_AFTER: &[&str] = &[
    "province",
    "city",
    "county",
    "district",
    "region",
    "municipality",
    "area",
    "areas",
    "cities",
    "provinces",
    "-based",
    "based",
    "prefecture",
    "metropolitan",
];
const PERSON_TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "president",
    "chairman",
    "chairwoman",
    "ceo",
    "cto",
    "founder",
    "co-founder",
    "director",
    "manager",
    "minister",
    "premier",
    "secretary",
    "vice",
    "chief",
    "executive",
    "engineer",
    "mayor",
    "governor",
    "general",
    "sir",
];
const PERSON_VERBS: &[&str] = &[
    "said",
    "says",
    "argued",
    "argues",
    "noted",
    "notes",
    "told",
    "explained",
    "recalled",
    "suggests",
    "suggested",
    "claims",
    "claimed",
    "writes",
    "wrote",
    "observed",
    "observes",
    "points",
    "pointed",
    "shows",
    "showed",
    "finds",
    "found",
    "contends",
    "emphasizes",
    "emphasises",
    "describes",
    "described",
    "stresses",
    "stressed",
    "et",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
    "some", "many", "most", "all", "both", "each", "every", "other", "another", "such", "any",
    "no",
];
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const LABELS: &[&str] = &[
    "table",
    "figure",
    "fig",
    "chapter",
    "section",
    "appendix",
    "note",
    "notes",
    "source",
    "sources",
    "panel",
    "part",
    "box",
    "exhibit",
    "page",
    "vol",
    "no",
    "step",
    "phase",
    "stage",
    "type",
    "case",
    "model",
    "hypothesis",
    "proposition",
    "equation",
];
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "et",
    "al",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yet",
    "however",
    "thus",
    "therefore",
    "hence",
    "although",
    "though",
    "since",
    "whether",
    "within",
    "without",
    "among",
    "amongst",
    "across",
    "per",
    "cent",
    "percent",
    "via",
    "e.g",
    "i.e",
    "etc",
    "one",
    "two",
    "three",
    "four",
    "five",
    "first",
    "second",
    "third",
    "new",
    "many",
    "several",
    "often",
    "even",
    "still",
    "well",
    "rather",
    "less",
    "least",
    "see",
    "also",
    "like",
    "including",
    "include",
    "includes",
    "made",
    "make",
    "makes",
    "become",
    "became",
    "becomes",
    "used",
    "use",
    "uses",
    "using",
    "based",
    "given",
    "shown",
    "show",
    "shows",
    "different",
    "various",
    "certain",
    "particular",
    "important",
    "paper",
    "papers",
    "study",
    "studies",
    "article",
    "example",
    "examples",
    "case",
    "cases",
    "chapter",
    "section",
    "table",
    "figure",
    "data",
    "number",
    "way",
    "ways",
    "part",
    "parts",
    "kind",
    "kinds",
    "type",
    "types",
    "level",
    "levels",
    "term",
    "terms",
    "time",
    "times",
    "year",
    "years",
    "period",
    "result",
    "results",
    "fact",
    "order",
    "instance",
    "respect",
    "lot",
    "process",
    "role",
    "set",
    "large",
    "small",
    "high",
    "low",
    "key",
    "main",
    "major",
    "same",
    "significant",
    "similar",
    "strong",
    "able",
];

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

fn is_stop(w: &str) -> bool {
    in_list(STOP, w)
}

/// "shenyang machine tool co. ltd." → "shenyang machine tool": folded name
/// without company suffixes (and the commas between them).
pub(crate) fn strip_company_suffix(folded: &str) -> String {
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    while words.len() > 1 {
        let last = words[words.len() - 1].trim_end_matches(',');
        if in_list(COMPANY_SUFFIX, last) || last == "ltd" || last == "co" {
            words.pop();
            if let Some(l) = words.last_mut() {
                *l = l.trim_end_matches(',');
            }
        } else {
            break;
        }
    }
    words.join(" ")
}

fn has_company_suffix(name: &str) -> bool {
    let f = fold_name(name);
    strip_company_suffix(&f) != f
}

fn last_word_in(name: &str, list: &[&str]) -> bool {
    fold_name(name)
        .split_whitespace()
        .next_back()
        .is_some_and(|w| in_list(list, w))
}

fn any_word_in(name: &str, list: &[&str]) -> bool {
    fold_name(name)
        .split_whitespace()
        .any(|w| in_list(list, w.trim_end_matches(',')))
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    word: bool,
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < cs.len() {
        let (b, c) = cs[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_cjk(c) {
            let mut j = i;
            while j < cs.len() && is_cjk(cs[j].1) {
                j += 1;
            }
            let e = cs.get(j).map_or(text.len(), |x| x.0);
            out.push(Tok {
                start: b,
                end: e,
                word: true,
            });
            i = j;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i;
            while j < cs.len() {
                let ch = cs[j].1;
                let inner = matches!(ch, '-' | '&' | '.')
                    && j + 1 < cs.len()
                    && cs[j + 1].1.is_alphanumeric()
                    && !is_cjk(cs[j + 1].1)
                    && (ch != '.' || (cs[j - 1].1.is_uppercase() && cs[j + 1].1.is_uppercase()));
                if (ch.is_alphanumeric() && !is_cjk(ch)) || inner {
                    j += 1;
                } else {
                    break;
                }
            }
            let e = cs.get(j).map_or(text.len(), |x| x.0);
            out.push(Tok {
                start: b,
                end: e,
                word: true,
            });
            i = j;
            continue;
        }
        out.push(Tok {
            start: b,
            end: b + c.len_utf8(),
            word: false,
        });
        i += 1;
    }
    out
}

fn is_acronym(w: &str) -> bool {
    let w = w.strip_suffix('s').unwrap_or(w);
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2 && !w.chars().any(char::is_lowercase) && w.chars().count() <= 10
}

fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

// ---------------------------------------------------------------- evidence

#[derive(Debug, Default, Clone)]
struct Evidence {
    /// Surface forms with counts.
    forms: HashMap<String, u32>,
    occurrences: u32,
    firm: f32,
    place: f32,
    person: f32,
    acronym: bool,
    /// Its long form is lowercase ("original equipment manufacturer (OEM)").
    lower_long: bool,
    concept: bool,
    keyword: bool,
    /// Coordinated ("A, B and C") with these other groups.
    coordinated: HashSet<usize>,
    /// Occurrences not opening a sentence.
    mid: u32,
    /// Occurrences directly before a lowercase noun ("Chinese firms").
    attributive: u32,
    /// An alias given by "hereafter".
    defined: bool,
}

/// Evidence gathered from the texts. Works are read in parallel, each into
/// its own builder (`fork`), and the builders are joined in work order
/// (`absorb`): the result is the one reading them in turn would give, since
/// reading a sentence only adds evidence (sums of halves, exact in f32).
impl Evidence {
    /// Add another group's evidence to this one; `group` renumbers the
    /// groups it was coordinated with.
    fn add(&mut self, ev: Evidence, group: impl Fn(usize) -> usize) {
        for (f, c) in ev.forms {
            *self.forms.entry(f).or_default() += c;
        }
        self.occurrences += ev.occurrences;
        self.firm += ev.firm;
        self.place += ev.place;
        self.person += ev.person;
        self.acronym |= ev.acronym;
        self.lower_long |= ev.lower_long;
        self.concept |= ev.concept;
        self.keyword |= ev.keyword;
        self.coordinated
            .extend(ev.coordinated.into_iter().map(group));
        self.mid += ev.mid;
        self.attributive += ev.attributive;
        self.defined |= ev.defined;
    }
}

struct Builder {
    /// Lowercase occurrences of each folded word, and capitalised occurrences not opening a sentence.
    lower: Arc<HashMap<String, u32>>,
    cap_mid: Arc<HashMap<String, u32>>,
    families: Arc<HashSet<String>>,
    journals: Arc<HashSet<String>>,
    groups: Vec<Evidence>,
    by_key: HashMap<String, usize>,
    pairs: Vec<(String, String)>,
}

fn group_key(name: &str) -> String {
    let f = fold_name(name);
    let core = strip_company_suffix(&f);
    if core.is_empty() {
        f
    } else {
        core
    }
}

impl Builder {
    fn new(lib: &Library) -> Self {
        let mut families = HashSet::new();
        let mut journals = HashSet::new();
        for w in &lib.works {
            for a in &w.authors {
                families.insert(fold_name(&a.family));
            }
            if let Some(e) = &w.entry {
                if let Some(c) = &e.container {
                    journals.insert(fold_name(c));
                }
                for a in &e.editors {
                    families.insert(fold_name(&a.family));
                }
            }
            if let Some(d) = &w.doc {
                for r in &d.references {
                    for f in &r.families {
                        families.insert(fold_name(f));
                    }
                }
            }
        }
        Builder {
            lower: Arc::default(),
            cap_mid: Arc::default(),
            families: Arc::new(families),
            journals: Arc::new(journals),
            groups: Vec::new(),
            by_key: HashMap::new(),
            pairs: Vec::new(),
        }
    }

    /// An empty builder sharing this one's word counts and name lists.
    fn fork(&self) -> Builder {
        Builder {
            lower: self.lower.clone(),
            cap_mid: self.cap_mid.clone(),
            families: self.families.clone(),
            journals: self.journals.clone(),
            groups: Vec::new(),
            by_key: HashMap::new(),
            pairs: Vec::new(),
        }
    }

    /// Add a forked builder's evidence, its groups in the order it made them.
    fn absorb(&mut self, other: Builder) {
        let mut keys: Vec<Option<String>> = vec![None; other.groups.len()];
        for (k, g) in other.by_key {
            keys[g] = Some(k);
        }
        let ids: Vec<usize> = keys
            .into_iter()
            .map(|k| {
                let k = k.unwrap_or_default();
                match self.by_key.get(&k) {
                    Some(&g) => g,
                    None => {
                        self.groups.push(Evidence::default());
                        self.by_key.insert(k, self.groups.len() - 1);
                        self.groups.len() - 1
                    }
                }
            })
            .collect();
        for (local, ev) in other.groups.into_iter().enumerate() {
            self.groups[ids[local]].add(ev, |g| ids[g]);
        }
        self.pairs.extend(other.pairs);
    }

    /// Read one work: its evidence sentences, definitions, key-word lines
    /// and its entry's keywords.
    fn work(&mut self, w: &crate::corpus::Work) {
        if let Some(d) = &w.doc {
            for s in d
                .sentences
                .iter()
                .filter(|s| matches!(s.zone, Zone::Body | Zone::Note))
            {
                self.sentence(&s.text);
                for t in definitions(&s.text) {
                    self.concept(&t, false);
                }
            }
            for s in &d.sentences {
                if let Some(ks) = keywords_line(&s.text) {
                    for k in ks {
                        self.concept(&k, true);
                    }
                }
            }
            for h in &d.headings {
                if let Some(ks) = keywords_line(&h.text) {
                    for k in ks {
                        self.concept(&k, true);
                    }
                }
            }
        }
        if let Some(e) = &w.entry {
            for k in &e.keywords {
                self.concept(k, true);
            }
        }
    }

    fn group(&mut self, name: &str) -> usize {
        let k = group_key(name);
        if let Some(&g) = self.by_key.get(&k) {
            return g;
        }
        self.groups.push(Evidence::default());
        self.by_key.insert(k, self.groups.len() - 1);
        self.groups.len() - 1
    }

    /// Count the words of every evidence sentence, work by work on all cores.
    fn count_all_words(&mut self, lib: &Library) {
        use rayon::prelude::*;
        type Counts = (HashMap<String, u32>, HashMap<String, u32>);
        let per_work: Vec<Counts> = lib
            .works
            .par_iter()
            .map(|w| {
                let mut c = Counts::default();
                if let Some(d) = &w.doc {
                    for s in d
                        .sentences
                        .iter()
                        .filter(|s| matches!(s.zone, Zone::Body | Zone::Note))
                    {
                        count_words(&s.text, &mut c.0, &mut c.1);
                    }
                }
                c
            })
            .collect();
        let (mut lower_all, mut cap_all) = Counts::default();
        for (lower, cap_mid) in per_work {
            for (k, v) in lower {
                *lower_all.entry(k).or_default() += v;
            }
            for (k, v) in cap_mid {
                *cap_all.entry(k).or_default() += v;
            }
        }
        self.lower = Arc::new(lower_all);
        self.cap_mid = Arc::new(cap_all);
    }
}

/// Count lowercase occurrences of each folded word, and capitalised
/// occurrences not opening a sentence.
fn count_words(text: &str, lower: &mut HashMap<String, u32>, cap_mid: &mut HashMap<String, u32>) {
    let toks = tokens(text);
    let mut first = true;
    for t in &toks {
        let w = &text[t.start..t.end];
        if !t.word {
            if matches!(w, "." | "!" | "?" | ":" | ";" | "(" | "\"") {
                first = true;
            }
            continue;
        }
        let f = crate::text::fold(w);
        if w.starts_with(char::is_lowercase) && !w.chars().any(char::is_uppercase) {
            *lower.entry(f).or_default() += 1;
        } else if !first && w.starts_with(char::is_uppercase) {
            *cap_mid.entry(f).or_default() += 1;
        }
        first = false;
    }
}

impl Builder {
    /// A capitalised word that is an ordinary word of the corpus capitalised
    /// for position or style ("Since", "Government").
    fn is_common(&self, w: &str) -> bool {
        let f = crate::text::fold(w);
        let lower = self.lower.get(&f).copied().unwrap_or(0);
        let cap = self.cap_mid.get(&f).copied().unwrap_or(0);
        is_stop(&f) || in_list(DETERMINERS, &f) || lower > cap
    }

    fn sentence(&mut self, text: &str) {
        let toks = tokens(text);
        let word = |i: usize| -> &str { toks.get(i).map_or("", |t| &text[t.start..t.end]) };
        let lw = |i: usize| -> String { crate::text::fold(word(i)) };
        let is_cap = |i: usize| -> bool {
            toks.get(i).is_some_and(|t| {
                t.word
                    && text[t.start..t.end].starts_with(char::is_uppercase)
                    && !toks.get(i + 1).is_some_and(|n| {
                        n.word
                            && text[n.start..n.end].starts_with(|c: char| c.is_ascii_digit())
                            && in_list(LABELS, &crate::text::fold(&text[t.start..t.end]))
                    })
            })
        };
        // Runs of capitalised words.
        struct Run {
            a: usize,
            b: usize, // exclusive token index
            name: String,
            group: usize,
        }
        let mut runs: Vec<Run> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if !is_cap(i) {
                i += 1;
                continue;
            }
            let a = i;
            let mut b = i + 1;
            loop {
                if is_cap(b) {
                    b += 1;
                } else if toks.get(b).is_some_and(|t| t.word)
                    && matches!(lw(b).as_str(), "of" | "for" | "&" | "de" | "and")
                    && is_cap(b + 1)
                    && (lw(b) != "and"
                        || (b + 2..b + 5).any(|k| {
                            is_cap(k) && in_list(COMPANY_SUFFIX, &lw(k))
                                || in_list(ORGANISATION, &lw(k))
                                || in_list(GOVERNMENT, &lw(k))
                        }))
                    || (word(b) == "&" && is_cap(b + 1))
                {
                    b += 2;
                } else if word(b) == "."
                    && matches!(lw(b - 1).as_str(), "co" | "ltd" | "inc" | "corp")
                    && toks[b].start == toks[b - 1].end
                {
                    b += 1;
                } else if word(b) == ","
                    && matches!(lw(b + 1).as_str(), "ltd" | "inc" | "co" | "limited")
                    && (in_list(COMPANY_SUFFIX, &lw(b - 1))
                        || (word(b - 1) == "." && b >= 2 && in_list(COMPANY_SUFFIX, &lw(b - 2))))
                {
                    b += 2;
                } else if word(b) == "("
                    && word(b + 2) == ")"
                    && in_list(COMPANY_SUFFIX, &lw(b + 1))
                    && in_list(COMPANY_SUFFIX, &lw(b + 3))
                {
                    // "Shenyang Machine Tool (Group) Co., Ltd"
                    b += 3;
                } else {
                    break;
                }
            }
            i = b;
            // Trim: determiners, calendar words, titles, and an ordinary word opening the sentence.
            let mut a2 = a;
            let mut titled = false;
            while a2 < b {
                let w = lw(a2);
                let opening = a2 == 0 || matches!(word(a2 - 1), "(" | "\"" | ":" | ";");
                if in_list(PERSON_TITLES, &w) && a2 + 1 < b {
                    titled = true;
                    a2 += 1;
                    if word(a2) == "." {
                        a2 += 1;
                    }
                } else if in_list(DETERMINERS, &w)
                    || in_list(CALENDAR, &w)
                    || (opening && a2 == a && self.is_common(word(a2)))
                    || (a2 + 1 < b && matches!(w.as_str(), "of" | "for" | "and" | "&"))
                {
                    a2 += 1;
                } else {
                    break;
                }
            }
            let mut b2 = b;
            while b2 > a2 && matches!(lw(b2 - 1).as_str(), "of" | "for" | "and" | "&" | ",") {
                b2 -= 1;
            }
            if a2 >= b2 {
                continue;
            }
            let name = text[toks[a2].start..toks[b2 - 1].end].to_string();
            if (a2..b2).all(|k| !toks[k].word || in_list(COMPANY_SUFFIX, &lw(k))) {
                continue;
            }
            let f = crate::text::fold(&name);
            if b2 - a2 == 1 {
                let w = word(a2);
                if (self.is_common(w) && !is_acronym(w))
                    || is_roman(w)
                    || w.chars().count() < 2
                    || in_list(LABELS, &f)
                {
                    continue;
                }
            }
            let g = self.group(&name);
            let opening = a2 == 0 || matches!(word(a2 - 1), "(" | "\"" | ":" | ";" | "." | "?");
            let next_word = lw(b2);
            let attributive = toks.get(b2).is_some_and(|t| t.word)
                && word(b2).starts_with(char::is_lowercase)
                && !is_stop(&next_word)
                && !in_list(FIRM_VERBS, &next_word)
                && !in_list(PERSON_VERBS, &next_word)
                && !next_word.ends_with("ed");
            let ev = &mut self.groups[g];
            *ev.forms.entry(name.clone()).or_default() += 1;
            ev.occurrences += 1;
            if !opening {
                ev.mid += 1;
            }
            if attributive {
                ev.attributive += 1;
            }
            if b2 - a2 == 1 && is_acronym(word(a2)) {
                ev.acronym = true;
            }
            // Context cues.
            let prev = if a2 > 0 { lw(a2 - 1) } else { String::new() };
            let prev2 = if a2 > 1 { lw(a2 - 2) } else { String::new() };
            let next = lw(b2);
            let next2 = lw(b2 + 1);
            let possessive = word(b2) == "'" && next2 == "s";
            let after_pos = if possessive { lw(b2 + 2) } else { next.clone() };
            if titled
                || in_list(PERSON_TITLES, &prev)
                || (prev == "." && in_list(PERSON_TITLES, &prev2))
            {
                ev.person += 1.0;
            }
            if word(b2) == "(" && word(b2 + 1).len() == 4 && word(b2 + 1).starts_with(['1', '2']) {
                ev.person += 1.0;
            }
            if next == "," && matches!(next2.as_str(), "who" | "whose") {
                ev.person += 1.5;
            }
            if in_list(PERSON_VERBS, &next)
                || (next == "," && word(b2 + 1).len() == 4 && word(b2 + 1).starts_with(['1', '2']))
            {
                ev.person += 0.5;
            }
            if in_list(PLACE_BEFORE, &prev)
                || (prev == "the" && in_list(PLACE_BEFORE, &prev2) && b2 - a2 <= 2)
            {
                ev.place += if prev == "in" { 1.0 } else { 0.5 };
            }
            if in_list(PLACE_AFTER, &next) || word(b2).starts_with("-based") {
                ev.place += 1.5;
            }
            let tail = &text[toks[b2 - 1].end..];
            if tail.starts_with("-based") || tail.starts_with("-born") {
                ev.place += 1.5;
            }
            if possessive && in_list(FIRM_POSSESSED, &after_pos) {
                ev.firm += 1.0;
            }
            if in_list(FIRM_VERBS, &next)
                || (matches!(next.as_str(), "was" | "has" | "had" | "is")
                    && in_list(FIRM_VERBS, &next2))
            {
                ev.firm += 0.5;
            }
            if in_list(FIRM_NOUNS, &prev) && !prev.ends_with('s') {
                ev.firm += 1.0;
            }
            if matches!(prev.as_str(), "as" | "like" | "including") && in_list(FIRM_NOUNS, &prev2) {
                ev.firm += 1.5;
            }
            if matches!(
                prev.as_str(),
                "acquired" | "bought" | "by" | "with" | "from"
            ) && prev2 != "founded"
            {
                // weak: "acquired X", "a joint venture with X"
                if prev == "acquired" || prev == "bought" {
                    ev.firm += 1.0;
                }
            }
            // Appositive or copula: "X, a fabless chip-design company", "X is a maker of …".
            let look = |from: usize| -> bool {
                let mut k = from;
                let mut n = 0;
                while k < toks.len() && n < 9 {
                    let w = lw(k);
                    if matches!(w.as_str(), "," | "." | ";" | ")" | "(") {
                        break;
                    }
                    if in_list(PERSON_TITLES, &w) || matches!(w.as_str(), "who" | "he" | "she") {
                        return false;
                    }
                    if in_list(FIRM_NOUNS, &w) {
                        return true;
                    }
                    k += 1;
                    n += 1;
                }
                false
            };
            let k0 = if possessive { b2 + 2 } else { b2 };
            // Past a parenthesis: "UFIDA (...), China's largest ... company".
            let k1 = if word(k0) == "(" {
                (k0 + 1..(k0 + 10).min(toks.len()))
                    .find(|&k| word(k) == ")")
                    .map_or(k0, |k| k + 1)
            } else {
                k0
            };
            if word(k1) == ","
                && ((matches!(lw(k1 + 1).as_str(), "a" | "an" | "the" | "another" | "one")
                    && look(k1 + 2))
                    || (word(k1 + 2) == "'" && lw(k1 + 3) == "s" && look(k1 + 4)))
                || (matches!(lw(k0).as_str(), "is" | "was" | "became" | "remains")
                    && matches!(lw(k0 + 1).as_str(), "a" | "an" | "the" | "one" | "another")
                    && look(k0 + 2))
            {
                ev.firm += 2.0;
            } else if word(k0) == "(" && look(k0 + 1) {
                ev.firm += 1.0;
            }
            if word(k0) == ","
                && matches!(lw(k0 + 1).as_str(), "the" | "a")
                && (k0 + 2..k0 + 5).any(|k| in_list(PERSON_TITLES, &lw(k)))
            {
                self.groups[g].person += 1.5;
            }
            runs.push(Run {
                a: a2,
                b: b2,
                name,
                group: g,
            });
        }
        // Lists: "A, B and C"; after "firms such as" or "multinationals (e.g.," all are firms.
        let link = |x: &Run, y: &Run| -> Option<bool> {
            let between: Vec<String> = (x.b..y.a).map(lw).collect();
            if between.is_empty()
                || between.len() > 3
                || !between
                    .iter()
                    .all(|w| matches!(w.as_str(), "," | "and" | "or"))
            {
                return None;
            }
            Some(between.iter().any(|w| w == "and" || w == "or"))
        };
        let mut chains: Vec<(Vec<usize>, bool)> = Vec::new();
        for ri in 0..runs.len() {
            if ri > 0 {
                if let Some(and) = link(&runs[ri - 1], &runs[ri]) {
                    if let Some(c) = chains.last_mut() {
                        c.0.push(ri);
                        c.1 |= and;
                        continue;
                    }
                }
            }
            chains.push((vec![ri], false));
        }
        for (c, and) in &chains {
            let first = &runs[c[0]];
            let intro = (first.a.saturating_sub(8)..first.a).any(|k| {
                in_list(FIRM_NOUNS, &lw(k))
                    && (k + 1..first.a)
                        .any(|m| matches!(lw(m).as_str(), "as" | "like" | "including" | "g" | "("))
            });
            if intro {
                for &r in c {
                    self.groups[runs[r].group].firm += 1.5;
                }
            }
            if c.len() >= 2 && (*and || intro) {
                for &x in c {
                    for &y in c {
                        if runs[x].group != runs[y].group {
                            self.groups[runs[x].group].coordinated.insert(runs[y].group);
                        }
                    }
                }
            }
        }
        // "Shenyang Machine Tool (Group) Co., Ltd, hereafter, SMTCL".
        for (p, _) in toks.iter().enumerate() {
            if !matches!(lw(p).as_str(), "hereafter" | "hereinafter" | "henceforth") {
                continue;
            }
            let before = runs.iter().rev().find(|r| r.b <= p && p - r.b <= 3);
            let after = runs.iter().find(|r| r.a > p && r.a - p <= 4);
            if let (Some(l), Some(r)) = (before, after) {
                let (ln, rn) = (l.name.clone(), r.name.clone());
                self.groups[r.group].defined = true;
                self.pairs.push((ln, rn));
            }
        }
        // Acronyms and alternative names in parentheses.
        for (p, t) in toks.iter().enumerate() {
            if text[t.start..t.end] != *"(" {
                continue;
            }
            let Some(close) = (p + 1..(p + 8).min(toks.len())).find(|&k| word(k) == ")") else {
                continue;
            };
            let inner: Vec<usize> = (p + 1..close).collect();
            if inner.is_empty() {
                continue;
            }
            let inner_text = text[toks[p + 1].start..toks[close - 1].end]
                .trim()
                .to_string();
            // Schwartz–Hearst: a short form in parentheses, its long form before.
            if inner.len() == 1 && is_acronym(word(p + 1)) {
                let sf = word(p + 1).trim_end_matches('s');
                if let Some(long) = long_form(text, &toks, p, sf) {
                    let lower = long.starts_with(char::is_lowercase);
                    let g = self.group(&long);
                    *self.groups[g].forms.entry(long.clone()).or_default() += 1;
                    self.groups[g].lower_long |= lower;
                    let s = self.group(sf);
                    *self.groups[s].forms.entry(sf.to_string()).or_default() += 1;
                    self.groups[s].acronym = true;
                    self.groups[s].lower_long |= lower;
                    self.pairs.push((long, sf.to_string()));
                    continue;
                }
            }
            // An alternative name: "Lianxiang (Legend)", "Vimicro Corporation (中星微)".
            let Some(r) = runs.iter().find(|r| r.b == p) else {
                continue;
            };
            let cjk = inner_text.chars().all(|c| is_cjk(c) || c.is_whitespace());
            let camel = |k: usize| word(k).chars().skip(1).any(char::is_uppercase);
            let capital_name = inner.len() <= 4
                && inner
                    .iter()
                    .all(|&k| is_cap(k) || word(k) == "&" || camel(k))
                && !inner.iter().all(|&k| in_list(COMPANY_SUFFIX, &lw(k)))
                && !inner
                    .iter()
                    .any(|&k| self.is_common(word(k)) && !is_acronym(word(k)));
            if cjk || capital_name {
                let g = self.group(&inner_text);
                *self.groups[g].forms.entry(inner_text.clone()).or_default() += 1;
                self.pairs.push((r.name.clone(), inner_text));
            }
        }
    }

    fn concept(&mut self, term: &str, keyword: bool) {
        let t = term
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.is_empty() || words.len() > 5 || t.chars().count() < 4 {
            return;
        }
        let f = fold_name(&t);
        if words.len() == 1 && is_stop(&f) {
            return;
        }
        if is_stop(&fold_name(words[0])) || is_stop(&fold_name(words[words.len() - 1])) {
            return;
        }
        if t.chars().any(|c| c.is_ascii_digit()) {
            return;
        }
        let name = if t.chars().filter(|c| c.is_uppercase()).count() <= 1 && !is_acronym(&t) {
            f.clone()
        } else {
            t.clone()
        };
        let g = self.group(&name);
        let ev = &mut self.groups[g];
        *ev.forms.entry(name).or_default() += 1;
        ev.concept = true;
        ev.keyword |= keyword;
    }
}

/// Schwartz–Hearst: the long form of short form `sf` whose "(" is token `p`:
/// the shortest run of words before it whose initials and letters spell `sf`.
fn long_form(text: &str, toks: &[Tok], p: usize, sf: &str) -> Option<String> {
    let max_words = (sf.chars().count() + 5).min(sf.chars().count() * 2);
    // Words before "(" in the same clause.
    let mut start_tok = p;
    let mut n = 0;
    while start_tok > 0 && n < max_words {
        let t = toks[start_tok - 1];
        let w = &text[t.start..t.end];
        if !t.word && !matches!(w, "&" | "," | "." | "'" | "-") {
            break;
        }
        // A comma only inside "Co., Ltd".
        let tok_is = |k: usize, what: &[&str]| {
            what.contains(&crate::text::fold(&text[toks[k].start..toks[k].end]).as_str())
        };
        let in_suffix = (start_tok >= 2 && tok_is(start_tok - 2, &["co", "co."]))
            || (start_tok >= 3 && tok_is(start_tok - 2, &["."]) && tok_is(start_tok - 3, &["co"]));
        if !t.word && w == "," && !in_suffix {
            break;
        }
        start_tok -= 1;
        if t.word {
            n += 1;
        }
    }
    if start_tok == p {
        return None;
    }
    let lf_end = toks[p - 1].end;
    let sfc: Vec<char> = sf
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect();
    // Try the shortest long form first: word starts from right to left.
    for s in (start_tok..p).rev() {
        if !toks[s].word {
            continue;
        }
        let cand = &text[toks[s].start..lf_end];
        if !cand.starts_with(|c: char| c.to_lowercase().next() == sfc.first().copied()) {
            continue;
        }
        if sh_match(&sfc, cand) {
            let words = cand.split_whitespace().count();
            if words < 1 || cand.chars().count() <= sf.chars().count() {
                continue;
            }
            let w0 = crate::text::fold(cand.split_whitespace().next().unwrap_or(""));
            if in_list(DETERMINERS, &w0) {
                continue;
            }
            return Some(cand.trim_end_matches([',', ' ']).to_string());
        }
    }
    None
}

/// Every character of the short form found right to left in the long form,
/// the first at the start of a word.
fn sh_match(sf: &[char], lf: &str) -> bool {
    let lf: Vec<char> = lf.chars().flat_map(char::to_lowercase).collect();
    let mut l = lf.len() as isize - 1;
    for (si, &c) in sf.iter().enumerate().rev() {
        loop {
            if l < 0 {
                return false;
            }
            let here = lf[l as usize];
            let word_start = l == 0 || !lf[l as usize - 1].is_alphanumeric();
            if here == c && (si != 0 || word_start) {
                break;
            }
            l -= 1;
        }
        l -= 1;
    }
    true
}

// ---------------------------------------------------------------- definitions and key phrases

fn definitions(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return vec![];
    }
    let mut out = Vec::new();
    let words_after = |from: usize, max: usize| -> String {
        let rest = &text[from..];
        let end = rest
            .find([',', '.', ';', ':', '(', ')', '"'])
            .unwrap_or(rest.len());
        rest[..end]
            .split_whitespace()
            .take(max)
            .take_while(|w| {
                !matches!(
                    crate::text::fold(w).as_str(),
                    "is" | "as" | "which" | "that" | "in" | "to" | "and" | "was" | "are" | "by"
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let words_before = |to: usize, max: usize| -> String {
        let head = &text[..to];
        let start = head
            .rfind([',', '.', ';', ':', '(', ')', '"'])
            .map_or(0, |p| p + 1);
        let ws: Vec<&str> = head[start..].split_whitespace().collect();
        let mut keep: Vec<&str> = Vec::new();
        for w in ws.iter().rev().take(max) {
            if is_stop(&crate::text::fold(w)) || in_list(DETERMINERS, &crate::text::fold(w)) {
                break;
            }
            keep.push(w);
        }
        keep.reverse();
        keep.join(" ")
    };
    for (pat, after) in [
        ("what i call ", true),
        ("what we call ", true),
        ("what they call ", true),
        ("the concept of ", true),
        ("the notion of ", true),
        ("the idea of ", true),
        ("the term ", true),
        ("so-called ", true),
        ("we define ", true),
        ("i define ", true),
        ("is defined as ", false),
        ("are defined as ", false),
        (" refers to ", false),
        (" refer to ", false),
        (", that is,", false),
        (" is known as ", false),
    ] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(pat) {
            let at = from + p;
            let term = if after {
                words_after(at + pat.len(), 4)
            } else {
                words_before(at, 4)
            };
            if !term.is_empty() {
                out.push(term);
            }
            from = at + pat.len();
        }
    }
    // Quoted terms: "x y" of two to four words, not a quotation.
    let mut rest = text;
    let mut base = 0;
    while let Some(a) = rest.find('"') {
        let after = &rest[a + 1..];
        let Some(b) = after.find('"') else { break };
        let inner = &after[..b];
        let n = inner.split_whitespace().count();
        if (1..=4).contains(&n)
            && inner.starts_with(|c: char| c.is_alphabetic())
            && !inner.ends_with(['.', ',', '!', '?'])
            && (n > 1 || inner.contains('-'))
        {
            out.push(inner.to_string());
        }
        base += a + 1 + b + 1;
        rest = &text[base..];
    }
    out
}

fn keywords_line(text: &str) -> Option<Vec<String>> {
    let head: String = text
        .chars()
        .take(10)
        .collect::<String>()
        .to_ascii_lowercase();
    let skip = ["keywords", "key words", "key-words"]
        .iter()
        .find(|p| head.starts_with(*p))?
        .len();
    let list = text[skip..].trim_start_matches([':', ' ', '.', '-', '\u{2014}', '\u{2013}']);
    let sep: &[char] = if list.contains(';') {
        &[';']
    } else {
        &[',', '\u{b7}', '\u{2022}']
    };
    Some(
        list.split(sep)
            .map(|s| s.trim().trim_end_matches('.').to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Frequent multi-word lowercase phrases distinctive to one work.
fn key_phrases(lib: &Library) -> Vec<String> {
    use rayon::prelude::*;
    let per_work: Vec<HashMap<String, u32>> = lib
        .works
        .par_iter()
        .map(|w| {
            let mut m: HashMap<String, u32> = HashMap::new();
            if let Some(d) = &w.doc {
                for s in d.sentences.iter().filter(|s| s.zone == Zone::Body) {
                    let mut span: Vec<String> = Vec::new();
                    let flush = |span: &mut Vec<String>, m: &mut HashMap<String, u32>| {
                        for n in 2..=3 {
                            for win in span.windows(n) {
                                *m.entry(win.join(" ")).or_default() += 1;
                            }
                        }
                        span.clear();
                    };
                    let toks = tokens(&s.text);
                    for t in &toks {
                        let w = &s.text[t.start..t.end];
                        let f = crate::text::fold(w);
                        let ok = t.word
                            && w.starts_with(char::is_lowercase)
                            && !is_stop(&f)
                            && !in_list(DETERMINERS, &f)
                            && f.chars().count() >= 3
                            && !f.chars().any(|c| c.is_ascii_digit())
                            && !f.ends_with("ly");
                        if ok {
                            span.push(f);
                        } else {
                            flush(&mut span, &mut m);
                        }
                    }
                    flush(&mut span, &mut m);
                }
            }
            m
        })
        .collect();
    let mut total: HashMap<&str, (u32, u32)> = HashMap::new();
    for m in &per_work {
        for (k, &v) in m {
            let e = total.entry(k.as_str()).or_default();
            e.0 += v;
            e.1 += 1;
        }
    }
    let mut out = Vec::new();
    for m in &per_work {
        let mut cands: Vec<(&String, u32)> = m
            .iter()
            .filter(|(k, &v)| {
                let (t, _) = total[k.as_str()];
                v >= 4 && v as f32 >= 0.6 * t as f32
            })
            .map(|(k, &v)| (k, v))
            .collect();
        // A phrase inside a longer one about as frequent is the longer one.
        let longer: Vec<(String, u32)> = cands.iter().map(|(k, v)| ((*k).clone(), *v)).collect();
        cands.retain(|(k, v)| {
            !longer.iter().any(|(l, lv)| {
                l.len() > k.len() && l.contains(k.as_str()) && (*lv as f32) >= 0.7 * *v as f32
            })
        });
        cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out.extend(cands.into_iter().take(8).map(|(k, _)| k.clone()));
    }
    out
}

// ---------------------------------------------------------------- build

struct Uf(Vec<usize>);
impl Uf {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[b] = a;
        }
    }
}

pub(crate) fn extract(lib: &Library) -> Vec<Draft> {
    let mut b = Builder::new(lib);
    crate::timing::phase("entities: word counts", || b.count_all_words(lib));
    // Works are read on all cores, each into its own builder, while the
    // key phrases are counted; the builders are joined in work order.
    let (per_work, phrases) = rayon::join(
        || {
            use rayon::prelude::*;
            crate::timing::phase("entities: sentences", || {
                lib.works
                    .par_iter()
                    .map(|w| {
                        let mut wb = b.fork();
                        wb.work(w);
                        wb
                    })
                    .collect::<Vec<Builder>>()
            })
        },
        || crate::timing::phase("entities: key phrases", || key_phrases(lib)),
    );
    crate::timing::phase("entities: join", || {
        for wb in per_work {
            b.absorb(wb);
        }
    });
    for p in phrases {
        b.concept(&p, false);
        let g = b.group(&p);
        b.groups[g].keyword = true;
    }
    // Merge groups joined by acronyms and alternative names; plurals too.
    let pair_groups: Vec<(usize, usize)> = b
        .pairs
        .clone()
        .iter()
        .map(|(l, s)| (b.group(l), b.group(s)))
        .collect();
    let m = b.groups.len();
    let mut uf = Uf((0..m).collect());
    for (gl, gs) in pair_groups {
        uf.union(gl, gs);
    }
    let keys: Vec<(String, usize)> = b.by_key.iter().map(|(k, &v)| (k.clone(), v)).collect();
    for (k, g) in &keys {
        if let Some(sing) = k.strip_suffix('s') {
            if let Some(&h) = b.by_key.get(sing) {
                if !b.groups[*g].acronym || b.groups[h].acronym {
                    uf.union(h, *g);
                }
            }
        }
    }
    let mut merged: HashMap<usize, Evidence> = HashMap::new();
    let mut root_of = vec![0; m];
    for (g, root) in root_of.iter_mut().enumerate() {
        let r = uf.find(g);
        *root = r;
        let ev = b.groups[g].clone();
        merged.entry(r).or_default().add(ev, |g| g);
    }
    let mut roots: Vec<usize> = merged.keys().copied().collect();
    roots.sort_unstable();
    let mut kinds: HashMap<usize, Option<Kind>> = HashMap::new();
    let debug = std::env::var_os("GLOSS_DEBUG_ENTITIES").is_some();
    let rejected: HashSet<usize> = roots
        .iter()
        .copied()
        .filter(|r| is_rejected(&merged[r]))
        .collect();
    for &r in &roots {
        let k = classify(&b, &merged[&r]);
        if debug {
            let e = &merged[&r];
            eprintln!(
                "{:?} {:?} occ={} mid={} attr={} firm={} place={} person={} acr={} concept={}",
                k,
                e.forms,
                e.occurrences,
                e.mid,
                e.attributive,
                e.firm,
                e.place,
                e.person,
                e.acronym,
                e.concept
            );
        }
        kinds.insert(r, k);
    }
    // Named in a list with firms and nothing else known: a firm.
    for _ in 0..2 {
        let snapshot = kinds.clone();
        for &r in &roots {
            if snapshot[&r].is_some() || rejected.contains(&r) {
                continue;
            }
            let ev = &merged[&r];
            let firms = ev
                .coordinated
                .iter()
                .filter(|&&g| snapshot.get(&root_of[g]).copied().flatten() == Some(Kind::Firm))
                .count();
            if firms >= 1 && ev.place < 1.0 && ev.person < 1.0 {
                kinds.insert(r, Some(Kind::Firm));
            }
        }
    }
    let mut out = Vec::new();
    for &r in &roots {
        let ev = &merged[&r];
        let Some(kind) = kinds[&r] else { continue };
        let total: u32 = ev.forms.values().sum();
        let strong = has_company_suffix_any(ev)
            || ev.firm >= 1.0
            || ev.person >= 1.0
            || matches!(
                kind,
                Kind::Concept | Kind::Government | Kind::Organisation | Kind::Journal
            );
        if total < 2 && !strong {
            continue;
        }
        let mut forms: Vec<(&String, &u32)> = ev.forms.iter().collect();
        // Display name: most frequent full form; acronyms give way to their long form.
        forms.sort_by(|a, b| {
            let acr = |s: &str| is_acronym(s) as u8;
            acr(a.0)
                .cmp(&acr(b.0))
                .then(b.1.cmp(a.1))
                .then(b.0.len().cmp(&a.0.len()))
                .then(a.0.cmp(b.0))
        });
        if kind == Kind::Firm || kind == Kind::Organisation || kind == Kind::Government {
            // Prefer the name as most often written, not an acronym, unless the acronym is the common form.
            forms.sort_by(|a, b| {
                let acr = |s: &str| is_acronym(s) as u8;
                let ca = *a.1 as f32 * if acr(a.0) == 1 { 0.5 } else { 1.0 };
                let cb = *b.1 as f32 * if acr(b.0) == 1 { 0.5 } else { 1.0 };
                cb.total_cmp(&ca)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(a.0.cmp(b.0))
            });
        }
        // Names in Latin letters first: "UFIDA (用友)".
        forms.sort_by_key(|f| f.0.chars().any(is_cjk));
        // Each form folded once: a large merged group must not cost its
        // square in folds.
        let mut names: Vec<String> = Vec::new();
        let mut folded: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (f, _) in forms {
            let f = f.trim().to_string();
            if folded.insert(fold_name(&f)) {
                names.push(f);
            }
        }
        if names.is_empty() {
            continue;
        }
        out.push(Draft {
            names,
            kind,
            from_glossary: false,
        });
    }
    out
}

fn has_company_suffix_any(ev: &Evidence) -> bool {
    ev.forms.keys().any(|f| has_company_suffix(f))
}

/// Only ever capitalised because it opens a sentence, or mostly an
/// adjective ("Chinese firms", "German CNC"): not a name.
fn is_rejected(ev: &Evidence) -> bool {
    let single = ev.forms.keys().all(|f| f.split_whitespace().count() == 1);
    let cjk = ev.forms.keys().any(|f| f.chars().any(is_cjk));
    if !single || ev.defined || cjk || ev.concept && ev.occurrences == 0 {
        return false;
    }
    let n = ev.occurrences.max(1) as f32;
    (ev.mid == 0 && !ev.acronym) || (ev.attributive as f32 >= 0.4 * n && ev.firm < 0.3 * n)
}

fn classify(b: &Builder, ev: &Evidence) -> Option<Kind> {
    let forms: Vec<&String> = ev.forms.keys().collect();
    if forms.is_empty() {
        return None;
    }
    if forms.iter().any(|f| b.journals.contains(&fold_name(f))) {
        return Some(Kind::Journal);
    }
    let capital = forms
        .iter()
        .any(|f| f.starts_with(char::is_uppercase) || f.chars().any(is_cjk));
    if !capital || (ev.concept && ev.occurrences == 0) {
        return if ev.concept || ev.lower_long {
            Some(Kind::Concept)
        } else {
            None
        };
    }
    if ev.acronym && ev.lower_long {
        return Some(Kind::Concept);
    }
    if forms
        .iter()
        .any(|f| any_word_in(f, GOVERNMENT) && !has_company_suffix(f))
    {
        return Some(Kind::Government);
    }
    if forms.iter().any(|f| has_company_suffix(f)) {
        return Some(Kind::Firm);
    }
    if forms.iter().any(|f| any_word_in(f, ORGANISATION)) {
        return Some(Kind::Organisation);
    }
    if forms.iter().any(|f| last_word_in(f, PLACE_WORDS)) {
        return Some(Kind::Place);
    }
    let family = forms.iter().any(|f| {
        let ws: Vec<String> = fold_name(f)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        ws.len() <= 3 && ws.iter().any(|w| b.families.contains(w)) && !is_acronym(f)
    });
    let person = ev.person + if family { 1.5 } else { 0.0 };
    let n = ev.occurrences.max(1) as f32;
    if is_rejected(ev) {
        return if ev.place >= 2.0 && ev.mid > 0 {
            Some(Kind::Place)
        } else {
            None
        };
    }
    if person >= 1.0 && person >= ev.firm && person >= ev.place {
        return Some(Kind::Person);
    }
    if ev.place >= 1.0 && ev.place >= ev.firm * 1.5 && ev.place / n >= 0.2 {
        return Some(Kind::Place);
    }
    if ev.firm >= 1.0 {
        return Some(Kind::Firm);
    }
    if ev.place >= 1.0 {
        return Some(Kind::Place);
    }
    if ev.concept {
        return Some(Kind::Concept);
    }
    None
}

// ---------------------------------------------------------------- glossary

pub(crate) fn apply_glossary(mut drafts: Vec<Draft>, g: &Glossary) -> Vec<Draft> {
    let find = |drafts: &[Draft], name: &str| -> Option<usize> {
        let f = fold_name(name);
        drafts
            .iter()
            .position(|d| d.names.iter().any(|n| fold_name(n) == f))
    };
    // Entities: create or extend; every alias that names another entity merges it in.
    for ge in &g.entities {
        let at =
            find(&drafts, &ge.name).or_else(|| ge.aliases.iter().find_map(|a| find(&drafts, a)));
        let i = match at {
            Some(i) => i,
            None => {
                drafts.push(Draft {
                    names: vec![ge.name.clone()],
                    kind: ge.kind.unwrap_or(Kind::Concept),
                    from_glossary: true,
                });
                drafts.len() - 1
            }
        };
        // The glossary's name becomes the display name.
        let f = fold_name(&ge.name);
        drafts[i].names.retain(|n| fold_name(n) != f);
        drafts[i].names.insert(0, ge.name.clone());
        drafts[i].from_glossary = true;
        if let Some(k) = ge.kind {
            drafts[i].kind = k;
        }
        for a in &ge.aliases {
            merge_into(&mut drafts, i, a);
        }
    }
    for (from, into) in &g.merge {
        if let Some(t) = find(&drafts, into) {
            merge_into(&mut drafts, t, from);
        }
    }
    for (old, new) in &g.rename {
        if let Some(i) = find(&drafts, old) {
            let f = fold_name(new);
            drafts[i].names.retain(|n| fold_name(n) != f);
            drafts[i].names.insert(0, new.clone());
        }
    }
    let hidden: HashSet<String> = g.hide.iter().map(|h| fold_name(h)).collect();
    drafts.retain(|d| !d.names.iter().any(|n| hidden.contains(&fold_name(n))));
    drafts.retain(|d| !d.names.is_empty());
    drafts
}

/// Add `name` to entity `into`; if another entity has that name, fold it in.
fn merge_into(drafts: &mut [Draft], into: usize, name: &str) {
    let f = fold_name(name);
    if let Some(j) = drafts
        .iter()
        .position(|d| d.names.iter().any(|n| fold_name(n) == f))
    {
        if j == into {
            return;
        }
        let other = drafts[j].names.clone();
        for n in other {
            if !drafts[into]
                .names
                .iter()
                .any(|m| fold_name(m) == fold_name(&n))
            {
                drafts[into].names.push(n);
            }
        }
        drafts[j].names.clear();
    } else {
        drafts[into].names.push(name.to_string());
    }
}

// ---------------------------------------------------------------- counting

/// How well a sentence says what entity `name` is: appositives and copulas first.
fn sentence_score(text: &str, at: usize, end: usize, kind: Kind) -> f32 {
    let after = text[end..].trim_start_matches(['\'', 's']).to_lowercase();
    let after = after.trim_start();
    let mut s = 0.0;
    for p in [", a ", ", an ", ", the ", ", one of ", ", another "] {
        if after.starts_with(p.trim_start()) || text[end..].to_lowercase().starts_with(p) {
            s += 3.0;
            break;
        }
    }
    for p in [
        "is a ",
        "was a ",
        "is an ",
        "was an ",
        "is the ",
        "was the ",
        "is one ",
        "was one ",
        "refers to",
        "is defined",
        "means ",
    ] {
        if after.starts_with(p) {
            s += 3.0;
            break;
        }
    }
    if after.starts_with("(") {
        s += 1.5;
    }
    for p in [
        "was founded",
        "was established",
        "was set up",
        "was created",
        "began",
        "started",
    ] {
        if after.starts_with(p) {
            s += 2.0;
            break;
        }
    }
    let lower = text.to_lowercase();
    if kind == Kind::Firm && FIRM_NOUNS.iter().any(|n| lower.contains(&format!(" {n} "))) {
        s += 0.5;
    }
    let words = text.split_whitespace().count();
    if (8..=45).contains(&words) {
        s += 1.0;
    } else if !(5..=70).contains(&words) {
        s -= 1.5;
    }
    if at < 40 {
        s += 0.5;
    }
    s
}

pub(crate) fn count(lib: &Library, drafts: &[Draft], scanner: &Scanner) -> Counted {
    use rayon::prelude::*;
    let n = drafts.len();
    // Each work is scanned on its own, on all cores; the counts are joined after.
    type PerWork = (Vec<(usize, WorkMentions)>, HashMap<(usize, usize), u32>);
    let per_work: Vec<PerWork> = lib
        .works
        .par_iter()
        .enumerate()
        .map(|(wi, w)| {
            let mut mentions = Vec::new();
            let mut co: HashMap<(usize, usize), u32> = HashMap::new();
            let Some(d) = &w.doc else {
                return (mentions, co);
            };
            let path = w.path.clone().unwrap_or_default();
            let mut count: HashMap<usize, u32> = HashMap::new();
            let mut best: HashMap<usize, Vec<(f32, usize)>> = HashMap::new();
            for (si, s) in d.sentences.iter().enumerate() {
                if s.zone == Zone::Front {
                    continue;
                }
                let found = scanner.scan(&s.text);
                let mut here: Vec<usize> = Vec::new();
                for (e, r) in &found {
                    *count.entry(*e).or_default() += 1;
                    if !here.contains(e) {
                        here.push(*e);
                        let mut sc = sentence_score(&s.text, r.start, r.end, drafts[*e].kind);
                        if s.zone == Zone::Note {
                            sc -= 2.0;
                        }
                        best.entry(*e).or_default().push((sc, si));
                    }
                }
                for &a in &here {
                    for &b2 in &here {
                        if a != b2 {
                            *co.entry((a, b2)).or_default() += 1;
                        }
                    }
                }
            }
            for (e, c) in count {
                let mut cands = best.remove(&e).unwrap_or_default();
                cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let sentences = cands
                    .iter()
                    .take(2)
                    .map(|&(_, si)| {
                        let s = &d.sentences[si];
                        EntitySentence {
                            path: path.clone(),
                            line: s.line,
                            text: s.text.clone(),
                        }
                    })
                    .collect();
                mentions.push((
                    e,
                    WorkMentions {
                        work: wi,
                        key: w.key.clone(),
                        mentions: c,
                        sentences,
                    },
                ));
            }
            (mentions, co)
        })
        .collect();
    let mut works: Vec<Vec<WorkMentions>> = vec![Vec::new(); n];
    let mut co: Vec<HashMap<usize, u32>> = vec![HashMap::new(); n];
    for (mentions, pairs) in per_work {
        for (e, m) in mentions {
            works[e].push(m);
        }
        for ((a, b), c) in pairs {
            *co[a].entry(b).or_default() += c;
        }
    }
    for w in &mut works {
        w.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.work.cmp(&b.work)));
    }
    let related = co
        .into_iter()
        .map(|m| {
            let mut v: Vec<(usize, u32)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.into_iter()
                .filter(|x| x.1 >= 1)
                .map(|x| x.0)
                .take(8)
                .collect()
        })
        .collect();
    Counted { works, related }
}

#[cfg(test)]
mod tests {
    use super::super::{Entities, Glossary, Kind};
    use crate::corpus::Library;

    fn lib_of(texts: &[(&str, &str)]) -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in texts {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let lib = Library::load(Some(dir.path()), &[]);
        (dir, lib)
    }

    const PAPER: &str = "Firms and markets in the north\n\nA. Writer\n\n\
Introduction\n\n\
This paper studies Northwind Machine Tool Co., Ltd (NMTC), a maker of lathes. \
Northwind's sales grew in Harbin after 1990. \
Firms such as Kestrel, Orbix and Northwind competed in Harbin. \
Kestrel, a Harbin-based chip designer, was founded in 1999. \
Kestrel's engineers came from the Ministry of Industry and from Harbin University. \
We define recursive mutual learning as the joint learning of suppliers and buyers. \
The Ministry of Industry subsidised Kestrel. \
In Harbin, Orbix's factory employed 300 people. \
Mr. Zhao Ming, the founder of Orbix, said the market was small. \
Recursive mutual learning took years. \
Later, recursive mutual learning spread to Orbix and Kestrel.\n\n\
Keywords: supplier upgrading; recursive mutual learning\n";

    #[test]
    fn firms_acronyms_possessives_kinds_and_concepts() {
        let (_d, lib) = lib_of(&[("paper.txt", PAPER)]);
        let e = Entities::build(&lib, &Glossary::default());
        let kind = |n: &str| e.find(n).map(|i| e.list[i].kind);
        // Acronym long form: one entity, found by either name, and by the possessive.
        let nw = e
            .find("Northwind Machine Tool Co., Ltd")
            .expect("long form");
        assert_eq!(e.find("NMTC"), Some(nw));
        assert!(e.find("northwind's").is_some());
        assert_eq!(kind("NMTC"), Some(Kind::Firm));
        assert_eq!(kind("Kestrel"), Some(Kind::Firm));
        assert_eq!(e.find("Kestrel's"), e.find("Kestrel"));
        assert_eq!(kind("Orbix"), Some(Kind::Firm));
        assert_eq!(kind("Harbin"), Some(Kind::Place));
        assert_eq!(kind("Ministry of Industry"), Some(Kind::Government));
        assert_eq!(kind("Harbin University"), Some(Kind::Organisation));
        assert_eq!(kind("Zhao Ming"), Some(Kind::Person));
        assert_eq!(kind("recursive mutual learning"), Some(Kind::Concept));
        // Sentences with lines; the appositive is preferred for Kestrel.
        let k = &e.list[e.find("Kestrel").unwrap()];
        assert!(k.works[0].sentences[0]
            .text
            .starts_with("Kestrel, a Harbin-based"));
        assert!(k.works[0].sentences[0].line >= 1);
        // Draft scanning.
        let text = "Kestrel and NMTC; the founder of Orbix.";
        let m: Vec<&str> = e
            .mentions_in(text)
            .into_iter()
            .map(|(_, r)| &text[r])
            .collect();
        assert_eq!(m, vec!["Kestrel", "NMTC", "Orbix"]);
        assert_eq!(e.at(text, 14).map(|(i, _)| i), Some(nw));
        let md = e.summary_markdown(e.find("Kestrel").unwrap(), &lib);
        assert!(md.starts_with("**Kestrel** — firm"), "{md}");
        assert!(md.contains("line "), "{md}");
    }

    #[test]
    fn glossary_adds_merges_renames_hides() {
        let (_d, lib) = lib_of(&[("paper.txt", PAPER)]);
        let v: toml::Value = toml::from_str(
            r#"
hide = ["Harbin"]
rename = { "Orbix" = "Orbix Holdings" }
merge = { "Kestrel" = "NMTC" }
[entities."Zhao Ming"]
aliases = ["Mr Zhao"]
kind = "person"
[entities."Supplier parks"]
kind = "concept"
"#,
        )
        .unwrap();
        let mut w = Vec::new();
        let g = Glossary::from_toml(&v, std::path::Path::new("glossary.toml"), &mut w);
        assert!(w.is_empty(), "{w:?}");
        let e = Entities::build(&lib, &g);
        assert_eq!(e.find("Harbin"), None);
        let o = e.find("Orbix").unwrap();
        assert_eq!(e.list[o].name, "Orbix Holdings");
        assert_eq!(e.find("Kestrel"), e.find("NMTC"));
        assert_eq!(e.find("Mr Zhao"), e.find("Zhao Ming"));
        assert!(e.find("supplier parks").is_some());
        // Bad values are warnings.
        let bad: toml::Value =
            toml::from_str("colour = 1\n[entities.X]\nkind = \"bird\"\n").unwrap();
        let mut w = Vec::new();
        Glossary::from_toml(&bad, std::path::Path::new("g.toml"), &mut w);
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn schwartz_hearst() {
        let sf: Vec<char> = "smtcl".chars().collect();
        assert!(super::sh_match(&sf, "Shenyang Machine Tool Co. Ltd."));
        assert!(!super::sh_match(&sf, "Dalian Machine Tool"));
    }
}
