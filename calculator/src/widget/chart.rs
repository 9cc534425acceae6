//! The two SVG charts, drawn from the model: monthly cost against hit rate (break-evens marked)
//! and against traffic on log scales (crossovers of no cache / 5-minute / 1-hour marked).
//! Both go through one plotting function (sampled series, axes, crossings), which keeps the
//! wasm small. Each line has its own colour and its own dash pattern (CSS classes `calc-s0`...
//! and `calc-d0`..., so dark mode is the stylesheet's) and is named at its end by a label with a
//! swatch of both, so neither colour nor dash alone has to tell lines apart. Labels are stacked
//! so they never overlap, and lines that coincide are said to in the caption.

use crate::format::{
    cat, count, decimal, int, money, percent, push_escaped as esc, push_int, round_i64,
};
use crate::model::{documented_min_ceiling, price_row, Cache, Report, Scenario};
use crate::prices::PriceBook;

const X0: f64 = 84.0;
const X1: f64 = 608.0;
const Y0: f64 = 16.0;
const Y1: f64 = 250.0;
const SAMPLES: usize = 41;

/// The label column right of the plot: swatch, then text.
const LABEL_X: f64 = 616.0;
const WIDTH: &str = "820";
/// Height of one line of label text.
const LINE_H: f64 = 14.0;

/// One line: colour class index, dash class index, its name and what of it the line shows
/// (`cached`; empty for none: each a line of its label), points in axis units (log10 on log
/// axes).
struct Series {
    class: usize,
    dash: usize,
    name: String,
    part: &'static str,
    pts: Vec<(f64, f64)>,
}

/// Both charts, as `<figure>`s.
pub fn charts(s: &mut String, book: &PriceBook, sc: &Scenario, r: &Report) {
    hit_rate_chart(s, book, sc, r);
    traffic_chart(s, book, sc, r);
}

/// `10^x` through `exp`, which the traffic model links anyway (`pow` would add 1.6 KB of wasm).
fn exp10(x: f64) -> f64 {
    libm::exp(x * core::f64::consts::LN_10)
}

fn hit_rate_chart(s: &mut String, book: &PriceBook, sc: &Scenario, r: &Report) {
    let ttl = sc.cache_ttl;
    let mut series = Vec::new();
    let mut pairs = Vec::new();
    let mut missing = String::new();
    for (k, p) in book.providers.iter().enumerate() {
        let Some(offer) = book.offer(&p.id, &sc.model) else {
            continue;
        };
        let Some(route) = offer.routes.first() else {
            continue;
        };
        let mut t = sc.clone();
        let mut cost = |cache, h| -> Result<f64, String> {
            t.measured_hit_rate = Some(h);
            let c = price_row(documented_min_ceiling(book), offer, route, cache, &t)?;
            if c.cached || cache == Cache::None {
                Ok(c.exact_total)
            } else {
                Err("the prefix is too short to be cached".into())
            }
        };
        let drawn: Result<[f64; 3], String> = (|| {
            Ok([
                cost(Cache::None, 0.0)?,
                cost(Cache::Ttl(ttl), 0.0)?,
                cost(Cache::Ttl(ttl), 1.0)?,
            ])
        })();
        let [none, c0, c1] = match drawn {
            Ok(v) => v,
            // A provider left off the chart is named, with why.
            Err(why) => {
                missing.push_str(&cat(&[&p.name, " is not drawn: ", &why, ". "]));
                continue;
            }
        };
        pairs.push((series.len(), series.len() + 1));
        for (cached, pts) in [
            (false, [(0.0, none), (1.0, none)]),
            (true, [(0.0, c0), (1.0, c1)]),
        ] {
            series.push(Series {
                class: k,
                dash: series.len(),
                name: p.name.clone(),
                part: if cached { "cached" } else { "not cached" },
                pts: pts.to_vec(),
            });
        }
    }
    let mut title = String::from("Monthly cost against cache hit rate, ");
    title.push_str(Cache::Ttl(ttl).label());
    let mut cap = String::from("Each line is named at its right end. Dots mark break-even; the dotted line is this scenario's hit rate. ");
    cap.push_str(&missing);
    let label = |_: usize, _: usize, x: f64| cat(&["break-even at ", &percent(x)]);
    plot(
        s,
        "calc-c1",
        &title,
        false,
        &series,
        &pairs,
        r.hit_rate_for(ttl),
        &label,
        &cap,
    );
}

