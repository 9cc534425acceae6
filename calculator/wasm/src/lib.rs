//! The calculator in the browser (`calculator-wasm`): takes over the prerendered widget and
//! re-renders on every input with the same render code as the generator. Nothing here computes
//! a cost or writes HTML: this crate is the bindings (`start`, the boot script's `patch`); the
//! `calculator-js` crate reads the page's JSON, and `calculator-heap` is the allocator.
//!
//! What each update costs the browser decides the latency budget (4 ms), so:
//! - the new results reach the page through the boot script's `patch`, which changes only the
//!   nodes that differ (replacing them wholesale made Chromium lay the table out from scratch,
//!   and closed any breakdown the reader had opened);
//! - the update render leaves out the lines of closed breakdowns and the files of the download
//!   links. A click on a summary comes here (the browser's own toggle is prevented), and the
//!   re-render opens or closes it with its lines, so an open breakdown follows its row when the
//!   rows change; a link's file is written as the reader reaches for it (pointer down, focus,
//!   click). A breakdown opened without a click (an extension, say) gets its lines at the next
//!   update, and find-in-page does not see the lines of closed ones.
//!
//! The URL state and the "Copy link" button live in the boot script too: they are plain DOM
//! plumbing, and leaving them out of the wasm paid for the code above within its size budget.

use std::cell::UnsafeCell;

use wasm_bindgen::prelude::*;
// The allocator of both wasm files (its `#[global_allocator]`; nothing else of it is used).
use calculator_heap as _;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlFormElement, HtmlInputElement, HtmlSelectElement};

use calculator::fields::{self, HIT_SOURCE, ITEMS, MEASURED, MEASURED_HIT_RATE};
use calculator::format::cat;
use calculator::model::{compute, Scenario};
use calculator::prices::PriceBook;
use calculator::validate::validate;
use calculator::widget::{download_href, render_update};

struct App {
    doc: Document,
    form: HtmlFormElement,
    book: PriceBook,
    patch: Patch,
}

#[wasm_bindgen]
extern "C" {
    /// The boot script's `patch(id, html)`: makes the element `id` hold `html`, touching only
    /// what differs. Typed here (rather than a `js_sys::Function`) so a call passes two plain
    /// strings and needs no exception-catching glue.
    #[wasm_bindgen(js_name = Function)]
    pub type Patch;
    #[wasm_bindgen(method, js_name = call)]
    fn call(this: &Patch, this_arg: &JsValue, id: &str, html: &str);
}

/// The page's one calculator, set once by [`start`] and only read afterwards.
/// wasm32-unknown-unknown is single-threaded and event handlers never run inside one another,
/// so a plain cell is sound here, and smaller than `thread_local!` or `RefCell` (whose panic
/// messages pull in formatting code).
struct Slot(UnsafeCell<Option<App>>);
unsafe impl Sync for Slot {}
static APP: Slot = Slot(UnsafeCell::new(None));

