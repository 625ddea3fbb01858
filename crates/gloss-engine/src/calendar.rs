//! The one month table (with the weekdays beside it): every place that
//! reads or writes month names derives its words from here. What each use
//! adds of its own (seasons for front-matter dates, `et` among sentence
//! abbreviations, other non-names) stays with that use.

/// A month of the year.
pub struct Month {
    /// 1 for January … 12 for December.
    pub number: u8,
    /// The English name as written in running text.
    pub name: &'static str,
    /// Standard abbreviations, lowercase and without a dot. The first is
    /// the three-letter form, BibTeX's month macro (`jan` … `dec`); May's
    /// is its name.
    pub abbreviations: &'static [&'static str],
}

/// The twelve months in order.
pub const MONTHS: [Month; 12] = [
    month(1, "January", &["jan"]),
    month(2, "February", &["feb"]),
    month(3, "March", &["mar"]),
    month(4, "April", &["apr"]),
    month(5, "May", &["may"]),
    month(6, "June", &["jun"]),
    month(7, "July", &["jul"]),
    month(8, "August", &["aug"]),
    month(9, "September", &["sep", "sept"]),
    month(10, "October", &["oct"]),
    month(11, "November", &["nov"]),
    month(12, "December", &["dec"]),
];

/// The days of the week, Monday first, as written.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const fn month(number: u8, name: &'static str, abbreviations: &'static [&'static str]) -> Month {
    Month {
        number,
        name,
        abbreviations,
    }
}

/// Whether `lower` is `name` in lowercase (names are ASCII).
fn is_lowercased(name: &str, lower: &str) -> bool {
    name.len() == lower.len()
        && name
            .bytes()
            .zip(lower.bytes())
            .all(|(a, b)| a.to_ascii_lowercase() == b)
}

/// The month a lowercase word names, in full or abbreviated: `january`,
/// `jan`, `sept` → 1, 1, 9. Not `January` (lowercase first).
pub fn month_number(lower: &str) -> Option<u8> {
    MONTHS
        .iter()
        .find(|m| is_lowercased(m.name, lower) || m.abbreviations.contains(&lower))
        .map(|m| m.number)
}

/// Whether a lowercase word is a month's abbreviation that is not also its
/// full name: `jan`, `sept`, but not `may`.
pub fn is_month_abbreviation(lower: &str) -> bool {
    MONTHS
        .iter()
        .any(|m| !is_lowercased(m.name, lower) && m.abbreviations.contains(&lower))
}

/// Whether `w` is a month's name exactly as written: `January`.
pub fn is_month_name(w: &str) -> bool {
    MONTHS.iter().any(|m| m.name == w)
}

/// Whether `w` is a day of the week exactly as written: `Monday`.
pub fn is_weekday(w: &str) -> bool {
    WEEKDAYS.contains(&w)
}

/// Whether a lowercase word is a month's or a weekday's full name:
/// `january`, `monday`.
pub fn is_month_or_weekday_lowercase(lower: &str) -> bool {
    MONTHS.iter().any(|m| is_lowercased(m.name, lower))
        || WEEKDAYS.iter().any(|d| is_lowercased(d, lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_from_full_names_and_abbreviations_in_lowercase() {
        for (i, m) in MONTHS.iter().enumerate() {
            assert_eq!(usize::from(m.number), i + 1);
            assert_eq!(month_number(&m.name.to_lowercase()), Some(m.number));
            for a in m.abbreviations {
                assert_eq!(month_number(a), Some(m.number));
            }
            assert_eq!(m.abbreviations[0].len(), 3);
        }
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("January"), None);
        assert_eq!(month_number("janu"), None);
        assert_eq!(month_number("spring"), None);
    }

    #[test]
    fn abbreviations_leave_out_may_which_is_a_name() {
        let all: Vec<&str> = [
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        ]
        .into_iter()
        .chain(["oct", "nov", "dec"])
        .collect();
        for a in &all {
            assert!(is_month_abbreviation(a), "{a}");
        }
        assert!(!is_month_abbreviation("may"));
        assert!(!is_month_abbreviation("january"));
        assert!(!is_month_abbreviation("Jan"));
    }

    #[test]
    fn names_match_as_written_or_lowercase_as_asked() {
        assert!(is_month_name("September"));
        assert!(!is_month_name("september"));
        assert!(!is_month_name("Sept"));
        assert!(is_weekday("Sunday"));
        assert!(!is_weekday("sunday"));
        assert!(is_month_or_weekday_lowercase("may"));
        assert!(is_month_or_weekday_lowercase("wednesday"));
        assert!(!is_month_or_weekday_lowercase("Wednesday"));
        assert!(!is_month_or_weekday_lowercase("jan"));
    }
}
