//! Per-table source notes: every figure cell links to a numbered note under its table that
//! names the source and the date the figure was checked; cells showing a corrected figure also
//! link to their corrections-log entry.

use crate::load::types::{Date, Id, Source};
use crate::render::esc;

/// Collects the distinct (source, checked) pairs of one table.
pub struct Sources {
    prefix: String,
    notes: Vec<(Source, Date)>,
}

impl Sources {
    pub fn new(table_id: &str) -> Self {
        Sources {
            prefix: format!("tbl-{table_id}-src"),
            notes: Vec::new(),
        }
    }

    /// The superscript link for a cell (adds the note on first use).
    pub fn mark(&mut self, source: &Source, checked: Date) -> String {
        let n = match self
            .notes
            .iter()
            .position(|(s, d)| s == source && *d == checked)
        {
            Some(i) => i + 1,
            None => {
                self.notes.push((source.clone(), checked));
                self.notes.len()
            }
        };
        format!(
            "<sup class=\"src\"><a href=\"#{p}-{n}\" title=\"Source: {t}, checked {c}\" aria-label=\"source {n}\">{n}</a></sup>",
            p = self.prefix,
            t = esc(&source.label()),
            c = checked.long(),
        )
    }

    /// Latest checked date among the table's figures.
    pub fn latest(&self) -> Option<Date> {
        self.notes.iter().map(|(_, d)| *d).max()
    }

    /// The numbered list of sources under the table.
    pub fn footer(&self) -> String {
        let mut out = String::from("<ol class=\"sources\">");
        for (i, (s, d)) in self.notes.iter().enumerate() {
            out.push_str(&format!("<li id=\"{}-{}\">", self.prefix, i + 1));
            match s.url() {
                Some(u) => out.push_str(&format!(
                    "<a href=\"{}\" rel=\"external\">{}</a>",
                    esc(u),
                    esc(&s.label())
                )),
                None => out.push_str(&esc(&s.label())),
            }
            out.push_str(&format!(
                ", checked <time datetime=\"{}\">{}</time></li>",
                d.iso(),
                d.long()
            ));
        }
        out.push_str("</ol>");
        out
    }
}

/// The link from a corrected figure to its log entry.
pub fn correction_link(id: &Option<Id>) -> String {
    match id {
        Some(id) => format!(" <a class=\"corr\" href=\"/corrections/#{id}\" title=\"This corrects the source document\">corrected</a>"),
        None => String::new(),
    }
}

/// A data table inside a focusable scroll region, its caption saying when the figures were
/// last checked, and its source notes underneath. Ids get a `tbl-` prefix so they never meet a
/// heading's anchor.
pub fn wrap_table(id: &str, caption: &str, head: &str, body: &str, sources: &Sources) -> String {
    let checked = sources
        .latest()
        .map(|d| format!("<span class=\"checked\">Figures last checked <time datetime=\"{}\">{}</time></span>", d.iso(), d.long()))
        .unwrap_or_default();
    format!(
        "<div class=\"data-table\" id=\"{id}\"><div class=\"table-scroll\" role=\"region\" aria-labelledby=\"{id}-cap\" tabindex=\"0\">\
         <table><caption id=\"{id}-cap\"><span class=\"cap\">{caption} {checked}</span></caption><thead>{head}</thead><tbody>{body}</tbody></table></div>{}</div>",
        sources.footer(),
        id = format!("tbl-{id}")
    )
}
