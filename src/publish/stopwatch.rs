//! `kadry build --timings`: how long each stage took, and the peak memory.

use std::time::Instant;

/// Prints the time since the last lap (or since it was made) when on.
pub(super) struct Stopwatch {
    on: bool,
    since: Instant,
}

impl Stopwatch {
    pub(super) fn new(on: bool) -> Stopwatch {
        Stopwatch {
            on,
            since: Instant::now(),
        }
    }

    pub(super) fn lap(&mut self, stage: &str) {
        if self.on {
            let peak = peak_memory().map_or(String::new(), |mib| format!(", пик памяти {mib} МиБ"));
            eprintln!(
                "время: {stage} {:.3} с{peak}",
                self.since.elapsed().as_secs_f64()
            );
        }
        self.since = Instant::now();
    }
}

/// The process's peak resident memory so far, in MiB (Linux only).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
