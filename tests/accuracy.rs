//! Accuracy regression on the labelled dev drafts, scored by the project's
//! judge (`../shared/bench/score.py`) with bars a little under what gloss
//! reaches (see BENCHMARKS.md). Skipped without `../shared`; mandatory in CI.

mod common;
use common::*;

#[test]
fn dev_set_accuracy_does_not_regress() {
    let Some(shared) = shared() else { return };
    let o = std::process::Command::new("python3")
        .env("GLOSS_CACHE_DIR", common::test_cache_dir())
        .arg(shared.join("bench/score.py"))
        .args(["--bin", env!("CARGO_BIN_EXE_gloss")])
        .arg("--corpus")
        .arg(shared.join("corpus"))
        .arg("--drafts")
        .arg(shared.join("bench/dev"))
        .args([
            "--min",
            "mis_recall_close=0.95",
            "--min",
            "top1_close=0.95",
            "--min",
            "mis_recall_paraphrase=0.74",
            "--min",
            "top1_paraphrase=0.66",
            "--max",
            "hard_false_alarm_close=0.03",
            "--max",
            "hard_false_alarm_paraphrase=0.03",
            "--max",
            "hard_false_alarm_gist=0.06",
            "--max",
            "false_alarm_paraphrase=0.12",
            "--min",
            "figure_recall=0.9",
            "--min",
            "unsupported_recall=0.35",
            "--min",
            "secondary_suggests_source=0.8",
            "--max",
            "stray_diagnostics=0",
        ])
        .output()
        .expect("python3 runs the scorer");
    let out = stdout(&o);
    println!("{out}");
    assert_eq!(o.status.code(), Some(0), "{out}\n{}", stderr(&o));
}
