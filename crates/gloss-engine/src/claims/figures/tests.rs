use super::*;

/// The only figure in `s`.
fn one(s: &str) -> Figure {
    let f = extract(s);
    assert_eq!(f.len(), 1, "{s:?} gave {f:#?}");
    f.into_iter().next().unwrap()
}

fn texts(s: &str) -> Vec<String> {
    extract(s).into_iter().map(|f| f.text).collect()
}

/// `same` on the only figures of two texts (the draft's first).
fn same_s(draft: &str, source: &str) -> bool {
    same(&one(draft), &one(source))
}

fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

// -- numbers -------------------------------------------------------------------

#[test]
fn digits_with_separators_and_decimals() {
    let f = one("a total of 61,000 responses");
    assert_eq!(
        (f.kind.clone(), f.value, f.text.as_str()),
        (Kind::Count, 61000.0, "61,000")
    );
    assert_eq!(one("an index of 7.7 overall").value, 7.7);
    let f = one("a mean of 1,234.5 units");
    assert!(approx_eq(f.value, 1234.5));
    assert_eq!(f.decimals, 1);
    assert_eq!(one("gained 1,234,567 votes").value, 1_234_567.0);
}

#[test]
fn negative_numbers() {
    let f = one("a change of -3.5 on the scale");
    assert_eq!(f.value, -3.5);
    assert_eq!(f.text, "-3.5");
    let f = one("it fell to −2.4 °C overnight");
    assert_eq!(f.value, -2.4);
    assert_eq!(f.kind, Kind::Quantity { unit: "°c".into() });
}

#[test]
fn number_words() {
    for (s, v) in [
        ("one million", 1e6),
        ("seven", 7.0),
        ("twenty", 20.0),
        ("ninety", 90.0),
        ("twenty-one", 21.0),
        ("forty two", 42.0),
        ("a hundred", 100.0),
        ("three hundred", 300.0),
        ("three hundred and fifty", 350.0),
        ("two thousand", 2000.0),
        ("a dozen", 12.0),
        ("five million", 5e6),
        ("two thousand five hundred", 2500.0),
    ] {
        let text = format!("we found {s} cases");
        let f = one(&text);
        assert_eq!(f.kind, Kind::Count, "{s}");
        assert!(approx_eq(f.value, v), "{s}: {}", f.value);
        assert_eq!(f.text, s);
    }
}

#[test]
fn scales() {
    let f = one("a population of 1.4 billion");
    assert!(approx_eq(f.value, 1.4e9));
    assert_eq!(f.scale, 1e9);
    assert_eq!(f.text, "1.4 billion");
    assert!(approx_eq(one("some 3 trillion").value, 3e12));
    assert!(approx_eq(one("£2.5bn was spent").value, 2.5e9));
    assert!(approx_eq(one("$10m was spent").value, 1e7));
    assert!(approx_eq(one("$10 m was spent").value, 1e7));
    assert!(approx_eq(one("€40k a year").value, 4e4));
    assert!(approx_eq(one("2 thousand").value, 2000.0));
}

#[test]
fn fractions() {
    for (s, v, t) in [
        ("about half of them", 0.5, "half"),
        ("a third of firms", 1.0 / 3.0, "a third"),
        ("two-fifths of firms", 0.4, "two-fifths"),
        ("three quarters of firms", 0.75, "three quarters"),
        ("one-third of firms", 1.0 / 3.0, "one-third"),
        ("two thirds agreed", 2.0 / 3.0, "two thirds"),
        ("a quarter of firms", 0.25, "a quarter"),
        ("1/3 of firms", 1.0 / 3.0, "1/3"),
        ("one in five adults", 0.2, "one in five"),
        ("1 in 4 adults", 0.25, "1 in 4"),
    ] {
        let f = one(s);
        assert_eq!(f.kind, Kind::Fraction, "{s}");
        assert!(approx_eq(f.value, v), "{s}");
        assert_eq!(f.text, t);
    }
    // `a third` not followed by `of` is "another", not a fraction or a rank.
    assert!(extract("a third wave followed").is_empty());
    assert!(extract("in the second half of the day")
        .iter()
        .all(|f| f.kind != Kind::Fraction));
}