fn traffic_chart(s: &mut String, book: &PriceBook, sc: &Scenario, r: &Report) {
    let Some(best) = r.cheapest().map(|i| &r.rows[i]) else {
        return;
    };
    let Some(offer) = book.offer(&best.provider, &sc.model) else {
        return;
    };
    let Some(route) = offer.routes.get(best.route_index) else {
        return;
    };
    let mid = if sc.requests_per_hour > 0.0 {
        libm::log10(sc.requests_per_hour).round()
    } else {
        1.0
    };
    let mut t = sc.clone();
    t.measured_hit_rate = None;
    let mut series = Vec::new();
    for (k, cache) in Cache::ALL.into_iter().enumerate() {
        let mut pts = Vec::with_capacity(SAMPLES);
        for i in 0..SAMPLES {
            let lx = mid - 2.0 + 4.0 * i as f64 / (SAMPLES - 1) as f64;
            t.requests_per_hour = exp10(lx);
            let Ok(c) = price_row(documented_min_ceiling(book), offer, route, cache, &t) else {
                break;
            };
            pts.push((lx, libm::log10(c.exact_total.max(0.01))));
        }
        if pts.len() == SAMPLES {
            series.push(Series {
                class: k,
                dash: k,
                name: cache.label().into(),
                part: "",
                pts,
            });
        }
    }
    let pairs: Vec<(usize, usize)> = (0..series.len())
        .flat_map(|a| (a + 1..series.len()).map(move |b| (a, b)))
        .collect();
    let mut title = String::from("Monthly cost against requests per hour (log scales), ");
    title.push_str(&best.provider_name);
    let cap = String::from("Hit rates from the traffic model; each line is named at its right end; dots mark crossovers; the dotted line is this scenario's traffic. ");
    let label = |a: usize, b: usize, x: f64| {
        let (ca, cb) = (
            Cache::ALL[series[a].class].label(),
            Cache::ALL[series[b].class].label(),
        );
        cat(&[
            ca,
            " = ",
            cb,
            " at ",
            &decimal(exp10(x), 0, 2),
            " requests an hour",
        ])
    };
    let now = if sc.requests_per_hour > 0.0 {
        libm::log10(sc.requests_per_hour)
    } else {
        f64::NAN
    };
    plot(
        s, "calc-c2", &title, true, &series, &pairs, now, &label, &cap,
    );
}

