//! Markdown to HTML: `{{ key }}` substitution (before parsing, so values read like typed text),
//! `{% block %}` lines, stable heading anchors and the table of contents.

use std::collections::BTreeSet;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::diag::Diagnostic;
use crate::refs::Refs;
use crate::render::{highlight, md_tables};

/// A heading for the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Heading ids handed out on one page, so every anchor is unique and stable.
#[derive(Default)]
pub struct Slugs<'a> {
    /// Ids every page already uses (template landmarks, claim and FAQ anchors), shared by all
    /// pages of a build rather than copied into each.
    reserved: Option<&'a BTreeSet<String>>,
    used: BTreeSet<String>,
    pub toc: Vec<TocEntry>,
}

impl<'a> Slugs<'a> {
    /// Slugs that avoid `reserved` as well as each other.
    pub fn reserving(reserved: &'a BTreeSet<String>) -> Self {
        Self {
            reserved: Some(reserved),
            ..Self::default()
        }
    }

    /// Ids this page already uses for other things.
    pub fn reserve<'b>(&mut self, ids: impl IntoIterator<Item = &'b str>) {
        self.used.extend(ids.into_iter().map(str::to_owned));
    }

    pub fn slug(&mut self, text: &str) -> String {
        let mut base = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                base.push(c);
            } else if (c.is_whitespace() || c == '-' || c == '_') && !base.ends_with('-') {
                base.push('-');
            }
        }
        let base = base.trim_matches('-');
        let base = if base.is_empty() { "section" } else { base };
        let mut id = base.to_owned();
        let mut n = 2;
        while self.reserved.is_some_and(|r| r.contains(&id)) || !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// One piece of a page body: Markdown text, or a block line.
#[derive(Debug, PartialEq, Eq)]
pub enum Segment {
    /// Markdown and the file line of its first line.
    Text(String, usize),
    /// `{% name args %}` and its file line.
    Block {
        name: String,
        args: Vec<String>,
        line: usize,
    },
}

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// Splits a body at `{% ... %}` lines (outside code fences). `first_line` is the file line of
/// the body's first line.
pub fn split_blocks(body: &str, first_line: usize) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut text_start = first_line;
    let mut in_fence = false;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let n = first_line + i;
        if is_fence(line) {
            in_fence = !in_fence;
        }
        let t = line.trim();
        if !in_fence && t.starts_with("{%") && t.ends_with("%}") {
            if !text.is_empty() {
                out.push(Segment::Text(std::mem::take(&mut text), text_start));
            }
            let mut words = t[2..t.len() - 2].split_whitespace().map(str::to_owned);
            let name = words.next().unwrap_or_default();
            out.push(Segment::Block {
                name,
                args: words.collect(),
                line: n,
            });
            text_start = n + 1;
        } else {
            if text.is_empty() {
                text_start = n;
            }
            text.push_str(line);
        }
    }
    if !text.is_empty() {
        out.push(Segment::Text(text, text_start));
    }
    out
}

/// Escapes a value so Markdown shows it literally and raw HTML in data never becomes markup.
fn md_escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Replaces every `{{ key }}` with its value (outside code fences). `first_line` is the file line
/// of `text`'s first line; `cols` the file columns (1-based) where its first line and its other
/// lines start (Markdown inside a YAML value is indented). Every unknown key is reported.
pub fn substitute(
    text: &str,
    refs: &Refs,
    file: &str,
    first_line: usize,
    cols: (usize, usize),
) -> Result<String, Vec<Diagnostic>> {
    let mut out = String::with_capacity(text.len());
    let mut errs = Vec::new();
    let mut in_fence = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if is_fence(line) {
            in_fence = !in_fence;
        }
        if !in_fence {
            // A block written inside a paragraph would reach readers as `{% ... %}`.
            for (pos, _) in line.match_indices("{%") {
                if !in_code_span(&line[..pos]) {
                    let col =
                        line[..pos].chars().count() + if i == 0 { cols.0 } else { cols.1 }.max(1);
                    errs.push(Diagnostic::new(
                        file,
                        first_line + i,
                        col,
                        "`{%` is only allowed in a block line (`{% name args %}` alone on its line, in content/ pages)",
                    ));
                }
            }
        }
        if in_fence || !line.contains("{{") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let col = line.len() - rest.len() + start;
            let start_col = if i == 0 { cols.0 } else { cols.1 };
            let col = line[..col].chars().count() + start_col.max(1);
            let Some(len) = rest[start..].find("}}") else {
                errs.push(Diagnostic::new(
                    file,
                    first_line + i,
                    col,
                    "`{{` without a closing `}}`",
                ));
                rest = &rest[start + 2..];
                continue;
            };
            let key = rest[start + 2..start + len].trim();
            match refs.get(key) {
                // Inside a code span Markdown escapes nothing: the value goes in as it is (the
                // HTML renderer escapes it); a value with a backtick cannot sit in one.
                Some(v)
                    if in_code_span(&line[..line.len() - rest.len() + start])
                        && !v.contains('`') =>
                {
                    out.push_str(&v.replace('\n', " "))
                }
                Some(v) => out.push_str(&md_escape(v)),
                None => errs.push(Diagnostic::new(
                    file,
                    first_line + i,
                    col,
                    format!("unknown key `{key}` (run `sitegen keys` for the list)"),
                )),
            }
            rest = &rest[start + len + 2..];
        }
        out.push_str(rest);
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

