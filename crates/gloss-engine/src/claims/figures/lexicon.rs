//! Word tables for reading figures: number words, ordinals, scales,
//! fractions, months, currencies, units and their conversions, and the
//! context words that make a number a year, a reference or a pronoun.

pub(super) const ONES: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];

pub(super) const TENS: &[(&str, f64)] = &[
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

pub(super) const ORD_ONES: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
];

pub(super) const ORD_TENS: &[(&str, f64)] = &[
    ("twentieth", 20.0),
    ("thirtieth", 30.0),
    ("fortieth", 40.0),
    ("fiftieth", 50.0),
    ("sixtieth", 60.0),
    ("seventieth", 70.0),
    ("eightieth", 80.0),
    ("ninetieth", 90.0),
    ("hundredth", 100.0),
    ("thousandth", 1000.0),
];

pub(super) const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

pub(super) const DENOMS: &[(&str, f64, bool)] = &[
    ("half", 2.0, false),
    ("halves", 2.0, true),
    ("third", 3.0, false),
    ("thirds", 3.0, true),
    ("quarter", 4.0, false),
    ("quarters", 4.0, true),
    ("fourth", 4.0, false),
    ("fourths", 4.0, true),
    ("fifth", 5.0, false),
    ("fifths", 5.0, true),
    ("sixth", 6.0, false),
    ("sixths", 6.0, true),
    ("seventh", 7.0, false),
    ("sevenths", 7.0, true),
    ("eighth", 8.0, false),
    ("eighths", 8.0, true),
    ("ninth", 9.0, false),
    ("ninths", 9.0, true),
    ("tenth", 10.0, false),
    ("tenths", 10.0, true),
    ("hundredth", 100.0, false),
    ("hundredths", 100.0, true),
];

/// Currency codes read before or after a number, as written (upper case).
pub(super) const CODES: &[(&str, &str)] = &[
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("CHF", "CHF"),
    ("AUD", "AUD"),
    ("CAD", "CAD"),
    ("HKD", "HKD"),
    ("NZD", "NZD"),
    ("SGD", "SGD"),
    ("INR", "INR"),
    ("KRW", "KRW"),
    ("BRL", "BRL"),
    ("RUB", "RUB"),
    ("ZAR", "ZAR"),
    ("MXN", "MXN"),
    ("TWD", "TWD"),
    ("NTD", "TWD"),
    ("THB", "THB"),
    ("IDR", "IDR"),
    ("PLN", "PLN"),
    ("CZK", "CZK"),
    ("HUF", "HUF"),
    ("ILS", "ILS"),
];

/// Currency names read after a number (lowercase).
pub(super) const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("sterling", "GBP"),
    ("krona", "SEK"),
    ("kronor", "SEK"),
    ("kroner", "NOK"),
    ("rupee", "INR"),
    ("rupees", "INR"),
    ("franc", "CHF"),
    ("francs", "CHF"),
    ("ruble", "RUB"),
    ("rubles", "RUB"),
    ("rouble", "RUB"),
    ("roubles", "RUB"),
];

pub(super) struct UnitInfo {
    /// Canonical spelling for units that cannot be converted.
    pub(super) canon: &'static str,
    pub(super) family: &'static str,
    /// To the family's base unit; 0 for temperatures (compared as written).
    pub(super) factor: f64,
}

