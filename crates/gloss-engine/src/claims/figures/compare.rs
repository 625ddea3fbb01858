//! Comparing figures: whether two measure the same sort of thing and
//! whether they state the same value, within the tolerances of the module
//! documentation.

use super::lexicon::unit_info;
use super::{Approx, Figure, Kind};

/// Do two figures measure the same sort of thing, so that one could be a
/// misquote of the other? Counts with counts, percentages with percentages
/// and fractions, years with years, decades and centuries, money with money
/// (any currency), quantities with quantities of the same unit family
/// (length, mass, time, temperature…), ordinals with ordinals, multipliers
/// with multipliers.
pub fn comparable(a: &Figure, b: &Figure) -> bool {
    use Kind::*;
    match (&a.kind, &b.kind) {
        (Count, Count) | (Ordinal, Ordinal) | (Multiplier, Multiplier) => true,
        (Percent { .. } | Fraction, Percent { .. } | Fraction) => true,
        (Year | Decade(_) | Era(_), Year | Decade(_) | Era(_)) => true,
        (Money { .. }, Money { .. }) => true,
        (Quantity { unit: u }, Quantity { unit: v }) => match (unit_info(u), unit_info(v)) {
            (Some(x), Some(y)) => x.family == y.family,
            _ => u == v,
        },
        _ => false,
    }
}

/// Do two figures state the same value (units, scales and spellings aside)?
/// Pass the draft's figure first; see the module documentation for the
/// tolerances, ranges and periods.
pub fn same(a: &Figure, b: &Figure) -> bool {
    same_as_written(a, b)
        || dotted_thousands(a).is_some_and(|a| same_as_written(&a, b))
        || dotted_thousands(b).is_some_and(|b| same_as_written(a, &b))
}

/// `10.000` read as ten thousand (a dot as the thousands separator, as
/// much of Europe writes it): a number with exactly three decimals after
/// one to three digits, no scale word.
fn dotted_thousands(f: &Figure) -> Option<Figure> {
    let digits = f.text.trim_start_matches(|c: char| !c.is_ascii_digit());
    let lead = digits.chars().take_while(char::is_ascii_digit).count();
    let rest = &digits[lead..];
    let three =
        rest.starts_with('.') && rest[1..].chars().take_while(char::is_ascii_digit).count() == 3;
    if f.decimals != 3 || f.scale != 1.0 || f.hi.is_some() || !(1..=3).contains(&lead) || !three {
        return None;
    }
    let mut g = f.clone();
    g.value *= 1000.0;
    g.decimals = 0;
    Some(g)
}

fn same_as_written(a: &Figure, b: &Figure) -> bool {
    use Kind::*;
    if !comparable(a, b) {
        return false;
    }
    match (&a.kind, &b.kind) {
        (Year | Decade(_) | Era(_), _) => same_time(a, b),
        (Percent { points: p }, Percent { points: q }) => p == q && same_num(a, 1.0, b, 1.0),
        (Percent { .. }, Fraction) => same_num(a, 1.0, b, 100.0),
        (Fraction, Percent { .. }) => same_num(a, 100.0, b, 1.0),
        (Money { currency: c }, Money { currency: d }) => {
            same_currency(c, d) && same_num(a, 1.0, b, 1.0)
        }
        (Quantity { unit: u }, Quantity { unit: v }) => match (unit_info(u), unit_info(v)) {
            (Some(x), Some(y)) if x.factor > 0.0 && y.factor > 0.0 => {
                same_num(a, x.factor, b, y.factor)
            }
            (Some(x), Some(y)) => x.canon == y.canon && same_num(a, 1.0, b, 1.0),
            _ => same_num(a, 1.0, b, 1.0),
        },
        _ => same_num(a, 1.0, b, 1.0),
    }
}

fn same_currency(a: &str, b: &str) -> bool {
    a == b || (a == "¥" && matches!(b, "JPY" | "CNY")) || (b == "¥" && matches!(a, "JPY" | "CNY"))
}

/// Compare values (and range ends) after multiplying each figure by its factor.
fn same_num(a: &Figure, fa: f64, b: &Figure, fb: f64) -> bool {
    let (sa, sb) = (a.step() * fa, b.step() * fb);
    match (a.hi, b.hi) {
        (None, None) => close(a, a.value * fa, sa, b, b.value * fb, sb),
        (Some(x), Some(y)) => {
            close(a, a.value * fa, sa, b, b.value * fb, sb) && close(a, x * fa, sa, b, y * fb, sb)
        }
        _ => false,
    }
}

fn close(a: &Figure, av: f64, astep: f64, b: &Figure, bv: f64, bstep: f64) -> bool {
    let mag = av.abs().max(bv.abs());
    let eps = 1e-9 * mag.max(1.0);
    let d = (av - bv).abs();
    if d <= eps {
        return true;
    }
    // A figure written with decimals may round a more precise one.
    let (ls, ldec) = if astep >= bstep {
        (astep, a.decimals)
    } else {
        (bstep, b.decimals)
    };
    if ldec > 0 && d <= ls / 2.0 + eps {
        return true;
    }
    let (mark, x, xs, y) = if a.approx != Approx::Exact {
        (a.approx, av, astep, bv)
    } else if b.approx != Approx::Exact {
        (b.approx, bv, bstep, av)
    } else {
        return false;
    };
    let tol = (xs / 2.0).max(0.05 * mag) + eps;
    match mark {
        Approx::About => d <= tol,
        Approx::AtLeast => y >= x - tol && y <= x + 0.25 * x.abs() + tol,
        Approx::AtMost => y <= x + tol && y >= x - 0.2 * x.abs() - tol,
        Approx::Exact => false,
    }
}

/// Years, year ranges, decades and centuries.
fn same_time(a: &Figure, b: &Figure) -> bool {
    if a.kind == Kind::Year && b.kind == Kind::Year {
        return match (a.hi, b.hi) {
            (None, None) => {
                let slack = if a.approx == Approx::About || b.approx == Approx::About {
                    2.0
                } else {
                    0.0
                };
                (a.value - b.value).abs() <= slack + 1e-9
                    && (a.month.is_none() || b.month.is_none() || a.month == b.month)
            }
            (Some(x), Some(y)) => a.value == b.value && x == y,
            _ => false,
        };
    }
    let span = |f: &Figure| (f.value, f.hi.unwrap_or(f.value) + 1.0);
    let ((alo, ahi), (blo, bhi)) = (span(a), span(b));
    let overlap = ahi.min(bhi) - alo.max(blo);
    let shorter = (ahi - alo).min(bhi - blo);
    overlap >= shorter.min(1.5) - 1e-9
}
