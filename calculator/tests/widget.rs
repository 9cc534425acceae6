//! The widget's HTML: labelled inputs, prerendered figures equal to the model's, safe data script.

mod common;

use calculator::fields;
use calculator::model::compute;
use calculator::{render_widget, PriceBook};
use common::{base, book};

#[test]
fn every_input_has_a_label_and_an_error_slot() {
    let html = render_widget(&book(), &base());
    let mut inputs = 0;
    for part in html
        .split("<input")
        .skip(1)
        .chain(html.split("<select").skip(1))
    {
        let tag = &part[..part.find('>').unwrap()];
        if tag.contains("type=\"checkbox\"") {
            continue; // wrapped in its <label>
        }
        let id = tag
            .split("id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            html.contains(&format!("<label for=\"{id}\"")),
            "{id} has no label"
        );
        assert!(
            html.contains(&format!("id=\"{id}-err\"")),
            "{id} has no message slot"
        );
        inputs += 1;
    }
    assert!(inputs >= 12, "{inputs}");
    assert!(html.contains("aria-live=\"polite\""));
}

#[test]
fn prerendered_totals_are_the_models() {
    let (b, sc) = (book(), base());
    let html = render_widget(&b, &sc);
    let r = compute(&b, &sc);
    for row in &r.rows {
        let c = row.outcome.as_ref().unwrap();
        let key = format!(
            "data-row=\"{}.{}.{}\">{}",
            row.provider,
            row.route,
            row.cache.key(),
            calculator::format::money(c.total_cents)
        );
        assert!(html.contains(&key), "missing {key}");
    }
}

#[test]
fn data_script_cannot_close_early_and_parses_back() {
    let mut b: PriceBook = book();
    b.providers[0].name = "Evil </script><script>alert(1)</script>".into();
    let html = render_widget(&b, &base());
    let start = html.find("id=\"calculator-data\">").unwrap() + "id=\"calculator-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&html[start..end]).expect("data script is JSON");
    assert_eq!(
        json["book"]["providers"][0]["name"],
        "Evil </script><script>alert(1)</script>"
    );
    let sc: calculator::Scenario =
        serde_json::from_value(json["scenario"].clone()).expect("scenario parses back");
    // The scenario as the form states it: a discount for every provider, as the browser reads it.
    assert_eq!(sc, base().as_on_form(&b));
    for p in &b.providers {
        assert_eq!(
            sc.enterprise_discount.get(&p.id),
            Some(&base().discount(&p.id)),
            "{}",
            p.id
        );
    }
    assert!(
        !html[start..end].contains('<'),
        "no markup at all inside the data script"
    );
    assert!(
        !html.contains("<script>alert"),
        "names are escaped in the HTML too"
    );
}

#[test]
fn bad_input_shows_no_figures() {
    let mut sc = base();
    sc.requests_per_hour = f64::NAN;
    let (live, detail) = calculator::widget::render_parts(&book(), &sc);
    assert!(live.contains("Fix the highlighted field"));
    assert!(detail.is_empty());
    let errs = calculator::validate::validate(&book(), &sc);
    assert_eq!(errs[0].field, "requests_per_hour");
    sc.requests_per_hour = 1e12;
    assert!(calculator::validate::validate(&book(), &sc)[0]
        .message
        .starts_with("Too large"));
}