/// (spelling as written, singular, canonical, family, factor)
const UNITS: &[(&str, &str, &str, &str, f64)] = &[
    ("km", "km", "m", "length", 1000.0),
    ("kilometre", "kilometre", "m", "length", 1000.0),
    ("kilometres", "kilometre", "m", "length", 1000.0),
    ("kilometer", "kilometer", "m", "length", 1000.0),
    ("kilometers", "kilometer", "m", "length", 1000.0),
    ("m", "m", "m", "length", 1.0),
    ("metre", "metre", "m", "length", 1.0),
    ("metres", "metre", "m", "length", 1.0),
    ("meter", "meter", "m", "length", 1.0),
    ("meters", "meter", "m", "length", 1.0),
    ("cm", "cm", "m", "length", 0.01),
    ("centimetre", "centimetre", "m", "length", 0.01),
    ("centimetres", "centimetre", "m", "length", 0.01),
    ("mm", "mm", "m", "length", 0.001),
    ("millimetre", "millimetre", "m", "length", 0.001),
    ("millimetres", "millimetre", "m", "length", 0.001),
    ("mile", "mile", "m", "length", 1609.344),
    ("miles", "mile", "m", "length", 1609.344),
    ("ft", "ft", "m", "length", 0.3048),
    ("foot", "foot", "m", "length", 0.3048),
    ("feet", "foot", "m", "length", 0.3048),
    ("inch", "inch", "m", "length", 0.0254),
    ("inches", "inch", "m", "length", 0.0254),
    ("kg", "kg", "kg", "mass", 1.0),
    ("kilogram", "kilogram", "kg", "mass", 1.0),
    ("kilograms", "kilogram", "kg", "mass", 1.0),
    ("g", "g", "kg", "mass", 0.001),
    ("gram", "gram", "kg", "mass", 0.001),
    ("grams", "gram", "kg", "mass", 0.001),
    ("mg", "mg", "kg", "mass", 1e-6),
    ("tonne", "tonne", "kg", "mass", 1000.0),
    ("tonnes", "tonne", "kg", "mass", 1000.0),
    ("ton", "ton", "kg", "mass", 1000.0),
    ("tons", "ton", "kg", "mass", 1000.0),
    ("lb", "lb", "kg", "mass", 0.453_592_37),
    ("lbs", "lb", "kg", "mass", 0.453_592_37),
    ("pound", "pound", "kg", "mass", 0.453_592_37),
    ("pounds", "pound", "kg", "mass", 0.453_592_37),
    ("litre", "litre", "l", "volume", 1.0),
    ("litres", "litre", "l", "volume", 1.0),
    ("liter", "liter", "l", "volume", 1.0),
    ("liters", "liter", "l", "volume", 1.0),
    ("ml", "ml", "l", "volume", 0.001),
    ("gallon", "gallon", "l", "volume", 3.785_411_784),
    ("gallons", "gallon", "l", "volume", 3.785_411_784),
    ("hectare", "hectare", "m2", "area", 1e4),
    ("hectares", "hectare", "m2", "area", 1e4),
    ("ha", "ha", "m2", "area", 1e4),
    ("acre", "acre", "m2", "area", 4_046.856_422_4),
    ("acres", "acre", "m2", "area", 4_046.856_422_4),
    ("year", "year", "day", "time", 365.25),
    ("years", "year", "day", "time", 365.25),
    ("yr", "yr", "day", "time", 365.25),
    ("yrs", "yr", "day", "time", 365.25),
    ("decade", "decade", "day", "time", 3652.5),
    ("decades", "decade", "day", "time", 3652.5),
    ("month", "month", "day", "time", 30.4375),
    ("months", "month", "day", "time", 30.4375),
    ("week", "week", "day", "time", 7.0),
    ("weeks", "week", "day", "time", 7.0),
    ("day", "day", "day", "time", 1.0),
    ("days", "day", "day", "time", 1.0),
    ("hour", "hour", "day", "time", 1.0 / 24.0),
    ("hours", "hour", "day", "time", 1.0 / 24.0),
    ("h", "h", "day", "time", 1.0 / 24.0),
    ("hr", "hr", "day", "time", 1.0 / 24.0),
    ("hrs", "hr", "day", "time", 1.0 / 24.0),
    ("minute", "minute", "day", "time", 1.0 / 1440.0),
    ("minutes", "minute", "day", "time", 1.0 / 1440.0),
    ("min", "min", "day", "time", 1.0 / 1440.0),
    ("seconds", "second", "day", "time", 1.0 / 86400.0),
    ("°c", "°c", "°c", "temperature", 0.0),
    ("°f", "°f", "°f", "temperature", 0.0),
    ("degree", "degree", "degree", "degree", 1.0),
    ("degrees", "degree", "degree", "degree", 1.0),
    ("arcminute", "arcminute", "degree", "degree", 1.0 / 60.0),
    ("arcminutes", "arcminute", "degree", "degree", 1.0 / 60.0),
    ("arcmin", "arcminute", "degree", "degree", 1.0 / 60.0),
    ("arcsecond", "arcsecond", "degree", "degree", 1.0 / 3600.0),
    ("arcseconds", "arcsecond", "degree", "degree", 1.0 / 3600.0),
    ("arcsec", "arcsecond", "degree", "degree", 1.0 / 3600.0),
    ("db", "db", "db", "sound", 1.0),
    ("decibel", "decibel", "db", "sound", 1.0),
    ("decibels", "decibel", "db", "sound", 1.0),
    ("kwh", "kwh", "kwh", "energy", 1.0),
    ("mwh", "mwh", "kwh", "energy", 1e3),
    ("gwh", "gwh", "kwh", "energy", 1e6),
    ("twh", "twh", "kwh", "energy", 1e9),
    ("w", "w", "w", "power", 1.0),
    ("kw", "kw", "w", "power", 1e3),
    ("mw", "mw", "w", "power", 1e6),
    ("gw", "gw", "w", "power", 1e9),
    ("watt", "watt", "w", "power", 1.0),
    ("watts", "watt", "w", "power", 1.0),
    ("kb", "kb", "byte", "data", 1e3),
    ("mb", "mb", "byte", "data", 1e6),
    ("gb", "gb", "byte", "data", 1e9),
    ("tb", "tb", "byte", "data", 1e12),
    ("flops", "flops", "flops", "compute", 1.0),
    ("mflops", "mflops", "flops", "compute", 1e6),
    ("megaflops", "mflops", "flops", "compute", 1e6),
    ("gflops", "gflops", "flops", "compute", 1e9),
    ("gigaflops", "gflops", "flops", "compute", 1e9),
    ("tflops", "tflops", "flops", "compute", 1e12),
    ("teraflops", "tflops", "flops", "compute", 1e12),
    ("pflops", "pflops", "flops", "compute", 1e15),
    ("petaflops", "pflops", "flops", "compute", 1e15),
    ("mph", "mph", "mph", "speed", 1.0),
    ("hz", "hz", "hz", "frequency", 1.0),
    ("khz", "khz", "hz", "frequency", 1e3),
    ("mhz", "mhz", "hz", "frequency", 1e6),
    ("ghz", "ghz", "hz", "frequency", 1e9),
];