// -- percentages -----------------------------------------------------------------

#[test]
fn percentages() {
    for s in [
        "88%",
        "88 %",
        "88 percent",
        "88 per cent",
        "eighty-eight percent",
    ] {
        let f = one(&format!("a share of {s} of firms"));
        assert_eq!(f.kind, Kind::Percent { points: false }, "{s}");
        assert_eq!(f.value, 88.0, "{s}");
        assert_eq!(f.text, s);
    }
    let f = one("rose by 88 percentage points");
    assert_eq!(f.kind, Kind::Percent { points: true });
    assert_eq!(f.text, "88 percentage points");
    assert!(!same_s("rose 5 percentage points", "rose 5%"));
}

// -- money and units ---------------------------------------------------------------------

#[test]
fn money() {
    for (s, cur, v) in [
        ("US$1.2 million", "USD", 1.2e6),
        ("$310", "USD", 310.0),
        ("€19", "EUR", 19.0),
        ("£5", "GBP", 5.0),
        ("¥500", "¥", 500.0),
        ("RMB 3 billion", "CNY", 3e9),
        ("40.27 billion yuan", "CNY", 40.27e9),
        ("20.3 billion yen", "JPY", 20.3e9),
        ("SEK 1,050", "SEK", 1050.0),
        ("1.4 billion dollars", "USD", 1.4e9),
        ("5 million US dollars", "USD", 5e6),
        ("HK$30", "HKD", 30.0),
    ] {
        let f = one(&format!("costs rose to {s} that year"));
        assert_eq!(
            f.kind,
            Kind::Money {
                currency: cur.into()
            },
            "{s}"
        );
        assert!(approx_eq(f.value, v), "{s}: {}", f.value);
        assert_eq!(f.text, s);
    }
}

#[test]
fn money_same_and_not() {
    assert!(same_s("56.5 billion yen", "56.5 billion yen"));
    assert!(!same_s("65.5 billion yen", "56.5 billion yen"));
    assert!(same_s("1.4 billion dollars", "$1,400 million"));
    assert!(same_s("¥20 billion", "20 billion yen"));
    assert!(same_s("¥20 billion", "RMB 20 billion"));
    let (a, b) = (one("20.3 billion yen"), one("20.3 billion yuan"));
    assert!(comparable(&a, &b));
    assert!(!same(&a, &b));
}

#[test]
fn units() {
    for (s, unit) in [
        ("2.4 °C", "°c"),
        ("2.4°C", "°c"),
        ("3 degrees Celsius", "°c"),
        ("40 km", "km"),
        ("40km", "km"),
        ("40 kilometres", "kilometre"),
        ("12 hours", "hour"),
        ("30 days", "day"),
        ("6 months", "month"),
        ("five years", "year"),
        ("85 decibels", "decibel"),
        ("2 litres", "litre"),
        ("60 km/h", "km/h"),
        ("10-year", "year"),
    ] {
        let f = one(&format!("over a span, {s} was noted"));
        assert_eq!(f.kind, Kind::Quantity { unit: unit.into() }, "{s}");
        assert_eq!(f.text, s);
    }
}

#[test]
fn unit_conversion_and_families() {
    assert!(same_s("5 km", "5,000 metres"));
    assert!(same_s("two years", "24 months"));
    assert!(!same_s("5 km", "6 km"));
    let (a, b) = (one("5 km"), one("5 hours"));
    assert!(!comparable(&a, &b));
    assert!(comparable(&one("3 °C"), &one("3 °F")));
    assert!(!same_s("3 °C", "3 °F"));
    assert!(same_s("3 °C", "3 degrees Celsius"));
}

