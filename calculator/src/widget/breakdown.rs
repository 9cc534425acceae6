//! "How this was computed": one line per line item, tokens x price x factors = dollars,
//! adding up to the total shown.

use crate::format::{count, decimal, price, push_escaped as esc, push_money};
use crate::model::{Costs, Report};

/// A `<details>` block per priced row; its summary names the row (`data-how`). With `open`,
/// only the rows listed there (by [`crate::model::Row::key`]) get their lines, and are open.
pub fn breakdowns(s: &mut String, r: &Report, open: Option<&[String]>) {
    s.push_str("<h3 class=\"calc-h\">How this was computed</h3><p class=\"calc-unit\">Tokens × price per million (MTok) × route, cache, batch \
                and enterprise factors, in that order. The lines add up to the total.</p>");
    for row in &r.rows {
        let Ok(c) = &row.outcome else { continue };
        let key = row.key();
        let shown = open.is_none_or(|o| o.contains(&key));
        // In the browser the render says which breakdowns are open (the reader's clicks go
        // through the wasm), so an open one stays with its row when the rows change.
        s.push_str(if open.is_some() && shown {
            "<details class=\"calc-how\" open><summary data-how=\""
        } else {
            "<details class=\"calc-how\"><summary data-how=\""
        });
        esc(s, &key);
        s.push_str("\">");
        esc(s, &row.provider_name);
        s.push_str(", ");
        esc(s, &row.route_name);
        s.push_str(", ");
        s.push_str(&row.cache.label().to_ascii_lowercase());
        s.push_str(": ");
        push_money(s, c.total_cents);
        s.push_str("</summary>");
        if !shown {
            s.push_str("</details>");
            continue;
        }
        s.push_str("<ul>");
        if let Some(t) = c.tier_above {
            s.push_str("<li>Prompt over ");
            s.push_str(&count(t as f64));
            s.push_str(" tokens: long-prompt prices</li>");
        }
        lines(s, c);
        s.push_str("</ul></details>");
    }
}

/// The `<li>`s of one cost: a line per line item, then the sum. Where a line paid a long-prompt
/// tier and the cost as a whole does not say so, the line does.
pub fn lines(s: &mut String, c: &Costs) {
    for l in &c.lines {
        s.push_str("<li>");
        s.push_str(l.item.label());
        s.push_str(if l.batch {
            " (batch): "
        } else {
            " (on demand): "
        });
        s.push_str(&count(l.tokens));
        if let (Some(t), None) = (l.tier_above, c.tier_above) {
            s.push_str(" (prompts over ");
            s.push_str(&count(t as f64));
            s.push(')');
        }
        s.push_str(" tokens × ");
        s.push_str(&price(l.base_mtok));
        s.push_str("/MTok");
        for f in &l.factors {
            s.push_str(" × ");
            s.push_str(&decimal(f.value, 0, 4));
            s.push_str(" (");
            s.push_str(f.label);
            s.push(')');
        }
        s.push_str(" = ");
        push_money(s, l.cents);
        s.push_str("</li>");
    }
    s.push_str("<li><strong>Total: ");
    if c.lines.is_empty() {
        s.push_str("$0.00");
    }
    for (i, l) in c.lines.iter().enumerate() {
        if i > 0 {
            s.push_str(" + ");
        }
        push_money(s, l.cents);
    }
    if c.lines.len() > 1 {
        s.push_str(" = ");
        push_money(s, c.total_cents);
    }
    s.push_str("</strong></li>");
}