/// Whether text following `before` (on one line) is inside an inline code span: an odd number
/// of unescaped backticks precede it. Good enough for single-backtick spans, which is what
/// prose uses around ids.
fn in_code_span(before: &str) -> bool {
    let mut n = 0;
    let mut escaped = false;
    for c in before.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '`' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n % 2 == 1
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Schemes a link may not use: they run code or smuggle content.
fn dangerous(url: &str) -> bool {
    let u: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    u.starts_with("javascript:") || u.starts_with("vbscript:") || u.starts_with("data:")
}

/// Markdown (already substituted) to HTML. Headings get ids from `slugs`; h2 and h3 go into its
/// table of contents when `toc` is set. Dangerous link schemes are errors.
pub fn to_html(
    md: &str,
    slugs: &mut Slugs,
    toc: bool,
    file: &str,
    first_line: usize,
) -> Result<String, Vec<Diagnostic>> {
    render(md, slugs, toc, file, first_line, true)
}

/// Markdown from a data file (a FAQ answer, a table cell): like [`to_html`], but raw HTML is
/// shown as text, so a tag in YAML never becomes markup.
pub fn data_to_html(md: &str, file: &str, first_line: usize) -> Result<String, Vec<Diagnostic>> {
    render(md, &mut Slugs::default(), false, file, first_line, false)
}

fn render(
    md: &str,
    slugs: &mut Slugs,
    toc: bool,
    file: &str,
    first_line: usize,
    raw_html: bool,
) -> Result<String, Vec<Diagnostic>> {
    let mut events: Vec<Event> = Vec::new();
    let mut errs = Vec::new();
    let mut heading: Option<(HeadingLevel, Vec<Event>)> = None;
    let mut code: Option<(String, String)> = None;
    for (ev, range) in Parser::new_ext(md, options()).into_offset_iter() {
        let ev = match ev {
            Event::Html(h) | Event::InlineHtml(h) if !raw_html => Event::Text(h),
            ev => ev,
        };
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &ev {
            if dangerous(dest_url) {
                let line = first_line + md[..range.start].matches('\n').count();
                errs.push(Diagnostic::new(
                    file,
                    line,
                    0,
                    format!(
                        "link to {:?} refused: only http(s), relative and # links",
                        dest_url.as_ref()
                    ),
                ));
            }
        }
        // A fenced block with a language the highlighter knows becomes highlighted HTML, like
        // the samples; other code blocks stay as pulldown-cmark writes them.
        if let Some((_, text)) = &mut code {
            match ev {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().expect("inside a code block");
                    events.push(Event::Html(CowStr::from(highlight::fenced(&lang, &text))));
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if highlight::knows(lang.split_whitespace().next().unwrap_or("")) =>
            {
                let lang = lang.split_whitespace().next().unwrap_or("").to_owned();
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, Vec::new())),
            Event::End(TagEnd::Heading(_)) => {
                let (level, inner) = heading.take().expect("heading end after start");
                let text: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = slugs.slug(&text);
                let lvl = level as u8;
                if toc && (2..=3).contains(&lvl) {
                    slugs.toc.push(TocEntry {
                        level: lvl,
                        id: id.clone(),
                        text: text.clone(),
                    });
                }
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: vec![],
                    attrs: vec![],
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            e => match &mut heading {
                Some((_, inner)) => inner.push(e),
                None => events.push(e),
            },
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut out = String::new();
    html::push_html(&mut out, md_tables::rewrite(events).into_iter());
    Ok(out)
}

/// Inline Markdown (a table cell, a label): rendered without the wrapping paragraph.
pub fn inline_html(md: &str, file: &str, line: usize) -> Result<String, Vec<Diagnostic>> {
    let html = data_to_html(md, file, line)?;
    let t = html.trim();
    let t = t
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .unwrap_or(t);
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_and_reports_unknown_keys() {
        let mut refs = Refs::new();
        refs.insert("a.b".into(), "$3.00 <b>".into());
        let out = substitute("x {{ a.b }} y\n", &refs, "f.md", 5, (1, 1)).unwrap();
        assert_eq!(out, "x $3.00 &lt;b&gt; y\n");
        let e = substitute("ok\nsee {{ nope }}\n", &refs, "f.md", 5, (1, 1)).unwrap_err();
        assert_eq!(
            e[0].headline(),
            "f.md:6:5: unknown key `nope` (run `sitegen keys` for the list)"
        );
        assert_eq!(
            substitute("```\n{{ nope }}\n```\n", &refs, "f.md", 1, (1, 1)).unwrap(),
            "```\n{{ nope }}\n```\n"
        );
    }

    #[test]
    fn fenced_code_is_highlighted_when_its_language_is_known() {
        let md = "```python\nimport anthropic\nx = \"<b>\"\n```\n\n```klingon\nqapla'\n```\n\n```\nplain\n```\n";
        let html = to_html(md, &mut Slugs::default(), false, "f.md", 1).unwrap();
        let (python, rest) = html.split_once("</pre>").unwrap();
        assert!(
            python
                .starts_with("<pre class=\"code\" tabindex=\"0\"><code class=\"language-python\">"),
            "{html}"
        );
        assert!(
            python.contains("<span class=\"keyword") && python.contains("&lt;b&gt;"),
            "{html}"
        );
        // Unknown and missing languages: pulldown-cmark's own escaped block.
        assert!(
            rest.contains("<pre><code class=\"language-klingon\">qapla'\n</code></pre>"),
            "{rest}"
        );
        assert!(rest.contains("<pre><code>plain\n</code></pre>"), "{rest}");
    }

    #[test]
    fn values_in_code_spans_are_not_escaped() {
        let mut refs = Refs::new();
        refs.insert("id".into(), "a_b<c>".into());
        let out = substitute("`{{ id }}` and {{ id }}\n", &refs, "f.md", 1, (1, 1)).unwrap();
        assert_eq!(out, "`a_b<c>` and a\\_b&lt;c&gt;\n");
        let html = to_html(&out, &mut Slugs::default(), false, "f.md", 1).unwrap();
        assert_eq!(html, "<p><code>a_b&lt;c&gt;</code> and a_b&lt;c&gt;</p>\n");
    }

    #[test]
    fn stray_block_syntax_is_an_error() {
        let refs = Refs::new();
        let e = substitute("see {% pricing %} here\n", &refs, "f.md", 3, (1, 1)).unwrap_err();
        assert_eq!(e[0].headline(), "f.md:3:5: `{%` is only allowed in a block line (`{% name args %}` alone on its line, in content/ pages)");
        assert!(substitute("write `{% table id %}`\n", &refs, "f.md", 1, (1, 1)).is_ok());
    }

    #[test]
    fn splits_blocks_outside_fences() {
        let segs = split_blocks("a\n{% table x %}\n```\n{% no %}\n```\n", 3);
        assert_eq!(segs[0], Segment::Text("a\n".into(), 3));
        assert_eq!(
            segs[1],
            Segment::Block {
                name: "table".into(),
                args: vec!["x".into()],
                line: 4
            }
        );
        assert!(matches!(&segs[2], Segment::Text(t, 5) if t.contains("{% no %}")));
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let mut s = Slugs::default();
        s.reserve(["main"]);
        let html = to_html(
            "## Main\n\n## Pricing & costs\n\n## Pricing & costs\n",
            &mut s,
            true,
            "f",
            1,
        )
        .unwrap();
        assert!(html.contains("<h2 id=\"main-2\">Main</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"pricing-costs-2\">"), "{html}");
        assert_eq!(s.toc.len(), 3);
    }

    #[test]
    fn raw_html_in_data_markdown_is_text() {
        let html = data_to_html("a <script>x</script>\n\n<div>b</div>\n", "f", 1).unwrap();
        assert_eq!(
            html,
            "<p>a &lt;script&gt;x&lt;/script&gt;</p>\n&lt;div&gt;b&lt;/div&gt;\n"
        );
        let kept = to_html("a <span>b</span>\n", &mut Slugs::default(), false, "f", 1).unwrap();
        assert_eq!(kept, "<p>a <span>b</span></p>\n");
    }

    #[test]
    fn refuses_javascript_links() {
        let e = to_html(
            "a\n\n[x](javascript:alert(1))\n",
            &mut Slugs::default(),
            false,
            "f.md",
            10,
        )
        .unwrap_err();
        assert_eq!(
            e[0].headline(),
            "f.md:12: link to \"javascript:alert(1)\" refused: only http(s), relative and # links"
        );
    }
}