// -- years and periods -------------------------------------------------------------------

#[test]
fn years() {
    let f = one("In 1995, the law changed");
    assert_eq!((f.kind.clone(), f.value), (Kind::Year, 1995.0));
    assert_eq!(one("the 2008 elections").kind, Kind::Year);
    // A round number before a plural noun is a count.
    assert_eq!(one("the 2000 respondents").kind, Kind::Count);
    // Followed by a unit or a percent sign: not a year.
    assert_eq!(one("rose 2000%").kind, Kind::Percent { points: false });
    assert_eq!(
        one("a 2000 km trip").kind,
        Kind::Quantity { unit: "km".into() }
    );
    // Part of a larger number: not a year.
    assert_eq!(one("some 19950 cases").kind, Kind::Count);
    assert_eq!(one("1,995 cases").kind, Kind::Count);
}

#[test]
fn year_ranges() {
    for s in [
        "2009–2013",
        "2009-2013",
        "2009-13",
        "2009 to 2013",
        "between 2009 and 2013",
    ] {
        let f = one(&format!("data for {s} show"));
        assert_eq!(f.kind, Kind::Year, "{s}");
        assert_eq!((f.value, f.hi), (2009.0, Some(2013.0)), "{s}");
    }
    assert_eq!(one("the 1998-02 panel").hi, Some(2002.0));
    // from … to is a change: two years.
    assert_eq!(texts("from 1990 to 2000"), ["1990", "2000"]);
}

#[test]
fn decades() {
    for (s, part, lo, hi) in [
        ("the 1980s", Part::Whole, 1980.0, 1989.0),
        ("the '90s", Part::Whole, 1990.0, 1999.0),
        ("the ’90s", Part::Whole, 1990.0, 1999.0),
        ("the mid-1990s", Part::Mid, 1993.0, 1996.0),
        ("the early 2000s", Part::Early, 2000.0, 2003.0),
        ("late 1980s", Part::Late, 1986.0, 1989.0),
        ("the 1990's", Part::Whole, 1990.0, 1999.0),
    ] {
        let f = one(&format!("during {s} growth slowed"));
        assert_eq!(f.kind, Kind::Decade(part), "{s}");
        assert_eq!((f.value, f.hi), (lo, Some(hi)), "{s}");
        assert_eq!(f.text, s);
    }
    // `90s` without `the` or an apostrophe is an age, not a figure.
    assert!(extract("people in their 90s").is_empty());
}

#[test]
fn centuries() {
    let f = one("since the beginning of the twenty-first century");
    assert_eq!(f.kind, Kind::Era(Part::Early));
    assert_eq!((f.value, f.hi), (2000.0, Some(2020.0)));
    assert_eq!(f.text, "the beginning of the twenty-first century");
    let f = one("at the turn of the century");
    assert_eq!(f.kind, Kind::Era(Part::Turn));
    assert_eq!((f.value, f.hi), (1995.0, Some(2004.0)));
    let f = one("in the 20th century");
    assert_eq!((f.value, f.hi), (1900.0, Some(1999.0)));
    assert!(same_s("the 20th century", "the twentieth century"));
    assert!(same_s("the turn of the century", "the late 1990s"));
    assert!(same_s("the early twenty-first century", "2005"));
}

#[test]
fn month_years() {
    let f = one("in May 2009 the fund closed");
    assert_eq!(
        (f.kind.clone(), f.value, f.month),
        (Kind::Year, 2009.0, Some(5))
    );
    assert_eq!(f.text, "May 2009");
    assert_eq!(one("on May 15, 2009 it closed").month, Some(5));
    assert_eq!(one("on 15 May 2009 it closed").text, "15 May 2009");
    assert_eq!(one("in Sept. 2010 it closed").month, Some(9));
    assert!(!same_s("May 2009", "May 2007"));
    assert!(!same_s("May 2009", "June 2009"));
    assert!(same_s("May 2009", "2009"));
    assert!(same_s("2009", "May 2009"));
    // A day and month without a year is nothing.
    assert!(extract("on 15 May the fund closed").is_empty());
}

