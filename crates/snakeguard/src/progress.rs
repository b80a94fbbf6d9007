//! A progress bar on stderr for scans that take more than about a second, only on a terminal:
//! never in CI logs, never when stderr is piped, never with `--no-progress` or `-q`.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress {
    /// A bar for `total` steps, or a silent one when a bar is not wanted here.
    pub fn new(total: u64, message: &str, wanted: bool) -> Self {
        let on_terminal = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = (wanted && on_terminal && total > 0).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(message.to_string());
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    pub fn set_position(&self, position: usize) {
        if let Some(bar) = &self.bar {
            if bar.is_hidden() && self.started.elapsed() >= SHOW_AFTER {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            bar.set_position(position as u64);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
