//! Reading candidate names from the texts: runs of capitalised words with
//! the context cues around them (firm, place, person), lists, `hereafter`
//! aliases, acronyms and alternative names in parentheses, and concepts;
//! the evidence is gathered per group of names.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::super::fold_name;
use super::super::scan::is_cjk;
use super::acronyms::long_form;
use super::lexicon::*;
use super::phrases::{definitions, keywords_line};
use super::tokens::{is_acronym, is_roman, tokens};
use crate::corpus::text::Zone;
use crate::corpus::Library;

#[derive(Debug, Default, Clone)]
pub(super) struct Evidence {
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
impl Evidence {
    /// Add another group's evidence to this one; `group` renumbers the
    /// groups it was coordinated with.
    pub(super) fn add(&mut self, ev: Evidence, group: impl Fn(usize) -> usize) {
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
    pub(super) lower: Arc<HashMap<String, u32>>,
    pub(super) cap_mid: Arc<HashMap<String, u32>>,
    pub(super) families: Arc<HashSet<String>>,
    pub(super) journals: Arc<HashSet<String>>,
    pub(super) groups: Vec<Evidence>,
    pub(super) by_key: HashMap<String, usize>,
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
            by_key: HashMap::new(),
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
            by_key: HashMap::new(),
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
        self.groups.push(Evidence::default());
        self.by_key.insert(k, self.groups.len() - 1);
        self.groups.len() - 1
    }

    /// Count the words of every evidence sentence, work by work on all cores.
    pub(super) fn count_all_words(&mut self, lib: &Library) {
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
