//! The usage-log importer in the browser (`calculator-reprice`), run in a worker by
//! `static/js/reprice-worker.js`: it takes the file in chunks as the worker streams it and
//! renders the report with the generator's code. Nothing here reads a record or computes a
//! cost: that is `calculator::usage` and `calculator::reprice`, which `sitegen reprice` runs
//! natively on the same bytes.

use std::cell::UnsafeCell;

use wasm_bindgen::prelude::*;
// The allocator of both wasm files (its `#[global_allocator]`; nothing else of it is used).
use calculator_heap as _;

use calculator::model::Scenario;
use calculator::prices::PriceBook;
use calculator::reprice::reprice;
use calculator::usage::Reader;
use calculator::widget::reprice::report;

/// The log being read.
struct Importer {
    book: PriceBook,
    model: String,
    reader: Reader,
}

/// The worker's one importer, set by each [`open`]. Free functions over a plain cell rather
/// than an exported class: the class's glue (its borrow checks and their error messages) cost
/// several kilobytes of the 30 KB budget. wasm32-unknown-unknown is single-threaded and the
/// worker handles one message at a time, so no two calls overlap.
///
/// Nothing a log allocates is dropped: [`clear`] takes the whole heap back before the next
/// log instead, which leaves the drop code of the price book, the records and the report out
/// of the wasm (700 bytes of gzip) and costs no memory (the next log reuses the same pages).
struct Slot(UnsafeCell<Option<Importer>>);
unsafe impl Sync for Slot {}
static IMPORTER: Slot = Slot(UnsafeCell::new(None));

fn with<T>(f: impl FnOnce(&mut Importer) -> T) -> Option<T> {
    // SAFETY: single-threaded, and no call re-enters (see `Slot`).
    unsafe { (*IMPORTER.0.get()).as_mut().map(f) }
}

/// Forgets the last log, if any: the next one is handed the same memory. The worker calls it
/// before each [`open`].
#[wasm_bindgen]
pub fn clear() {
    // SAFETY: as in `with`; and nothing allocated is alive between two calls but the slot's
    // importer, which is forgotten here (wasm-bindgen frees every argument and result before
    // its call returns to JavaScript, and nothing else of this crate allocates).
    unsafe {
        IMPORTER.0.get().write(None);
        #[cfg(target_arch = "wasm32")]
        calculator_heap::reset();
    }
}

/// Starts a log (after [`clear`]). `data`: the text of the page's `#calculator-data`; `model`: the model chosen
/// in the calculator, for records that name none. False when the data holds no price book.
#[wasm_bindgen]
pub fn open(data: &str, model: String) -> bool {
    let Some(book) = calculator::reprice::book::from_page_json(data) else {
        return false;
    };
    // SAFETY: as in `with`; `write` does not drop the importer it replaces (see `Slot`).
    unsafe {
        IMPORTER.0.get().write(Some(Importer {
            book,
            model,
            reader: Reader::new(),
        }))
    };
    true
}

/// The next bytes of the file (any size; a record may span chunks).
#[wasm_bindgen]
pub fn push(bytes: &[u8]) {
    with(|i| i.reader.push(bytes));
}

/// Requests read so far, for the progress line.
#[wasm_bindgen]
pub fn records() -> usize {
    with(|i| i.reader.records()).unwrap_or(0)
}

/// Bytes of wasm memory the importer has taken: linear memory only grows, so after a log this
/// is the most its records and report ever held at once (the benchmark's peak memory).
#[wasm_bindgen]
pub fn memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Ends the file and renders the report (empty when no log was opened).
#[wasm_bindgen]
pub fn finish() -> String {
    // SAFETY: as in `with`.
    let Some(i) = (unsafe { (*IMPORTER.0.get()).take() }) else {
        return String::new();
    };
    let imported = i.reader.finish();
    let r = reprice(&i.book, &imported, &Scenario::of_model(&i.model));
    let html = report(&i.book, &r);
    // Their memory is taken back by the next `clear` (see `Slot`).
    std::mem::forget((r, imported, i.book, i.model));
    html
}
