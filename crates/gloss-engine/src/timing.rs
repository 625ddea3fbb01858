//! Phase timings for benchmarks: with `GLOSS_TIMINGS=1` in the environment,
//! each timed phase prints its wall time to stderr. Costs nothing otherwise.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("GLOSS_TIMINGS").is_some_and(|v| v != "0"))
}

/// Run `f`, printing `gloss: <name> <ms> ms` to stderr when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let t = Instant::now();
    let out = f();
    eprintln!("gloss: {name} {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    out
}
