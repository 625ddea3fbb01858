//! Reading candidate names from the texts: runs of capitalised words with
//! the context cues around them (firm, place, person), lists, `hereafter`
//! aliases, acronyms and alternative names in parentheses, and concepts;
//! the evidence is gathered per group of names.

use std::collections::{HashMap, HashSet};

use super::Fast;
use std::sync::Arc;

use super::super::fold_name;
use super::super::scan::is_cjk;
use super::acronyms::long_form;
use super::lexicon::*;
use super::phrases::{definitions, keywords_line};
use super::tokens::{is_acronym, is_roman, tokens, Tok};
use crate::corpus::text::Zone;
use crate::corpus::Library;

/// What the texts say about one group of names (not the diagnostics'
/// evidence): its forms, how often and where they occur, and the cues to its
/// kind.
#[derive(Debug, Default, Clone)]
pub(super) struct NameEvidence {
    /// Surface forms with counts.
    pub(super) forms: HashMap<String, u32>,
    pub(super) occurrences: u32,
    pub(super) firm: f32,
    pub(super) place: f32,
    pub(super) person: f32,
    pub(super) acronym: bool,
    /// Its long form is lowercase ("original equipment manufacturer (OEM)").
    pub(super) lower_long: bool,
    pub(super) concept: bool,
    pub(super) keyword: bool,
    /// Coordinated ("A, B and C") with these other groups.
    pub(super) coordinated: HashSet<usize>,
    /// Occurrences not opening a sentence.
    pub(super) mid: u32,
    /// Occurrences directly before a lowercase noun ("Chinese firms").
    pub(super) attributive: u32,
    /// An alias given by "hereafter".
    pub(super) defined: bool,
}