/// Draws series in a frame. `log`: both axes are log10 (x requests, y dollars); otherwise x is
/// a share (0..1) and y dollars from 0. Crossings of each pair are marked with a dot whose
/// tooltip comes from `label(a, b, x)`.
#[allow(clippy::too_many_arguments)]
fn plot(
    s: &mut String,
    id: &str,
    title: &str,
    log: bool,
    series: &[Series],
    pairs: &[(usize, usize)],
    now: f64,
    label: &dyn Fn(usize, usize, f64) -> String,
    caption: &str,
) {
    s.push_str("<figure class=\"calc-fig\"><svg class=\"calc-chart\" viewBox=\"0 0 ");
    s.push_str(WIDTH);
    s.push_str(" 300\" role=\"img\" aria-labelledby=\"");
    s.push_str(id);
    s.push_str("\"><title id=\"");
    s.push_str(id);
    s.push_str("\">");
    esc(s, title);
    s.push_str("</title>");
    let all = series.iter().flat_map(|l| l.pts.iter());
    let (mut xa, mut xb, mut ya, mut yb) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in all {
        (xa, xb, ya, yb) = (xa.min(x), xb.max(x), ya.min(y), yb.max(y));
    }
    if series.is_empty() {
        (xa, xb, ya, yb) = (0.0, 1.0, 0.0, 1.0);
    }
    // Log y: whole decades around the data. Linear y: from 0 to a round figure.
    let (ya, yb, ystep) = if log {
        (ya.floor(), yb.ceil().max(ya.floor() + 1.0), 1.0)
    } else {
        let top = nice(yb * 1.05);
        (0.0, top, top / 4.0)
    };
    let xstep = if log { 1.0 } else { 0.25 };
    let px = |x: f64| X0 + (x - xa) / (xb - xa) * (X1 - X0);
    let py = |y: f64| Y1 - (y - ya) / (yb - ya) * (Y1 - Y0);
    let mut v = xa;
    while v <= xb + 1e-9 {
        line(s, "calc-grid", px(v), Y0, px(v), Y1);
        let t = if log {
            decimal(exp10(v), 0, 2)
        } else {
            percent(v)
        };
        text(s, px(v), Y1 + 18.0, "middle", &t);
        v += xstep;
    }
    let mut v = ya;
    while v <= yb + 1e-9 {
        line(s, "calc-grid", X0, py(v), X1, py(v));
        let dollars = if log { exp10(v) } else { v };
        // Whole dollars from $10 up: axis labels stay short enough for the margin.
        let t = if dollars >= 9.995 {
            cat(&["$", &count(dollars)])
        } else {
            money(round_i64(dollars * 100.0))
        };
        text(s, X0 - 6.0, py(v) + 4.0, "end", &t);
        v += ystep;
    }
    line(s, "calc-axis", X0, Y1, X1, Y1);
    line(s, "calc-axis", X0, Y0, X0, Y1);
    let xname = if log {
        "requests per hour while active"
    } else {
        "cache hit rate"
    };
    text(s, (X0 + X1) / 2.0, 294.0, "middle", xname);
    for l in series {
        s.push_str("<polyline class=\"");
        s.push_str(&classes(l));
        s.push_str("\" points=\"");
        for &(x, y) in &l.pts {
            num(s, px(x));
            s.push(',');
            num(s, py(y));
            s.push(' ');
        }
        s.push_str("\"/>");
    }
    for &(a, b) in pairs {
        let (pa, pb) = (&series[a].pts, &series[b].pts);
        for i in 1..pa.len().min(pb.len()) {
            let (d0, d1) = (pa[i - 1].1 - pb[i - 1].1, pa[i].1 - pb[i].1);
            if d0 == 0.0 || (d0 > 0.0) == (d1 > 0.0) {
                continue;
            }
            let f = d0 / (d0 - d1);
            let x = pa[i - 1].0 + f * (pa[i].0 - pa[i - 1].0);
            let y = pa[i - 1].1 + f * (pa[i].1 - pa[i - 1].1);
            s.push_str("<circle class=\"calc-cross\" cx=\"");
            num(s, px(x));
            s.push_str("\" cy=\"");
            num(s, py(y));
            s.push_str("\" r=\"5\"><title>");
            esc(s, &label(a, b, x));
            s.push_str("</title></circle>");
        }
    }
    if now >= xa && now <= xb {
        line(s, "calc-now", px(now), Y0, px(now), Y1);
    }
    let ends: Vec<(f64, f64)> = series
        .iter()
        .map(|l| l.pts.last().map_or((X1, Y1), |&(x, y)| (px(x), py(y))))
        .collect();
    labels(s, series, &ends);
    s.push_str("</svg><figcaption>");
    esc(s, caption);
    // The labels are inside the image; the caption names the lines for a screen reader too.
    if !series.is_empty() {
        s.push_str("Lines: ");
        for (i, l) in series.iter().enumerate() {
            if i > 0 {
                s.push_str("; ");
            }
            esc(s, &label_of(l));
        }
        s.push_str(". ");
    }
    esc(s, &overlaps(series));
    s.push_str("</figcaption></figure>");
}

fn classes(l: &Series) -> String {
    cat(&[
        "calc-s",
        &int(l.class as i64),
        " calc-d",
        &int(l.dash as i64),
    ])
}

/// The name of every line at the right of the plot, level with the line's end where there is
/// room, stacked top to bottom where ends are close (or equal), each with a swatch of the
/// line's colour and dash and, when moved, a leader to the line's end.
fn labels(s: &mut String, series: &[Series], ends: &[(f64, f64)]) {
    let mut order: Vec<usize> = (0..series.len()).collect();
    // Ends from top to bottom, equal ends in drawing order; an insertion sort keeps the wasm
    // small (at most six lines).
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && ends[order[j]].1 < ends[order[j - 1]].1 {
            order.swap(j, j - 1);
            j -= 1;
        }
    }
    let height = |i: usize| {
        if series[i].part.is_empty() {
            LINE_H
        } else {
            2.0 * LINE_H
        }
    };
    let mut tops = vec![0.0; series.len()];
    let mut next = 0.0f64;
    for &i in &order {
        let top = (ends[i].1 - LINE_H / 2.0).max(next);
        tops[i] = top;
        next = top + height(i) + 4.0;
    }
    // Pushed below the frame: shift up from the bottom.
    let mut limit = 300.0f64;
    for &i in order.iter().rev() {
        tops[i] = tops[i].min(limit - height(i));
        limit = tops[i] - 4.0;
    }
    for (i, l) in series.iter().enumerate() {
        let mid = tops[i] + LINE_H / 2.0;
        if (mid - ends[i].1).abs() > 1.0 {
            line(s, "calc-lead", ends[i].0, ends[i].1, LABEL_X, mid);
        }
        line(s, &classes(l), LABEL_X + 2.0, mid, LABEL_X + 26.0, mid);
        text(s, LABEL_X + 32.0, mid + 4.0, "start", &l.name);
        if !l.part.is_empty() {
            text(s, LABEL_X + 32.0, mid + 4.0 + LINE_H, "start", l.part);
        }
    }
}