/// Starts the calculator if its markup is on the page; called by `calculator-boot.js` with its
/// `patch` function, after it has set the form from the URL. The boot script also keeps the URL
/// and the copied link; the wasm only reads the form.
#[wasm_bindgen]
pub fn start(patch: Patch) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(data_el) = doc.get_element_by_id("calculator-data") else {
        return;
    };
    let Some(form) = doc
        .get_element_by_id("calc-form")
        .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let text = data_el.text_content().unwrap_or_default();
    // The browser's JSON.parse instead of serde_json keeps a JSON parser (and float parsing and
    // formatting for its error messages) out of the wasm. The data script's default scenario
    // is not read: the form's prerendered values already are that scenario.
    let Ok(data) = js_sys::JSON::parse(&text) else {
        return;
    };
    let Some(book) = calculator_js::book(&data) else {
        return;
    };
    // Events are heard on the whole widget: the form's, and clicks in the results (breakdown
    // summaries, download links).
    let Some(root) = doc.get_element_by_id("calculator") else {
        return;
    };
    let app = App {
        doc,
        form,
        book,
        patch,
    };
    // One closure for every event (each closure type costs the wasm about a kilobyte).
    // Selects and checkboxes fire `input` too, so no `change` listener is needed.
    let on_event = Closure::<dyn FnMut(Event)>::new(|e: Event| {
        let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
        let attr = |name: &str| target.as_ref().and_then(|t| t.get_attribute(name));
        with_app(|a| {
            let kind = e.type_();
            if kind == "input" {
                if attr("name").as_deref() == Some(MEASURED_HIT_RATE.name) {
                    a.set_select(HIT_SOURCE.name, MEASURED);
                }
                a.update(None);
            } else if let Some(action) = attr("data-action") {
                match action.as_str() {
                    "reset" if kind == "click" => {
                        a.form.reset();
                        a.update(None);
                    }
                    // The file is written as the reader reaches for the link (pointer down, focus,
                    // click), before the browser follows, saves or drags it.
                    "csv" | "json" => {
                        if let Some(link) = &target {
                            a.write_download(link, &action);
                        }
                    }
                    _ => {}
                }
            } else if kind == "click" {
                // A breakdown's summary: the wasm opens or closes it, rendering its lines.
                if let Some(row) = attr("data-how") {
                    e.prevent_default();
                    a.update(Some(row));
                }
            }
        })
    });
    for kind in ["input", "click", "pointerdown", "focusin"] {
        let _ = root.add_event_listener_with_callback(kind, on_event.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_event.forget();
    if let Some(actions) = app.doc.get_element_by_id("calc-actions") {
        let _ = actions.remove_attribute("hidden");
    }
    // Always: the boot script may have set the form from the URL, and a reader may have typed
    // (or opened a breakdown) before the wasm was ready.
    app.update(None);
    // SAFETY: written once, before any handler can run (handlers need this value to be set).
    unsafe { *APP.0.get() = Some(app) };
}

fn with_app(f: impl FnOnce(&App)) {
    // SAFETY: only shared reads after `start`, never concurrent (see `Slot`).
    if let Some(app) = unsafe { (*APP.0.get()).as_ref() } {
        f(app);
    }
}

impl App {
    fn input(&self, name: &str) -> Option<HtmlInputElement> {
        self.doc
            .get_element_by_id(&cat(&["calc-", name]))?
            .dyn_into()
            .ok()
    }

    fn select(&self, name: &str) -> String {
        self.doc
            .get_element_by_id(&cat(&["calc-", name]))
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default()
    }

    fn set_select(&self, name: &str, value: &str) {
        if let Some(s) = self
            .doc
            .get_element_by_id(&cat(&["calc-", name]))
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        {
            s.set_value(value);
        }
    }

    fn number(&self, name: &str) -> f64 {
        self.input(name).map_or(f64::NAN, |i| i.value_as_number())
    }

    /// The values of the checked boxes named `name`.
    fn checked(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Ok(list) = self
            .form
            .query_selector_all(&cat(&["input[name=", name, "]:checked"]))
        {
            for i in 0..list.length() {
                if let Some(el) = list
                    .item(i)
                    .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                {
                    out.push(el.value());
                }
            }
        }
        out
    }

    fn scenario(&self) -> Scenario {
        let items = self.checked(ITEMS);
        fields::read(
            self.book.providers.iter().map(|p| p.id.as_str()),
            |name| self.number(name),
            |name| self.select(name),
            |item| items.iter().any(|v| v == item.key()),
        )
    }

    /// Re-renders from the form: messages next to bad fields, or new results. `toggle`: a
    /// breakdown (row key) to open, or to close if it is open.
    fn update(&self, toggle: Option<String>) {
        let sc = self.scenario();
        let errs = validate(&self.book, &sc);
        if let Ok(list) = self.form.query_selector_all(".calc-err") {
            for i in 0..list.length() {
                if let Some(n) = list.item(i) {
                    n.set_text_content(Some(""));
                }
            }
        }
        if let Ok(list) = self.form.query_selector_all("[aria-invalid]") {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = el.remove_attribute("aria-invalid");
                }
            }
        }
        for e in &errs {
            if let Some(span) = self
                .doc
                .get_element_by_id(&cat(&["calc-", &e.field, "-err"]))
            {
                span.set_text_content(Some(&e.message));
            }
            if let Some(el) = self.doc.get_element_by_id(&cat(&["calc-", &e.field])) {
                let _ = el.set_attribute("aria-invalid", "true");
            }
        }
        let mut open = Vec::new();
        if let Some(Ok(list)) = self
            .doc
            .get_element_by_id("calc-detail")
            .map(|d| d.query_selector_all("details[open] > summary"))
        {
            for i in 0..list.length() {
                if let Some(row) = list
                    .item(i)
                    .and_then(|n| n.dyn_into::<Element>().ok())
                    .and_then(|e| e.get_attribute("data-how"))
                {
                    open.push(row);
                }
            }
        }
        if let Some(row) = toggle {
            match open.iter().position(|r| *r == row) {
                Some(i) => {
                    open.swap_remove(i);
                }
                None => open.push(row),
            }
        }
        let (live, detail) = render_update(&self.book, &sc, &open);
        for (id, html) in [("calc-live", live), ("calc-detail", detail)] {
            self.patch.call(&JsValue::NULL, id, &html);
        }
    }

    /// Writes the file of a download link (`kind` "csv" or "json") into its `href`. The links
    /// are on the page only while the form is valid, and every input re-renders, so the form
    /// holds a valid scenario here.
    fn write_download(&self, link: &Element, kind: &str) {
        let sc = self.scenario();
        let href = download_href(kind, &sc, &compute(&self.book, &sc), true);
        let _ = link.set_attribute("href", &href);
    }
}