#[test]
fn periods_same_and_not() {
    assert!(!same_s("the mid-1990s", "the early 2000s"));
    assert!(!same_s("the 1980s", "the 1960s"));
    assert!(!same_s("the early 1990s", "the mid-1990s"));
    assert!(same_s("the 1990s", "the mid-1990s"));
    assert!(same_s("the mid-1990s", "1995"));
    assert!(same_s("1995", "the mid-1990s"));
    assert!(!same_s("1991", "the mid-1990s"));
    assert!(!same_s("1995", "1991"));
    assert!(same_s("around 1995", "1994"));
    assert!(!same_s("2009–2013", "2009–2012"));
    assert!(same_s("2009-13", "2009–2013"));
    assert!(!same_s("2010", "2009–2013"));
}

// -- ordinals, multipliers ----------------------------------------------------------------------

#[test]
fn ordinals() {
    for (s, v) in [
        ("4th", 4.0),
        ("fourth", 4.0),
        ("14th", 14.0),
        ("fourteenth", 14.0),
        ("tenth", 10.0),
        ("fifth", 5.0),
        ("21st", 21.0),
        ("twenty-first", 21.0),
        ("2nd", 2.0),
        ("top three", 3.0),
        ("top 10", 10.0),
    ] {
        let f = one(&format!("it ranked {s} in the league"));
        assert_eq!(f.kind, Kind::Ordinal, "{s}");
        assert_eq!(f.value, v, "{s}");
        assert_eq!(f.text, s);
    }
    assert_eq!(one("the second largest").kind, Kind::Ordinal);
    assert!(!same_s("14th", "4th"));
    assert!(same_s("fourteenth", "14th"));
    // Discourse marks and "another" are not ranks.
    assert!(extract("First, we review the data.").is_empty());
    assert!(extract("At first the data were thin.").is_empty());
    assert!(extract("A second study agreed.").is_empty());
    assert_eq!(
        one("in the top 10% of firms").kind,
        Kind::Percent { points: false }
    );
}

#[test]
fn multipliers() {
    for (s, v) in [
        ("twice", 2.0),
        ("four times", 4.0),
        ("three-fold", 3.0),
        ("threefold", 3.0),
        ("tenfold", 10.0),
        ("2.7 times", 2.7),
        ("doubled", 2.0),
        ("tripled", 3.0),
        ("halved", 0.5),
        ("one and a half times", 1.5),
        ("one-and-a-half times", 1.5),
        ("3x", 3.0),
    ] {
        let f = one(&format!("output {s} as high"));
        assert_eq!(f.kind, Kind::Multiplier, "{s}");
        assert!(approx_eq(f.value, v), "{s}");
        assert_eq!(f.text, s);
    }
    assert!(!same_s("four times", "twice"));
    assert!(same_s("doubled", "twice"));
    assert!(same_s("threefold", "three times"));
}

// -- ranges ------------------------------------------------------------------------------

#[test]
fn ranges() {
    let f = one("between 160,000 and 240,000 people");
    assert_eq!(
        (f.kind.clone(), f.value, f.hi),
        (Kind::Count, 160000.0, Some(240000.0))
    );
    assert_eq!(f.text, "160,000 and 240,000");
    let f = one("15–20% of firms");
    assert_eq!(
        (f.kind.clone(), f.value, f.hi),
        (Kind::Percent { points: false }, 15.0, Some(20.0))
    );
    assert_eq!(f.text, "15–20%");
    let f = one("between 15 and 20 percent");
    assert_eq!(f.kind, Kind::Percent { points: false });
    let f = one("$1–2 million");
    assert_eq!((f.value, f.hi), (1e6, Some(2e6)));
    assert_eq!(
        f.kind,
        Kind::Money {
            currency: "USD".into()
        }
    );
    let f = one("15 to 20 percent");
    assert_eq!((f.value, f.hi), (15.0, Some(20.0)));
    // from … to: two figures, both with their units.
    let f = extract("from 2.4 °C to 0.7 °C");
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].text, "2.4 °C");
    assert_eq!(f[1].text, "0.7 °C");
    assert_eq!(f[1].kind, Kind::Quantity { unit: "°c".into() });
}