/// A line's label on one line of text: "Bedrock (cached)", "1-hour cache".
fn label_of(l: &Series) -> String {
    if l.part.is_empty() {
        l.name.clone()
    } else {
        cat(&[&l.name, " (", l.part, ")"])
    }
}

/// "A and B overlap: the same price." for every group of lines with the same values.
fn overlaps(series: &[Series]) -> String {
    let same = |a: &Series, b: &Series| {
        a.pts.len() == b.pts.len()
            && a.pts
                .iter()
                .zip(&b.pts)
                .all(|(p, q)| p.0 == q.0 && (p.1 - q.1).abs() <= 1e-9 * p.1.abs().max(1.0))
    };
    let mut out = String::new();
    let mut done = vec![false; series.len()];
    for i in 0..series.len() {
        let group: Vec<usize> = (i..series.len())
            .filter(|&j| !done[j] && same(&series[i], &series[j]))
            .collect();
        if group.len() < 2 {
            continue;
        }
        for (n, &j) in group.iter().enumerate() {
            done[j] = true;
            if n > 0 {
                out.push_str(if n + 1 == group.len() { " and " } else { ", " });
            }
            out.push_str(&label_of(&series[j]));
        }
        out.push_str(" overlap: the same price. ");
    }
    out
}

/// A "nice" upper bound (1, 2 or 5 times a power of ten) at or above `x`.
fn nice(x: f64) -> f64 {
    // NaN lands here too.
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    let p = exp10(libm::log10(x).floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= x * 0.999_999 {
            return m * p;
        }
    }
    10.0 * p
}

fn num(s: &mut String, v: f64) {
    push_int(s, round_i64(v));
}

fn text(s: &mut String, x: f64, y: f64, anchor: &str, t: &str) {
    s.push_str("<text x=\"");
    num(s, x);
    s.push_str("\" y=\"");
    num(s, y);
    s.push_str("\" text-anchor=\"");
    s.push_str(anchor);
    s.push_str("\">");
    esc(s, t);
    s.push_str("</text>");
}

