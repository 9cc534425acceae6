//! Where a build's time goes, printed by `sitegen build --timings` so the next slowdown shows at
//! once. Stages that run one after the other are timed on the wall clock; the work inside the
//! parallel write stage (minify, compress, file system) is summed over the threads that did it.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Default, Debug)]
pub struct Timings {
    /// (stage, wall time), in the order they ran.
    pub stages: Vec<(&'static str, Duration)>,
    /// Thread time inside the write stage, nanoseconds.
    pub minify: Work,
    pub compress: Work,
    pub files: Work,
    /// Copies written, and how many of them came from the cache.
    pub copies: AtomicUsize,
    pub copies_cached: AtomicUsize,
    pub threads: usize,
}

/// Thread time of one kind of work, summed over threads.
#[derive(Default, Debug)]
pub struct Work(AtomicU64);

impl Work {
    /// Runs `f`, adding its time.
    pub fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let r = f();
        self.0
            .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        r
    }

    pub fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

impl Timings {
    /// Runs one sequential stage, recording its wall time.
    pub fn stage<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let r = f();
        self.stages.push((name, t.elapsed()));
        r
    }

    /// The table `--timings` prints.
    pub fn report(&self) -> String {
        let ms = |d: Duration| format!("{:>8.1} ms", d.as_secs_f64() * 1000.0);
        let mut s = format!("timings ({} threads):\n", self.threads);
        for (name, d) in &self.stages {
            let _ = writeln!(s, "  {name:<9}{}", ms(*d));
        }
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        let _ = writeln!(s, "  {:<9}{}", "total", ms(total));
        let _ = writeln!(s, "  inside write, thread time summed over threads:");
        let _ = writeln!(s, "    minify   {}", ms(self.minify.total()));
        let (n, cached) = (
            self.copies.load(Ordering::Relaxed),
            self.copies_cached.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            s,
            "    compress {}  ({n} copies, {cached} from the cache)",
            ms(self.compress.total())
        );
        let _ = writeln!(
            s,
            "    files    {}  (create and write)",
            ms(self.files.total())
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_every_stage_and_sums_them() {
        let mut t = Timings {
            threads: 2,
            ..Default::default()
        };
        t.stages.push(("load", Duration::from_millis(3)));
        t.stages.push(("render", Duration::from_millis(7)));
        t.minify
            .time(|| std::thread::sleep(Duration::from_millis(2)));
        let r = t.report();
        assert!(r.starts_with("timings (2 threads):\n"), "{r}");
        assert!(r.contains("  load          3.0 ms\n"), "{r}");
        assert!(r.contains("  total        10.0 ms\n"), "{r}");
        assert!(t.minify.total() >= Duration::from_millis(2));
    }
}