#[test]
fn ranges_same_only_as_ranges() {
    assert!(same_s("15–20%", "between 15% and 20%"));
    assert!(!same_s("17%", "15–20%"));
    assert!(!same_s("15–20%", "17%"));
    assert!(!same_s("15–25%", "15–20%"));
    assert!(same_s("between 160,000 and 240,000", "160,000-240,000"));
}

// -- counts ------------------------------------------------------------------------------

#[test]
fn counts() {
    assert_eq!(texts("15 of 29 studies"), ["15", "29"]);
    assert_eq!(texts("526 processors in three stages"), ["526", "three"]);
    let f = one("a four-layer network");
    assert_eq!(
        (f.kind.clone(), f.value, f.text.as_str()),
        (Kind::Count, 4.0, "four-layer")
    );
    assert!(!same_s("a four-layer network", "a three-layer network"));
    assert!(!same_s("61,000", "81,000"));
}

#[test]
fn one_as_pronoun_is_not_a_count() {
    assert!(extract("one of the authors").is_empty());
    assert!(extract("no one agreed").is_empty());
    assert!(extract("they cite one another").is_empty());
}

// -- what is not a figure ------------------------------------------------------------------

#[test]
fn references_are_not_figures() {
    for s in [
        "as shown in Section 2 and Figure 3.",
        "see Table 1 and Figures 3 and 4",
        "see figure 3, table 2",
        "(see p. 33)",
        "on pp. 33-35",
        "in Chapter 5",
        "as § 4 says",
        "Eq. 7 gives",
    ] {
        assert!(extract(s).is_empty(), "{s}: {:?}", texts(s));
    }
}

#[test]
fn citations_are_not_figures() {
    for s in [
        "as argued (Zhou, 2008).",
        "as argued (Zhou 2008; Li and Wang, 2010).",
        "as argued (e.g., World Bank, 2010).",
        "Zhou (2008) argued",
        "Zhou et al. (2008) argued",
        "Zhou (2008a, p. 33) argued",
        "as argued by Zhou 2008a.",
        "as argued [@zhou2008].",
        "as argued [@zhou2008, p. 33].",
        "as argued [12].",
        "as argued [3, 4].",
        "as argued [1–3].",
        "as argued.[^1]",
        "as argued.^2^",
        "see https://example.org/2008/report-2010.html",
        "doi:10.1000/182",
    ] {
        assert!(extract(s).is_empty(), "{s}: {:?}", texts(s));
    }
    // Years in parentheses that are not citations stay.
    assert_eq!(texts("the reform (in 2008) helped"), ["2008"]);
    assert_eq!(texts("the reform (May 2009) helped"), ["May 2009"]);
    assert_eq!(texts("the reform (2008–2010) helped"), ["2008–2010"]);
}

#[test]
fn list_markers_and_names_are_not_figures() {
    assert!(extract("1. Introduction\n2) Methods").is_empty());
    assert!(extract("we (1) read and (2) coded").is_empty());
    assert!(extract("the DeepComp 6800 machine").is_empty());
    assert!(extract("runs Windows 10 now").is_empty());
    assert!(extract("the H1N1 and COVID-19 and Covid-19 outbreaks").is_empty());
    assert!(extract("in 3D with version 1.2.3").is_empty());
    assert!(extract("a value of 1e999").is_empty());
    assert!(extract("at 10:30 it began").is_empty());
    assert!(extract("significant (p < 0.05)").is_empty());
    // A capitalised word that starts a sentence does not make a name.
    assert_eq!(texts("Over 60% agreed. In 2008 it fell."), ["60%", "2008"]);
}

