//! Blocks that list records: `{% faq %}` (with FAQPage JSON-LD), `{% corrections %}`,
//! `{% claims %}` and `{% benchmarks %}`.

use crate::diag::Diagnostic;
use crate::format;
use crate::load::types::{Date, Source};
use crate::path;
use crate::render::markdown::{data_to_html, substitute};
use crate::render::sources::correction_link;
use crate::render::{esc, tables, Ctx};

fn source_line(source: &Source, checked: Date) -> String {
    let s = match source.url() {
        Some(u) => format!(
            "<a href=\"{}\" rel=\"external\">{}</a>",
            esc(u),
            esc(&source.label())
        ),
        None => esc(&source.label()),
    };
    format!(
        "<p class=\"source\">Source: {s}, checked <time datetime=\"{}\">{}</time></p>",
        checked.iso(),
        checked.long()
    )
}

/// Questions and answers, plus the same as schema.org FAQPage JSON-LD (data, not script: CSP
/// does not execute it).
pub fn faq(cx: &Ctx) -> Result<String, Vec<Diagnostic>> {
    const FILE: &str = "data/faq.yaml";
    let src = cx.d.sources.get(FILE);
    let mut errs = Vec::new();
    let mut html = String::from("<div class=\"faq\">");
    let mut entities = Vec::new();
    for (i, f) in cx.d.faq.iter().enumerate() {
        // Where the answer's characters start (after a quote, or the first line of a block).
        let at = src
            .node(&path!["faq", i, "answer"])
            .map_or_else(Default::default, |n| n.text);
        let (first, cols) = (at.line, (at.col, at.col));
        let answer = match substitute(&f.answer, cx.refs, FILE, first, cols)
            .and_then(|md| data_to_html(&md, FILE, first))
        {
            Ok(h) => h,
            Err(e) => {
                errs.extend(e);
                continue;
            }
        };
        html.push_str(&format!(
            "<section class=\"qa\" id=\"faq-{}\"><h3>{}</h3>{answer}{}{}</section>",
            f.id,
            esc(&f.question),
            source_line(&f.source, f.checked),
            if f.correction.is_some() {
                format!("<p class=\"source\">{}</p>", correction_link(&f.correction))
            } else {
                String::new()
            }
        ));
        entities.push(serde_json::json!({
            "@type": "Question",
            "name": f.question,
            "acceptedAnswer": { "@type": "Answer", "text": answer.trim() },
        }));
    }
    html.push_str("</div>");
    if !errs.is_empty() {
        return Err(errs);
    }
    let ld = serde_json::json!({ "@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities });
    // `<` never appears raw inside the script element, so no text can close it early.
    let ld = ld.to_string().replace('<', "\\u003c");
    html.push_str(&format!(
        "<script type=\"application/ld+json\">{ld}</script>"
    ));
    Ok(html)
}

/// The corrections log: corrected and partly-true claims, each with its anchor.
pub fn corrections(cx: &Ctx) -> String {
    let mut html = String::from("<ol class=\"corrections\">");
    for c in cx.d.claims.iter().filter(|c| c.verdict.is_correction()) {
        let when = cx.d.document_dated.long();
        let held = match c.held_when_written {
            Some(f) if f.0 == Some(true) => format!("<p class=\"held\">The vendor's documentation already said so when the source document was written ({when}).</p>"),
            Some(f) if f.0 == Some(false) => format!("<p class=\"held\">This changed after the source document was written ({when}).</p>"),
            _ => String::new(),
        };
        let mut history = String::new();
        if !c.history.is_empty() {
            history.push_str("<div class=\"history\"><p>Earlier entries of this log:</p><ul>");
            for h in &c.history {
                history.push_str(&format!(
                    "<li>Until {}: <strong>{}</strong>. {} <em>Changed:</em> {}</li>",
                    h.until.long(),
                    h.verdict.label(),
                    esc(&h.finding),
                    esc(&h.why)
                ));
            }
            history.push_str("</ul></div>");
        }
        let reason = c.reason.as_ref().map_or(String::new(), |r| {
            format!("<dt>Why</dt><dd>{}</dd>", esc(r))
        });
        html.push_str(&format!(
            "<li id=\"{id}\" class=\"correction v-{cls}\"><p class=\"verdict\">{verdict}</p><dl>\
             <dt>The source document said</dt><dd>{claim}</dd><dt>The vendor's documentation says</dt><dd>{finding}</dd>{reason}</dl>{held}{history}{src}</li>",
            id = c.id,
            cls = c.verdict.class(),
            verdict = c.verdict.label(),
            claim = esc(&c.claim),
            finding = esc(&c.finding),
            src = source_line(&c.source, c.checked),
        ));
    }
    html.push_str("</ol>");
    html
}

/// Every checked claim with its verdict (confirmed and unverified ones too).
pub fn claims(cx: &Ctx) -> String {
    let mut body = String::new();
    let mut src = crate::render::sources::Sources::new("claims");
    for c in &cx.d.claims {
        let link = if c.verdict.is_correction() {
            format!(" <a href=\"/corrections/#{}\">entry</a>", c.id)
        } else {
            String::new()
        };
        body.push_str(&format!(
            "<tr id=\"claim-{}\"><th scope=\"row\">{}</th><td class=\"v v-{}\">{}{link}</td><td>{}{}</td></tr>",
            c.id,
            esc(&c.claim),
            c.verdict.class(),
            c.verdict.label(),
            esc(&c.finding),
            src.mark(&c.source, c.checked)
        ));
    }
    let head = "<tr><th scope=\"col\">The source document said</th><th scope=\"col\">Verdict</th><th scope=\"col\">What the vendors' documentation says</th></tr>";
    crate::render::sources::wrap_table(
        "claims",
        "Every claim of the source document we checked",
        head,
        &body,
        &src,
    )
}

/// Every measured number on the site with its conditions, date and source.
pub fn benchmarks(cx: &Ctx) -> String {
    let b = &cx.d.latency;
    let mut dl = String::from("<dl class=\"conditions\">");
    for (k, v) in [
        ("Client region", esc(&b.client_region)),
        ("Requests", format::int(b.requests)),
        ("Measured", b.month.long()),
        ("Model", esc(&cx.refs["latency.model"])),
        (
            "Tokens per request",
            format!(
                "{} input, {} output",
                format::int(b.input_tokens),
                format::int(b.output_tokens)
            ),
        ),
        (
            "Verified against vendor data",
            (if b.verified { "yes" } else { "no" }).to_owned(),
        ),
    ] {
        dl.push_str(&format!("<dt>{k}</dt><dd>{v}</dd>"));
    }
    dl.push_str("</dl>");
    format!(
        "<section class=\"benchmark\" id=\"bench-{}\">{dl}{}{}</section>",
        b.id,
        tables::latency(cx, &format!("bench-{}-table", b.id)),
        source_line(&b.source, b.checked)
    )
}