/// A unit spelling (lowercase) → its singular as written.
pub(super) fn unit_word(w: &str) -> Option<&'static str> {
    UNITS.iter().find(|u| u.0 == w).map(|u| u.1)
}

pub(super) fn unit_info(unit: &str) -> Option<UnitInfo> {
    if let Some((a, b)) = unit.split_once('/') {
        // km/h and the like: known only when both parts are.
        let (x, y) = (unit_info(a)?, unit_info(b)?);
        if x.factor == 0.0 || y.factor == 0.0 {
            return None;
        }
        return Some(UnitInfo {
            canon: "",
            family: if x.family == "length" && y.family == "time" {
                "speed"
            } else {
                "ratio"
            },
            factor: x.factor / y.factor,
        });
    }
    UNITS.iter().find(|u| u.1 == unit).map(|u| UnitInfo {
        canon: u.2,
        family: u.3,
        factor: u.4,
    })
}

pub(super) fn lookup(list: &[(&str, f64)], w: &str) -> Option<f64> {
    list.iter().find(|p| p.0 == w).map(|p| p.1)
}

pub(super) fn month(w: &str) -> Option<u8> {
    crate::calendar::month_number(w)
}

/// Words after which a four-digit number is a year.
pub(super) const YEAR_PREPS: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "during", "after", "before", "of", "between",
    "circa", "c", "ca", "around", "year", "early", "late", "mid", "spring", "summer", "autumn",
    "fall", "winter",
];

/// Words ending in `s` that are not plural nouns.
pub(super) const NOT_PLURAL: &[&str] = &[
    "was",
    "is",
    "has",
    "as",
    "this",
    "its",
    "his",
    "thus",
    "across",
    "whereas",
    "always",
    "plus",
    "towards",
    "afterwards",
    "less",
    "unless",
    "does",
    "besides",
    "onwards",
    "yes",
];

/// Words before a number that make it a reference, not a figure.
pub(super) const REFS: &[&str] = &[
    "section",
    "sections",
    "sec",
    "figure",
    "figures",
    "fig",
    "figs",
    "table",
    "tables",
    "tab",
    "chapter",
    "chapters",
    "ch",
    "chap",
    "appendix",
    "eq",
    "eqs",
    "equation",
    "equations",
    "p",
    "pp",
    "page",
    "pages",
    "vol",
    "volume",
    "no",
    "nos",
    "nr",
    "issue",
    "part",
    "article",
    "art",
    "line",
    "lines",
    "footnote",
    "note",
    "notes",
    "ref",
    "refs",
    "item",
    "items",
    "hypothesis",
    "version",
    "v",
    "panel",
    "column",
    "row",
    "box",
    "exhibit",
    "study",
    "experiment",
    "model",
    "para",
    "paragraph",
    "verse",
    "wave",
    "phase",
];

/// Capitalised words that may stand before a figure mid-sentence.
pub(super) const CAPS_OK: &[&str] = &["us", "hk", "nz", "nt", "a", "c", "s", "r", "rs", "top", "i"];

/// Words that make `one` a pronoun.
pub(super) const ONE_PRONOUN_BEFORE: &[&str] = &[
    "no", "any", "every", "each", "the", "this", "that", "which", "some", "someone", "anyone",
];
pub(super) const ONE_PRONOUN_AFTER: &[&str] = &[
    "another", "of", "hand", "way", "such", "who", "which", "that", "must", "can", "could",
    "might", "may", "should", "would", "will", "is", "has", "or", "day",
];

/// Determiners and verbs before an ordinal `second` that is a rank.
pub(super) const SECOND_OK: &[&str] = &[
    "the", "its", "their", "his", "her", "our", "my", "your", "whose", "ranked", "ranks", "rank",
    "placed", "came", "finished", "was", "is", "be", "were", "are", "ranking", "in",
];