// -- approximation ---------------------------------------------------------------------------

#[test]
fn approximation_marks() {
    for (s, a) in [
        ("about 60%", Approx::About),
        ("around 60%", Approx::About),
        ("roughly 60%", Approx::About),
        ("approximately 60%", Approx::About),
        ("some 60%", Approx::About),
        ("~60%", Approx::About),
        ("nearly 60%", Approx::AtMost),
        ("almost 60%", Approx::AtMost),
        ("less than 60%", Approx::AtMost),
        ("up to 60%", Approx::AtMost),
        ("over 60%", Approx::AtLeast),
        ("more than 60%", Approx::AtLeast),
        ("at least 60%", Approx::AtLeast),
    ] {
        let f = one(s);
        assert_eq!(f.approx, a, "{s}");
        assert_eq!(f.text, "60%", "{s}");
    }
}

#[test]
fn tolerances() {
    assert!(same_s("7.7", "7.70"));
    assert!(same_s("7.7", "7.66"));
    assert!(same_s("1.4 billion", "1,400 million"));
    assert!(same_s("1.4 billion", "1.43 billion"));
    assert!(same_s("about 60%", "60%"));
    assert!(same_s("about 40%", "40.3%"));
    assert!(same_s("40.3%", "about 40%"));
    assert!(!same_s("40%", "40.3%"));
    assert!(!same_s("2 million", "2.4 million"));
    assert!(!same_s("about 40%", "48%"));
    assert!(same_s("more than 60%", "62.5%"));
    assert!(!same_s("more than 60%", "55%"));
    assert!(same_s("nearly 40%", "39.2%"));
    assert!(!same_s("nearly 40%", "45%"));
    assert!(!same_s("8.7%", "18.7%"));
    assert!(same_s("two-fifths", "40%"));
    assert!(same_s("half", "50%"));
    assert!(same_s("50%", "half"));
    assert!(same_s("a third of", "33%"));
    assert!(!same_s("half", "40%"));
}

#[test]
fn comparable_kinds() {
    let year = one("in 1995");
    let pct = one("88%");
    let count = one("526 processors");
    let decade = one("the 1990s");
    assert!(!comparable(&year, &pct));
    assert!(!comparable(&year, &count));
    assert!(comparable(&year, &decade));
    assert!(comparable(&pct, &one("half")));
    assert!(!comparable(&one("4th"), &one("four times")));
    assert!(!same(&year, &pct));
}

// -- the caller's loop, robustness ----------------------------------------------------------------

#[test]
fn caller_finds_the_original_value() {
    let claim = "Exports rose by 68% in 1995, ranking 4th (Zhou, 2008).";
    let source = "Exports grew 88% in 1995 and the country ranked fourteenth.";
    let (cf, sf) = (extract(claim), extract(source));
    let mut msgs = Vec::new();
    for f in &cf {
        if !sf.iter().any(|g| same(f, g)) {
            if let Some(g) = sf
                .iter()
                .find(|g| comparable(f, g) && !cf.iter().any(|h| same(h, g)))
            {
                msgs.push(format!(
                    "the source says {}, the draft says {}",
                    g.text, f.text
                ));
            }
        }
    }
    assert_eq!(
        msgs,
        [
            "the source says 88%, the draft says 68%",
            "the source says fourteenth, the draft says 4th"
        ]
    );
}