/// Evidence gathered from the texts. Works are read in parallel, each into
/// its own builder (`fork`), and the builders are joined in work order
/// (`absorb`): the result is the one reading them in turn would give, since
/// reading a sentence only adds evidence (sums of halves, exact in f32).
impl NameEvidence {
    /// Add another group's evidence to this one; `group` renumbers the
    /// groups it was coordinated with.
    pub(super) fn add(&mut self, ev: NameEvidence, group: impl Fn(usize) -> usize) {
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

pub(super) struct Builder {
    /// Lowercase occurrences of each folded word, and capitalised occurrences not opening a sentence.
    pub(super) lower: Arc<HashMap<String, u32, Fast>>,
    pub(super) cap_mid: Arc<HashMap<String, u32, Fast>>,
    pub(super) families: Arc<HashSet<String>>,
    pub(super) journals: Arc<HashSet<String>>,
    pub(super) groups: Vec<NameEvidence>,
    pub(super) by_key: HashMap<String, usize, Fast>,
    pub(super) pairs: Vec<(String, String)>,
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
    pub(super) fn new(lib: &Library) -> Self {
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
            by_key: HashMap::default(),
            pairs: Vec::new(),
        }
    }

    /// An empty builder sharing this one's word counts and name lists.
    pub(super) fn fork(&self) -> Builder {
        Builder {
            lower: self.lower.clone(),
            cap_mid: self.cap_mid.clone(),
            families: self.families.clone(),
            journals: self.journals.clone(),
            groups: Vec::new(),
            by_key: HashMap::default(),
            pairs: Vec::new(),
        }
    }

    /// Add a forked builder's evidence, its groups in the order it made them.
    pub(super) fn absorb(&mut self, other: Builder) {
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
                        self.groups.push(NameEvidence::default());
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
    pub(super) fn work(&mut self, w: &crate::corpus::Work) {
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

    pub(super) fn group(&mut self, name: &str) -> usize {
        let k = group_key(name);
        if let Some(&g) = self.by_key.get(&k) {
            return g;
        }
        self.groups.push(NameEvidence::default());
        self.by_key.insert(k, self.groups.len() - 1);
        self.groups.len() - 1
    }

    /// Count the words of every evidence sentence, work by work on all cores.
    pub(super) fn count_all_words(&mut self, lib: &Library) {
        use rayon::prelude::*;
        type Counts = (HashMap<String, u32, Fast>, HashMap<String, u32, Fast>);
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
fn count_words(
    text: &str,
    lower: &mut HashMap<String, u32, Fast>,
    cap_mid: &mut HashMap<String, u32, Fast>,
) {
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
        is_stop(&f) || in_list(ENTITY_DETERMINERS, &f) || lower > cap
    }

    /// Read one evidence sentence: its runs of capitalised words and the
    /// cues around them, lists, `hereafter` aliases, and acronyms and
    /// alternative names in parentheses.
    fn sentence(&mut self, text: &str) {
        let s = Words {
            text,
            toks: tokens(text),
        };
        let runs = self.runs(&s);
        self.lists(&s, &runs);
        self.hereafter(&s, &runs);
        self.parentheses(&s, &runs);
    }

    /// Runs of capitalised words, each counted in its group with the cues
    /// around it.
    fn runs(&mut self, s: &Words) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut i = 0;
        while i < s.toks.len() {
            if !s.is_cap(i) {
                i += 1;
                continue;
            }
            let a = i;
            let b = s.run_end(i);
            i = b;
            let Some((a2, b2, titled)) = self.trim_run(s, a, b) else {
                continue;
            };
            let name = s.text[s.toks[a2].start..s.toks[b2 - 1].end].to_string();
            let g = self.group(&name);
            self.occurrence(s, g, &name, a2, b2);
            self.context_cues(s, g, a2, b2, titled);
            runs.push(Run {
                a: a2,
                b: b2,
                name,
                group: g,
            });
        }
        runs
    }

    /// Trim the run of tokens `a..b`: determiners, calendar words, titles,
    /// and an ordinary word opening the sentence before it; joining words
    /// after it. `None` if nothing is left that could be a name; else the
    /// trimmed run and whether a title stood before it.
    fn trim_run(&self, s: &Words, a: usize, b: usize) -> Option<(usize, usize, bool)> {
        let mut a2 = a;
        let mut titled = false;
        while a2 < b {
            let w = s.lw(a2);
            let opening = a2 == 0 || matches!(s.word(a2 - 1), "(" | "\"" | ":" | ";");
            if in_list(PERSON_TITLES, &w) && a2 + 1 < b {
                titled = true;
                a2 += 1;
                if s.word(a2) == "." {
                    a2 += 1;
                }
            } else if in_list(ENTITY_DETERMINERS, &w)
                || crate::calendar::is_month_or_weekday_lowercase(&w)
                || (opening && a2 == a && self.is_common(s.word(a2)))
                || (a2 + 1 < b && matches!(w.as_str(), "of" | "for" | "and" | "&"))
            {
                a2 += 1;
            } else {
                break;
            }
        }
        let mut b2 = b;
        while b2 > a2 && matches!(s.lw(b2 - 1).as_str(), "of" | "for" | "and" | "&" | ",") {
            b2 -= 1;
        }
        if a2 >= b2 {
            return None;
        }
        let name = &s.text[s.toks[a2].start..s.toks[b2 - 1].end];
        if (a2..b2).all(|k| !s.toks[k].word || in_list(COMPANY_SUFFIX, &s.lw(k))) {
            return None;
        }
        let f = crate::text::fold(name);
        if b2 - a2 == 1 {
            let w = s.word(a2);
            if (self.is_common(w) && !is_acronym(w))
                || is_roman(w)
                || w.chars().count() < 2
                || in_list(LABELS, &f)
            {
                return None;
            }
        }
        Some((a2, b2, titled))
    }

    /// Count one occurrence of `name` (tokens `a2..b2`) in group `g`: its
    /// form, whether it opens the sentence, stands before a lowercase noun,
    /// or is an acronym.
    fn occurrence(&mut self, s: &Words, g: usize, name: &str, a2: usize, b2: usize) {
        let opening = a2 == 0 || matches!(s.word(a2 - 1), "(" | "\"" | ":" | ";" | "." | "?");
        let next_word = s.lw(b2);
        let attributive = s.toks.get(b2).is_some_and(|t| t.word)
            && s.word(b2).starts_with(char::is_lowercase)
            && !is_stop(&next_word)
            && !in_list(FIRM_VERBS, &next_word)
            && !in_list(PERSON_VERBS, &next_word)
            && !next_word.ends_with("ed");
        let ev = &mut self.groups[g];
        *ev.forms.entry(name.to_string()).or_default() += 1;
        ev.occurrences += 1;
        if !opening {
            ev.mid += 1;
        }
        if attributive {
            ev.attributive += 1;
        }
        if b2 - a2 == 1 && is_acronym(s.word(a2)) {
            ev.acronym = true;
        }
    }

    /// The words around the name at tokens `a2..b2` (group `g`) as cues to
    /// a person, a place or a firm.
    fn context_cues(&mut self, s: &Words, g: usize, a2: usize, b2: usize, titled: bool) {
        let ev = &mut self.groups[g];
        let prev = if a2 > 0 { s.lw(a2 - 1) } else { String::new() };
        let prev2 = if a2 > 1 { s.lw(a2 - 2) } else { String::new() };
        let next = s.lw(b2);
        let next2 = s.lw(b2 + 1);
        let possessive = s.word(b2) == "'" && next2 == "s";
        let after_pos = if possessive {
            s.lw(b2 + 2)
        } else {
            next.clone()
        };
        if titled
            || in_list(PERSON_TITLES, &prev)
            || (prev == "." && in_list(PERSON_TITLES, &prev2))
        {
            ev.person += 1.0;
        }
        if s.word(b2) == "(" && s.word(b2 + 1).len() == 4 && s.word(b2 + 1).starts_with(['1', '2'])
        {
            ev.person += 1.0;
        }
        if next == "," && matches!(next2.as_str(), "who" | "whose") {
            ev.person += 1.5;
        }
        if in_list(PERSON_VERBS, &next)
            || (next == "," && s.word(b2 + 1).len() == 4 && s.word(b2 + 1).starts_with(['1', '2']))
        {
            ev.person += 0.5;
        }
        if in_list(PLACE_BEFORE, &prev)
            || (prev == "the" && in_list(PLACE_BEFORE, &prev2) && b2 - a2 <= 2)
        {
            ev.place += if prev == "in" { 1.0 } else { 0.5 };
        }
        if in_list(PLACE_AFTER, &next) || s.word(b2).starts_with("-based") {
            ev.place += 1.5;
        }
        let tail = &s.text[s.toks[b2 - 1].end..];
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
        self.appositive_cues(s, g, b2, possessive);
    }

    /// Appositive or copula after the name ending at token `b2` (group
    /// `g`): "X, a fabless chip-design company", "X is a maker of …" for a
    /// firm, "X, the company's chairman" for a person.
    fn appositive_cues(&mut self, s: &Words, g: usize, b2: usize, possessive: bool) {
        let ev = &mut self.groups[g];
        let k0 = if possessive { b2 + 2 } else { b2 };
        // Past a parenthesis: "UFIDA (...), China's largest ... company".
        let k1 = if s.word(k0) == "(" {
            (k0 + 1..(k0 + 10).min(s.toks.len()))
                .find(|&k| s.word(k) == ")")
                .map_or(k0, |k| k + 1)
        } else {
            k0
        };
        if s.word(k1) == ","
            && ((matches!(
                s.lw(k1 + 1).as_str(),
                "a" | "an" | "the" | "another" | "one"
            ) && s.firm_noun_ahead(k1 + 2))
                || (s.word(k1 + 2) == "'" && s.lw(k1 + 3) == "s" && s.firm_noun_ahead(k1 + 4)))
            || (matches!(s.lw(k0).as_str(), "is" | "was" | "became" | "remains")
                && matches!(
                    s.lw(k0 + 1).as_str(),
                    "a" | "an" | "the" | "one" | "another"
                )
                && s.firm_noun_ahead(k0 + 2))
        {
            ev.firm += 2.0;
        } else if s.word(k0) == "(" && s.firm_noun_ahead(k0 + 1) {
            ev.firm += 1.0;
        }
        if s.word(k0) == ","
            && matches!(s.lw(k0 + 1).as_str(), "the" | "a")
            && (k0 + 2..k0 + 5).any(|k| in_list(PERSON_TITLES, &s.lw(k)))
        {
            self.groups[g].person += 1.5;
        }
    }

    /// Lists: "A, B and C"; after "firms such as" or "multinationals (e.g.,"
    /// all are firms.
    fn lists(&mut self, s: &Words, runs: &[Run]) {
        for (c, and) in &chains(s, runs) {
            let first = &runs[c[0]];
            let intro = (first.a.saturating_sub(8)..first.a).any(|k| {
                in_list(FIRM_NOUNS, &s.lw(k))
                    && (k + 1..first.a).any(|m| {
                        matches!(s.lw(m).as_str(), "as" | "like" | "including" | "g" | "(")
                    })
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
    }

    /// "Shenyang Machine Tool (Group) Co., Ltd, hereafter, SMTCL".
    fn hereafter(&mut self, s: &Words, runs: &[Run]) {
        for (p, _) in s.toks.iter().enumerate() {
            if !matches!(s.lw(p).as_str(), "hereafter" | "hereinafter" | "henceforth") {
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
    }

    /// Acronyms and alternative names in parentheses.
    fn parentheses(&mut self, s: &Words, runs: &[Run]) {
        for (p, t) in s.toks.iter().enumerate() {
            if s.text[t.start..t.end] != *"(" {
                continue;
            }
            let Some(close) = (p + 1..(p + 8).min(s.toks.len())).find(|&k| s.word(k) == ")") else {
                continue;
            };
            let inner: Vec<usize> = (p + 1..close).collect();
            if inner.is_empty() {
                continue;
            }
            let inner_text = s.text[s.toks[p + 1].start..s.toks[close - 1].end]
                .trim()
                .to_string();
            if inner.len() == 1 && is_acronym(s.word(p + 1)) && self.acronym(s, p) {
                continue;
            }
            self.alternative_name(s, runs, p, &inner, inner_text);
        }
    }

    /// Schwartz–Hearst: a short form in parentheses at token `p`, its long
    /// form before. Whether one was found (and recorded).
    fn acronym(&mut self, s: &Words, p: usize) -> bool {
        let sf = s.word(p + 1).trim_end_matches('s');
        let Some(long) = long_form(s.text, &s.toks, p, sf) else {
            return false;
        };
        let lower = long.starts_with(char::is_lowercase);
        let g = self.group(&long);
        *self.groups[g].forms.entry(long.clone()).or_default() += 1;
        self.groups[g].lower_long |= lower;
        let sg = self.group(sf);
        *self.groups[sg].forms.entry(sf.to_string()).or_default() += 1;
        self.groups[sg].acronym = true;
        self.groups[sg].lower_long |= lower;
        self.pairs.push((long, sf.to_string()));
        true
    }

    /// An alternative name in the parentheses at token `p` (holding tokens
    /// `inner`) right after a run: "Lianxiang (Legend)", "Vimicro
    /// Corporation (中星微)".
    fn alternative_name(
        &mut self,
        s: &Words,
        runs: &[Run],
        p: usize,
        inner: &[usize],
        inner_text: String,
    ) {
        let Some(r) = runs.iter().find(|r| r.b == p) else {
            return;
        };
        let cjk = inner_text.chars().all(|c| is_cjk(c) || c.is_whitespace());
        let camel = |k: usize| s.word(k).chars().skip(1).any(char::is_uppercase);
        let capital_name = inner.len() <= 4
            && inner
                .iter()
                .all(|&k| s.is_cap(k) || s.word(k) == "&" || camel(k))
            && !inner.iter().all(|&k| in_list(COMPANY_SUFFIX, &s.lw(k)))
            && !inner
                .iter()
                .any(|&k| self.is_common(s.word(k)) && !is_acronym(s.word(k)));
        if cjk || capital_name {
            let g = self.group(&inner_text);
            *self.groups[g].forms.entry(inner_text.clone()).or_default() += 1;
            self.pairs.push((r.name.clone(), inner_text));
        }
    }

    pub(super) fn concept(&mut self, term: &str, keyword: bool) {
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

/// A sentence's tokens, read by index; past either end a word is "".
struct Words<'a> {
    text: &'a str,
    toks: Vec<Tok>,
}

impl<'a> Words<'a> {
    /// The token at `i` as written.
    fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// The token at `i`, folded.
    fn lw(&self, i: usize) -> String {
        crate::text::fold(self.word(i))
    }

    /// A capitalised word, not a label before a number ("Table 3").
    fn is_cap(&self, i: usize) -> bool {
        let text = self.text;
        let toks = &self.toks;
        toks.get(i).is_some_and(|t| {
            t.word
                && text[t.start..t.end].starts_with(char::is_uppercase)
                && !toks.get(i + 1).is_some_and(|n| {
                    n.word
                        && text[n.start..n.end].starts_with(|c: char| c.is_ascii_digit())
                        && in_list(LABELS, &crate::text::fold(&text[t.start..t.end]))
                })
        })
    }

    /// The end (exclusive) of the run of capitalised words starting at `i`:
    /// joined by `of`, `for`, `&`, `de`, `and` (before a company or
    /// organisation word), and company suffixes written `Co.`, `, Ltd` or
    /// `(Group)`.
    fn run_end(&self, i: usize) -> usize {
        let (word, lw) = (|k| self.word(k), |k| self.lw(k));
        let is_cap = |k| self.is_cap(k);
        let toks = &self.toks;
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
        b
    }

    /// A firm noun within the next few words from `from`, before a clause
    /// ends or a person word appears ("a fabless chip-design company").
    fn firm_noun_ahead(&self, from: usize) -> bool {
        let mut k = from;
        let mut n = 0;
        while k < self.toks.len() && n < 9 {
            let w = self.lw(k);
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
    }
}

/// A run of capitalised words in a sentence: tokens `a..b`, as named and grouped.
struct Run {
    a: usize,
    b: usize, // exclusive token index
    name: String,
    group: usize,
}

/// Runs joined into lists ("A, B and C", at most three words of `,`, `and`
/// or `or` between two runs): the runs of each list, and whether `and` or
/// `or` joined any of them.
fn chains(s: &Words, runs: &[Run]) -> Vec<(Vec<usize>, bool)> {
    let link = |x: &Run, y: &Run| -> Option<bool> {
        let between: Vec<String> = (x.b..y.a).map(|k| s.lw(k)).collect();
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
    chains
}
