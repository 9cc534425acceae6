//! Tables typed in Markdown get what data tables have: a focusable scroll region, header cells
//! with `scope`, and alignment as classes (pulldown-cmark writes `style` attributes, which the
//! site's Content-Security-Policy blocks).

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// Rewrites the table events of one document.
pub fn rewrite(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let labels = labels(&events);
    let mut out = Vec::with_capacity(events.len());
    let mut aligns: Vec<Alignment> = Vec::new();
    let (mut in_head, mut col, mut table) = (false, 0, 0);
    let mut cell_tag = "td";
    for ev in events {
        match ev {
            Event::Start(Tag::Table(a)) => {
                aligns.clone_from(&a);
                let label = crate::render::esc(labels.get(table).map_or("Table", String::as_str));
                out.push(html(format!(
                    "<div class=\"table-scroll md-table\" role=\"region\" tabindex=\"0\" aria-label=\"{label}\">"
                )));
                out.push(Event::Start(Tag::Table(a)));
                table += 1;
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(html("</div>".to_owned()));
            }
            Event::Start(Tag::TableHead) => {
                (in_head, col) = (true, 0);
                out.push(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                out.push(Event::End(TagEnd::TableHead));
            }
            Event::Start(Tag::TableRow) => {
                col = 0;
                out.push(Event::Start(Tag::TableRow));
            }
            Event::Start(Tag::TableCell) => {
                let (tag, scope) = match (in_head, col) {
                    (true, _) => ("th", " scope=\"col\""),
                    (false, 0) => ("th", " scope=\"row\""),
                    _ => ("td", ""),
                };
                let class = match aligns.get(col) {
                    Some(Alignment::Left) => " class=\"al-left\"",
                    Some(Alignment::Center) => " class=\"al-center\"",
                    Some(Alignment::Right) => " class=\"al-right\"",
                    _ => "",
                };
                cell_tag = tag;
                out.push(html(format!("<{tag}{scope}{class}>")));
            }
            Event::End(TagEnd::TableCell) => {
                out.push(html(format!("</{cell_tag}>")));
                col += 1;
            }
            e => out.push(e),
        }
    }
    out
}

fn html(s: String) -> Event<'static> {
    Event::Html(CowStr::from(s))
}

/// A name for each table's scroll region: "Table: " and its column headings.
fn labels(events: &[Event<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<String>> = None;
    let mut in_cell = false;
    for ev in events {
        match ev {
            Event::Start(Tag::TableHead) => cur = Some(Vec::new()),
            Event::End(TagEnd::TableHead) => {
                let cols = cur.take().unwrap_or_default();
                let cols: Vec<&str> = cols
                    .iter()
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .collect();
                out.push(format!("Table: {}", cols.join(", ")));
            }
            Event::Start(Tag::TableCell) if cur.is_some() => {
                in_cell = true;
                cur.as_mut().expect("in head").push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Text(t) | Event::Code(t) if in_cell => {
                if let Some(last) = cur.as_mut().and_then(|c| c.last_mut()) {
                    last.push_str(t);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::render::markdown::{to_html, Slugs};

    #[test]
    fn markdown_tables_scroll_have_scopes_and_no_style() {
        let md = "| Model | Price |\n|:--|--:|\n| Sonnet | $3 |\n";
        let html = to_html(md, &mut Slugs::default(), false, "f", 1).unwrap();
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<div class=\"table-scroll md-table\" role=\"region\" tabindex=\"0\" aria-label=\"Table: Model, Price\"><table>"), "{html}");
        assert!(
            html.contains("<th scope=\"col\" class=\"al-left\">Model</th>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<th scope=\"row\" class=\"al-left\">Sonnet</th><td class=\"al-right\">$3</td>"
            ),
            "{html}"
        );
        assert!(html.ends_with("</table>\n</div>"), "{html}");
    }
}