#[test]
fn ranges_match_text_in_a_long_paragraph() {
    let para = "Between 2009 and 2013, output in the region grew by about 40%, \
        from 56.5 billion yen to US$1.2 million per plant (Zhou, 2008). By the mid-1990s \
        the sector employed 61,000 people, a third of them in three stages of assembly; \
        the four-layer design ranked 14th, and costs fell twofold to €19, or 15–20% of \
        the 1980s level. In May 2009, some 1.4 billion dollars (see Table 2) went to \
        526 processors at 2.4 °C, twice the 88 per cent share reported for the early 2000s \
        and the beginning of the twenty-first century. 日本の 2010 年 🎉 ½ was the top three. ";
    let long = para.repeat(50);
    let figs = extract(&long);
    assert!(figs.len() > 50 * 20, "{}", figs.len());
    for f in &figs {
        assert_eq!(&long[f.range.clone()], f.text, "{f:?}");
    }
    let first: Vec<_> = extract(para).into_iter().map(|f| f.text).collect();
    assert_eq!(
        first,
        [
            "2009 and 2013",
            "40%",
            "56.5 billion yen",
            "US$1.2 million",
            "the mid-1990s",
            "61,000",
            "a third",
            "three",
            "four-layer",
            "14th",
            "twofold",
            "€19",
            "15–20%",
            "the 1980s",
            "May 2009",
            "1.4 billion dollars",
            "526",
            "2.4 °C",
            "twice",
            "88 per cent",
            "the early 2000s",
            "the beginning of the twenty-first century",
            "2010",
            "top three",
        ]
    );
}

#[test]
fn never_panics() {
    let long_digits = "9".repeat(5000);
    let many = "1,000.5 ".repeat(2000);
    let inputs = [
        "",
        " ",
        "%",
        "-",
        "$",
        "the",
        "between",
        "top",
        "a",
        "half-",
        "1e999",
        "1.7976931348623157e309",
        long_digits.as_str(),
        many.as_str(),
        "日本語のテキスト、２０１０年に。",
        "🎉🎉 12 🎉 %",
        "¥",
        "US$",
        "[",
        "[@",
        "(",
        "((((2008",
        "2008)",
        "May",
        "15 May",
        "the turn of the",
        "the early",
        "twenty-",
        "one and a",
        "1/",
        "/3",
        "1..2",
        "1.2.",
        "1,",
        "1,00",
        "-1",
        "−",
        "’90",
        "'90s",
        "1990’",
        "the beginning of the",
        "between 1 and",
        "15–",
        "http://",
    ];
    for s in inputs {
        for f in extract(s) {
            assert_eq!(&s[f.range.clone()], f.text);
            assert!(f.value.is_finite());
        }
    }
    assert!(extract(&long_digits).is_empty());
}

#[test]
fn linear_on_a_huge_line() {
    let line = "between 1 and 2 and the top 3 of [1, 2, 3 and (Zhou, 2008; ".repeat(20_000);
    let t = std::time::Instant::now();
    let figs = extract(&line);
    assert!(!figs.is_empty());
    assert!(t.elapsed().as_secs() < 10);
}

#[test]
fn regressions_from_realistic_sentences() {
    // A fraction and a count joined by `to` are not a range.
    assert_eq!(
        texts("sales fell by half to 2.3 million units"),
        ["half", "2.3 million"]
    );
    // Fiscal and academic years.
    let f = one("in fiscal 2009/10 sales fell");
    assert_eq!(
        (f.kind.clone(), f.value, f.hi),
        (Kind::Year, 2009.0, Some(2010.0))
    );
    assert_eq!(one("in 1999/2000 sales fell").hi, Some(2000.0));
    // A round number after `and` before a plural noun is a count.
    assert_eq!(one("and 2000 engineers").kind, Kind::Count);
    let f = one("a 12.5-percentage-point drop");
    assert_eq!(
        (f.kind.clone(), f.text.as_str()),
        (Kind::Percent { points: true }, "12.5-percentage-point")
    );
    assert_eq!(
        one("a 5-percent rise").kind,
        Kind::Percent { points: false }
    );
    // `one` alone is not a figure; `one` with a scale or unit is.
    assert!(extract("One study found it.").is_empty());
    assert_eq!(
        one("one year later").kind,
        Kind::Quantity {
            unit: "year".into()
        }
    );
    assert_eq!(texts("in Q3 2015 it rose"), ["2015"]);
    let f = one("worth RMB3 billion");
    assert_eq!(
        (f.kind.clone(), f.value),
        (
            Kind::Money {
                currency: "CNY".into()
            },
            3e9
        )
    );
    assert_eq!(f.text, "RMB3 billion");
    assert_eq!(
        one("at 2.5 GHz").kind,
        Kind::Quantity { unit: "ghz".into() }
    );
}

