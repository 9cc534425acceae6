//! `sitegen reprice FILE`: a usage log re-priced on the command line, for logs too big for a
//! browser. The records are read and priced by the calculator's own code (through
//! `calculator_glue`), so the figures are the page's; a gzip file is decompressed on the way.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::{calculator_glue, load, pricebook};

/// The report for the log at `file`, priced with the data of `root`, and whether the file was
/// refused (not a usage log); `model` (a model id of the data) prices records that name none,
/// the default scenario's model when `None`.
pub fn run(
    root: &Path,
    file: &Path,
    model: Option<&str>,
) -> Result<(String, bool), Vec<Diagnostic>> {
    let inputs = load::load(root)?;
    let book = pricebook::build(&inputs);
    let default = inputs
        .scenarios
        .iter()
        .find(|s| &*s.id == "default")
        .map(|s| s.inputs.model.clone())
        .unwrap_or_default();
    let model = model.unwrap_or(&default);
    if book.model(model).is_none() {
        return Err(vec![Diagnostic::file(
            file.display().to_string(),
            format!("--model {model:?} is not a model of the price data"),
        )]);
    }
    let name = file.display().to_string();
    let open = |e: std::io::Error| vec![Diagnostic::file(&name, format!("cannot read: {e}"))];
    let mut f = BufReader::with_capacity(1 << 20, File::open(file).map_err(open)?);
    let mut magic = [0u8; 2];
    let gz = f.read(&mut magic).map_err(open)? == 2 && magic == [0x1f, 0x8b];
    let f = File::open(file).map_err(open)?;
    let started = Instant::now();
    let mut shown = Instant::now();
    // Long reads say how far they are (on standard error, so the report stays clean).
    let mut progress = |read: u64| {
        if shown.elapsed() > Duration::from_secs(2) {
            shown = Instant::now();
            eprintln!(
                "read {} MB{} in {:.0} s",
                read >> 20,
                if gz { " (decompressed)" } else { "" },
                started.elapsed().as_secs_f64()
            );
        }
    };
    let text = if gz {
        let d = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 20, f));
        calculator_glue::reprice_text(&book, d, model, &mut progress)
    } else {
        calculator_glue::reprice_text(&book, f, model, &mut progress)
    };
    text.map_err(open)
}