#[test]
fn csv_and_json_exports_parse() {
    let (b, sc) = (book(), base());
    let r = compute(&b, &sc);
    let csv = calculator::export::results_csv(&r);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), r.rows.len() + 1);
    let cols = lines[0].split(',').count();
    for l in &lines {
        // Names with commas are quoted; count fields outside quotes.
        let mut n = 1;
        let mut q = false;
        for ch in l.chars() {
            match ch {
                '"' => q = !q,
                ',' if !q => n += 1,
                _ => {}
            }
        }
        assert_eq!(n, cols, "{l}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&calculator::export::results_json(&sc, &r)).expect("JSON parses");
    assert_eq!(json["rows"].as_array().unwrap().len(), r.rows.len());
    assert_eq!(json["columns"][9], "total_usd");
    assert_eq!(json["rows"][0][9], 972.0);
    assert_eq!(json["rows"][0][0], "Anthropic API");
    let back: calculator::Scenario = serde_json::from_value(json["scenario"].clone()).unwrap();
    assert_eq!(back, sc);
}

#[test]
fn query_string_carries_every_field() {
    let mut sc = base();
    sc.batch_share = 0.25;
    sc.enterprise_discount.insert("bedrock".into(), 0.12);
    let q = calculator::widget::scenario_query(&book(), &sc);
    for part in [
        "model=sonnet-4-6",
        "requests_per_hour=30",
        "prefix_tokens=20000",
        "batch_share=25",
        "discount_bedrock=12",
        "hit_source=traffic",
        "cache_ttl=5m",
        "discount_item=cache-read",
    ] {
        assert!(q.contains(part), "{part} missing from {q}");
    }
}

#[test]
fn the_update_render_leaves_out_closed_breakdowns_and_download_files() {
    let (b, sc) = (book(), base());
    let r = compute(&b, &sc);
    let (_, full) = calculator::widget::render_parts(&b, &sc);
    let (_, none_open) = calculator::widget::render_update(&b, &sc, &[]);
    let priced: Vec<String> = r
        .rows
        .iter()
        .filter(|row| row.outcome.is_ok())
        .map(|row| row.key())
        .collect();
    assert!(priced.len() > 2);
    // Everything before the breakdowns is the same.
    let cut = |h: &str| h[..h.find("<details").expect("breakdowns")].to_string();
    assert_eq!(cut(&full), cut(&none_open));
    assert_eq!(
        full.matches("<details class=\"calc-how\">").count(),
        priced.len()
    );
    assert_eq!(full.matches("</summary><ul>").count(), priced.len());
    assert_eq!(
        none_open.matches("</summary></details>").count(),
        priced.len()
    );
    for key in &priced {
        assert!(
            none_open.contains(&format!("<summary data-how=\"{key}\">")),
            "{key}"
        );
    }
    // One open row: its lines, and only its, exactly as the full render has them.
    let (_, one_open) = calculator::widget::render_update(&b, &sc, &priced[1..2]);
    assert_eq!(one_open.matches("</summary><ul>").count(), 1);
    // The open one says so (in the browser the render decides which are open); the full
    // render leaves them all closed, as the page without JavaScript starts.
    assert_eq!(
        one_open
            .matches("<details class=\"calc-how\" open>")
            .count(),
        1
    );
    assert!(!full.contains(" open>"));
    let lines = |h: &str| {
        let at = h.find(&format!("data-how=\"{}\"", priced[1])).unwrap();
        let body = &h[at..];
        body[..body.find("</details>").unwrap()].to_string()
    };
    assert_eq!(lines(&one_open), lines(&full));
    // Download links: the full render carries the files; the update render only their type.
    for kind in ["csv", "json"] {
        let with = calculator::widget::download_href(kind, &sc, &r, true);
        let without = calculator::widget::download_href(kind, &sc, &r, false);
        assert!(with.len() > without.len() + 100 && with.starts_with(&without));
        assert!(full.contains(&format!("href=\"{with}\"")), "{kind}");
        assert!(one_open.contains(&format!("href=\"{without}\"")), "{kind}");
        assert!(!one_open.contains(&with), "{kind}");
    }
}

/// The fixture book with two tokenizers, so the form has every select.
fn book_with_tokenizers() -> PriceBook {
    let mut b = book();
    for id in ["claude-3", "claude-4"] {
        b.tokenizers.push(calculator::prices::Tokenizer {
            id: id.into(),
            name: id.into(),
            tokens_per_base: 1.0,
        });
    }
    b
}

/// The `name`s of the form's inputs and selects, as rendered.
fn form_names(b: &PriceBook) -> Vec<String> {
    let html = render_widget(b, &base());
    let form = &html[..html.find("</form>").unwrap()];
    let mut names: Vec<String> = form
        .split(" name=\"")
        .skip(1)
        .map(|p| p[..p.find('"').unwrap()].to_string())
        .collect();
    names.dedup();
    names
}

#[test]
fn the_form_has_every_field_and_no_other() {
    let b = book_with_tokenizers();
    let names = form_names(&b);
    let mut expected: Vec<String> = fields::NUMBERS
        .iter()
        .map(|f| f.name)
        .chain(fields::CHOICES.iter().map(|c| c.name))
        .chain([fields::ITEMS])
        .map(String::from)
        .collect();
    expected.extend(b.providers.iter().map(|p| fields::discount_name(&p.id)));
    for name in &names {
        assert!(
            expected.contains(name),
            "{name} is not in calculator::fields"
        );
    }
    for name in &expected {
        assert!(names.contains(name), "the form has no {name}: {names:?}");
    }
    for p in &b.providers {
        assert_eq!(
            fields::discount_provider(&fields::discount_name(&p.id)),
            Some(p.id.as_str())
        );
    }
}

/// What the form shows is what the browser reads back: each field's get and set agree.
#[test]
fn a_scenario_read_back_from_its_fields_is_the_same() {
    let b = book();
    let mut measured = base().as_on_form(&b);
    measured.measured_hit_rate = Some(0.4);
    measured.tokens_from = "claude-3".into();
    measured.discount_items.truncate(2);
    for sc in [base().as_on_form(&b), measured] {
        let number = |name: &str| {
            let shown = fields::NUMBERS
                .iter()
                .find(|f| f.name == name)
                .map(|f| (f.get)(&sc).map(|x| f.shown(x)));
            match shown {
                Some(x) => x.unwrap_or(f64::NAN),
                None => {
                    fields::discount_provider(name).map_or(f64::NAN, |p| sc.discount(p) * 100.0)
                }
            }
        };
        let choice = |name: &str| {
            let c = fields::CHOICES.iter().find(|c| c.name == name).unwrap();
            (c.get)(&sc).to_string()
        };
        let back = fields::read(
            b.providers.iter().map(|p| p.id.as_str()),
            number,
            choice,
            |item| sc.discount_items.contains(&item),
        );
        assert_eq!(back, sc);
    }
}

/// The boot script names three fields; they must be the fields' names, and it must spell no
/// other field name.
#[test]
fn the_boot_script_names_only_fields_the_form_has() {
    let script = include_str!("../../static/js/calculator-boot.js");
    for (constant, name) in [
        ("MODEL", fields::MODEL.name),
        ("TOKENS_FROM", fields::TOKENS_FROM.name),
        ("ITEMS", fields::ITEMS),
    ] {
        let line = format!("const {constant} = \"{name}\";");
        assert!(script.contains(&line), "the boot script lacks `{line}`");
        assert_eq!(
            script.matches(&format!("\"{name}\"")).count(),
            1,
            "the boot script spells \"{name}\" outside `{line}`"
        );
    }
    let names = form_names(&book_with_tokenizers());
    for name in &names {
        let constants = ["model", "tokens_from", "discount_item"];
        if !constants.contains(&name.as_str()) {
            assert!(
                !script.contains(&format!("\"{name}\"")) && !script.contains(&format!(".{name}")),
                "the boot script names the field {name} without a constant"
            );
        }
    }
}