// -- formats that state the same figure ----------------------------------------

#[test]
fn dots_as_thousands_separators_are_the_same_number() {
    // `10.000` may be ten thousand written with a dot as the separator.
    assert!(same_s("some 10,000 firms", "some 10.000 firms"));
    assert!(same_s("some 10.000 firms", "some 10,000 firms"));
    assert_eq!(one("1.234.567 people").value, 1_234_567.0);
    assert!(same_s("1,234,567 people", "1.234.567 people"));
    // Still a decimal where that reading fits, and never another number.
    assert!(same_s("an index of 10.000", "an index of 10"));
    assert!(!same_s("some 12,000 firms", "some 10.000 firms"));
    assert!(!same_s("some 10,000 firms", "an index of 10.5"));
    // Not with a scale word: 13.965 billion is no thirteen thousand billion.
    assert!(!same_s("13,965 billion dollars", "13.965 billion dollars"));
    // Identifiers stay no figures.
    assert!(extract("version 1.2.3 and 192.168.0.1").is_empty());
}

#[test]
fn a_metric_prefix_apart_from_its_unit_is_the_same_unit() {
    let f = one("a peak performance of 22 T Flops.");
    assert_eq!(
        f.kind,
        Kind::Quantity {
            unit: "tflops".into()
        }
    );
    assert_eq!(f.text, "22 T Flops");
    assert!(same_s("22 TFlops", "22 T Flops"));
    assert!(same_s("22 teraflops", "22 T Flops"));
    assert!(!same_s("12 TFlops", "22 T Flops"));
    // A capital letter that is no prefix stays no unit.
    assert_eq!(one("scored 22 X Flops").kind, Kind::Count);
}

#[test]
fn arc_minutes_and_seconds_are_angles() {
    let f = one("at a resolution of 10 arc minutes");
    assert_eq!(
        f.kind,
        Kind::Quantity {
            unit: "arcminute".into()
        }
    );
    assert!(!same_s("10 arc seconds", "10 arc minutes"));
    assert!(same_s("600 arc-seconds", "10 arc minutes"));
    assert!(comparable(&one("10 arc seconds"), &one("10 arc minutes")));
}

#[test]
fn half_a_dozen_is_six() {
    let f = one("from half a dozen monitoring programmes");
    assert_eq!((f.kind.clone(), f.value), (Kind::Count, 6.0));
    assert!(same_s("half a dozen sources", "six data sources"));
}

#[test]
fn number_words_inside_hyphenated_compounds_are_no_figures() {
    assert!(extract("by leave-one-out cross-validation").is_empty());
    // A compound that starts with the number is still one.
    assert_eq!(texts("a four-layer structure"), vec!["four-layer"]);
}

#[test]
fn a_count_in_brackets_is_a_figure_and_an_enumeration_is_not() {
    assert_eq!(
        texts("a reduced number of dimensions (7) was sufficient"),
        vec!["7"]
    );
    assert!(extract("we (1) sampled and (2) counted").is_empty());
    assert!(extract("as in Equation (7) above").is_empty());
    assert!(extract("(3) the last step, after (2)").is_empty());
}

#[test]
fn the_value_before_a_spread_takes_its_unit() {
    let f = extract("a mean ± SD of 52.56 ± 76.58 g");
    assert_eq!(f[0].kind, Kind::Quantity { unit: "g".into() });
    assert!(same(&one("a mean of 52.56 g"), &f[0]));
}