fn line(s: &mut String, class: &str, x1: f64, y1: f64, x2: f64, y2: f64) {
    s.push_str("<line class=\"");
    s.push_str(class);
    for (k, v) in [
        ("\" x1=\"", x1),
        ("\" y1=\"", y1),
        ("\" x2=\"", x2),
        ("\" y2=\"", y2),
    ] {
        s.push_str(k);
        num(s, v);
    }
    s.push_str("\"/>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compute;
    use crate::testdata::{book, scenario};

    #[test]
    fn charts_mark_break_evens_and_crossovers() {
        let (b, sc) = (book(), scenario());
        let mut s = String::new();
        charts(&mut s, &b, &sc, &compute(&b, &sc));
        assert_eq!(s.matches("<svg").count(), 2);
        // Two providers: a break-even dot each at 21.7 % (5-minute TTL, list multipliers).
        assert_eq!(s.matches("break-even at 21.7%").count(), 2, "{s}");
        // Against traffic, the 5-minute and 1-hour caches cross somewhere in four decades.
        assert!(s.contains("5-minute cache = 1-hour cache at "), "{s}");
        assert!(!s.contains("NaN"));
    }

    type Parsed = (Vec<(i64, i64, String)>, Vec<String>, Vec<String>);

    /// `(x, y, text)` of every `<text>` element and the class of every `<polyline>` and
    /// `<line>` of an SVG string.
    fn parse(svg: &str) -> Parsed {
        let attr = |el: &str, name: &str| -> String {
            let start = el.find(&format!(" {name}=\"")).map(|i| i + name.len() + 3);
            start.map_or(String::new(), |i| {
                el[i..].split('"').next().unwrap_or("").to_owned()
            })
        };
        let (mut texts, mut polys, mut lines) = (Vec::new(), Vec::new(), Vec::new());
        for el in svg.split('<').skip(1) {
            if let Some(body) = el.strip_prefix("text ") {
                let (head, content) = body.split_once('>').unwrap();
                let head = [" ", head].concat();
                let n = |k| attr(&head, k).parse::<i64>().unwrap();
                texts.push((n("x"), n("y"), content.to_owned()));
            } else if el.starts_with("polyline ") {
                polys.push(attr(el, "class"));
            } else if el.starts_with("line ") {
                lines.push(attr(el, "class"));
            }
        }
        (texts, polys, lines)
    }

    fn hit_rate_svg(b: &PriceBook, sc: &Scenario) -> String {
        let mut s = String::new();
        hit_rate_chart(&mut s, b, sc, &compute(b, sc));
        s
    }

    #[test]
    fn every_line_is_named_at_its_end_with_its_colour_and_dash() {
        let (b, sc) = (book(), scenario());
        let s = hit_rate_svg(&b, &sc);
        let (texts, polys, lines) = parse(&s);
        assert_eq!(polys.len(), 4, "two providers, cached and not: {s}");
        let mut dashes: Vec<&str> = polys.iter().map(|c| c.split(' ').nth(1).unwrap()).collect();
        dashes.sort();
        dashes.dedup();
        assert_eq!(dashes.len(), 4, "a dash pattern per line: {polys:?}");
        for class in &polys {
            assert!(
                lines.contains(class),
                "no swatch drawn as {class}: {lines:?}"
            );
        }
        let label_x = (LABEL_X + 32.0) as i64;
        let labels: Vec<&(i64, i64, String)> = texts.iter().filter(|t| t.0 == label_x).collect();
        let words: Vec<&str> = labels.iter().map(|t| t.2.as_str()).collect();
        for name in ["Anthropic API", "Amazon Bedrock"] {
            assert_eq!(words.iter().filter(|w| **w == name).count(), 2, "{words:?}");
        }
        assert_eq!(words.iter().filter(|w| **w == "cached").count(), 2);
        assert_eq!(words.iter().filter(|w| **w == "not cached").count(), 2);
        // The providers' prices are equal: their lines coincide, and so would their labels, but
        // no two label lines share a place.
        let mut ys: Vec<i64> = labels.iter().map(|t| t.1).collect();
        ys.sort();
        for w in ys.windows(2) {
            assert!(w[1] - w[0] >= LINE_H as i64, "labels overlap: {ys:?}");
        }
        let cap = s.split("<figcaption>").nth(1).unwrap();
        assert!(
            cap.contains("Anthropic API (not cached) and Amazon Bedrock (not cached) overlap: the same price."),
            "{cap}"
        );
        assert!(
            cap.contains(
                "Anthropic API (cached) and Amazon Bedrock (cached) overlap: the same price."
            ),
            "{cap}"
        );
        assert!(!s.contains("Colour 1"));
        // The text alternative names every line.
        assert!(
            cap.contains("Lines: Anthropic API (not cached); Anthropic API (cached); Amazon Bedrock (not cached); Amazon Bedrock (cached)."),
            "{cap}"
        );
    }

    #[test]
    fn lines_apart_are_not_said_to_overlap_and_a_missing_line_is_named() {
        let (mut b, sc) = (book(), scenario());
        for o in b.offers.iter_mut().filter(|o| o.provider == "bedrock") {
            o.input_mtok = o.input_mtok.map(|x| x * 2.0);
        }
        let s = hit_rate_svg(&b, &sc);
        assert!(!s.contains("overlap"), "{s}");
        let mut sc1 = sc.clone();
        sc1.cache_ttl = crate::model::Ttl::OneHour;
        for o in b.offers.iter_mut().filter(|o| o.provider == "bedrock") {
            o.cache.as_mut().unwrap().write_1h = crate::prices::Mult::Unknown;
        }
        let s = hit_rate_svg(&b, &sc1);
        assert!(
            s.contains("Amazon Bedrock is not drawn: 1-hour cache price not published."),
            "{s}"
        );
        assert_eq!(parse(&s).1.len(), 2, "only Anthropic's two lines");
    }

    #[test]
    fn nice_rounds_up_to_1_2_5() {
        assert_eq!(nice(0.0), 1.0);
        assert!((nice(730.0) - 1000.0).abs() < 1e-9);
        assert!((nice(180.0) - 200.0).abs() < 1e-9);
        assert!((nice(41.0) - 50.0).abs() < 1e-9);
    }
}
