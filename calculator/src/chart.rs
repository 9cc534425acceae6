//! The two SVG charts, drawn from the model: monthly cost against hit rate (break-even marked)
//! and against traffic on log scales (crossovers of no cache / 5-minute / 1-hour marked).
//! Colours come from CSS classes (`calc-s0`...), so dark mode is the stylesheet's business.

use crate::format::{decimal, int, money, percent, push_escaped as esc, push_int};
use crate::model::{price_row, Cache, Report, Scenario, Ttl};
use crate::prices::PriceBook;

const W: f64 = 640.0;
const H: f64 = 300.0;
const X0: f64 = 76.0;
const X1: f64 = 624.0;
const Y0: f64 = 16.0;
const Y1: f64 = 250.0;
const SAMPLES: usize = 49;

/// Both charts, as `<figure>`s.
pub fn charts(s: &mut String, book: &PriceBook, sc: &Scenario, r: &Report) {
    hit_rate_chart(s, book, sc, r);
    traffic_chart(s, book, sc, r);
}

fn open(s: &mut String, id: &str, title: &str) {
    s.push_str("<figure class=\"calc-fig\"><svg class=\"calc-chart\" viewBox=\"0 0 ");
    push_int(s, W as i64);
    s.push(' ');
    push_int(s, H as i64);
    s.push_str("\" role=\"img\" aria-labelledby=\"");
    s.push_str(id);
    s.push_str("-t\"><title id=\"");
    s.push_str(id);
    s.push_str("-t\">");
    esc(s, title);
    s.push_str("</title>");
}

fn close(s: &mut String, caption: &str) {
    s.push_str("</svg><figcaption>");
    esc(s, caption);
    s.push_str("</figcaption></figure>");
}

fn px(s: &mut String, v: f64) {
    push_int(s, crate::format::round_i64(v));
}

fn text(s: &mut String, x: f64, y: f64, anchor: &str, t: &str) {
    s.push_str("<text x=\"");
    px(s, x);
    s.push_str("\" y=\"");
    px(s, y);
    s.push_str("\" text-anchor=\"");
    s.push_str(anchor);
    s.push_str("\">");
    esc(s, t);
    s.push_str("</text>");
}

fn line(s: &mut String, class: &str, x1: f64, y1: f64, x2: f64, y2: f64) {
    s.push_str("<line class=\"");
    s.push_str(class);
    s.push_str("\" x1=\"");
    px(s, x1);
    s.push_str("\" y1=\"");
    px(s, y1);
    s.push_str("\" x2=\"");
    px(s, x2);
    s.push_str("\" y2=\"");
    px(s, y2);
    s.push_str("\"/>");
}

fn polyline(s: &mut String, class: &str, pts: &[(f64, f64)]) {
    s.push_str("<polyline class=\"");
    s.push_str(class);
    s.push_str("\" points=\"");
    for (i, (x, y)) in pts.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        px(s, *x);
        s.push(',');
        px(s, *y);
    }
    s.push_str("\"/>");
}

fn dot(s: &mut String, class: &str, x: f64, y: f64, label: &str) {
    s.push_str("<circle class=\"");
    s.push_str(class);
    s.push_str("\" cx=\"");
    px(s, x);
    s.push_str("\" cy=\"");
    px(s, y);
    s.push_str("\" r=\"5\"><title>");
    esc(s, label);
    s.push_str("</title></circle>");
}

/// A "nice" upper bound (1, 2 or 5 times a power of ten) at or above `x`.
fn nice(x: f64) -> f64 {
    // NaN lands here too.
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    let p = libm::pow(10.0, libm::floor(libm::log10(x)));
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

fn hit_rate_chart(s: &mut String, book: &PriceBook, sc: &Scenario, r: &Report) {
    let ttl = sc.cache_ttl;
    let ttl_label = if ttl == Ttl::FiveMinutes {
        "5-minute"
    } else {
        "1-hour"
    };
    // Per provider (base route): cost uncached, and cached at hit rate 0 and 1 (linear between).
    let mut series: Vec<(usize, &str, f64, f64, f64)> = Vec::new();
    for (k, p) in book.providers.iter().enumerate() {
        let Some(offer) = book
            .offers
            .iter()
            .find(|o| o.provider == p.id && o.model == sc.model)
        else {
            continue;
        };
        let Some(route) = offer.routes.first() else {
            continue;
        };
        let Ok(none) = price_row(offer, route, Cache::None, sc) else {
            continue;
        };
        let at = |h: f64| {
            let mut t = sc.clone();
            t.measured_hit_rate = Some(h);
            price_row(offer, route, Cache::Ttl(ttl), &t)
                .ok()
                .filter(|c| c.cached)
                .map(|c| c.exact_total)
        };
        if let (Some(c0), Some(c1)) = (at(0.0), at(1.0)) {
            series.push((k, p.name.as_str(), none.exact_total, c0, c1));
        }
    }
    let mut title = String::from("Monthly cost against cache hit rate, ");
    title.push_str(ttl_label);
    title.push_str(" cache");
    open(s, "calc-c1", &title);
    let ymax = nice(
        series
            .iter()
            .map(|t| t.2.max(t.3).max(t.4))
            .fold(0.0, f64::max)
            * 1.05,
    );
    let x = |h: f64| X0 + h * (X1 - X0);
    let y = |v: f64| Y1 - v / ymax * (Y1 - Y0);
    axes(s);
    for i in 0..=4 {
        let h = i as f64 / 4.0;
        line(s, "calc-grid", x(h), Y0, x(h), Y1);
        text(s, x(h), Y1 + 18.0, "middle", &percent(h));
        let v = ymax * h;
        line(s, "calc-grid", X0, y(v), X1, y(v));
        text(
            s,
            X0 - 6.0,
            y(v) + 4.0,
            "end",
            &money(crate::format::round_i64(v * 100.0)),
        );
    }
    text(s, (X0 + X1) / 2.0, H - 6.0, "middle", "cache hit rate");
    for (k, name, none, c0, c1) in &series {
        let class = ["calc-s", &int(*k as i64)].concat();
        polyline(
            s,
            &[class.as_str(), " calc-dash"].concat(),
            &[(x(0.0), y(*none)), (x(1.0), y(*none))],
        );
        polyline(s, &class, &[(x(0.0), y(*c0)), (x(1.0), y(*c1))]);
        // Break-even: where the cached line crosses the uncached one.
        if c0 > none && c1 < none {
            let h = (c0 - none) / (c0 - c1);
            let mut label = String::from(*name);
            label.push_str(": break-even at ");
            label.push_str(&percent(h));
            dot(s, &class, x(h), y(*none), &label);
            text(
                s,
                x(h),
                y(*none) - 10.0 - 14.0 * *k as f64,
                "middle",
                &percent(h),
            );
        }
    }
    let h_now = r.hit_rate_for(ttl);
    line(s, "calc-now", x(h_now), Y0, x(h_now), Y1);
    let mut cap = String::from("Solid: with a ");
    cap.push_str(ttl_label);
    cap.push_str(" cache; dashed: without. Dots mark the break-even hit rate; the vertical line is this scenario's ");
    cap.push_str(&percent(h_now));
    cap.push_str(". ");
    legend_text(
        &mut cap,
        &series.iter().map(|t| (t.0, t.1)).collect::<Vec<_>>(),
    );
    close(s, &cap);
}

fn legend_text(cap: &mut String, names: &[(usize, &str)]) {
    for (i, (k, name)) in names.iter().enumerate() {
        if i > 0 {
            cap.push_str(", ");
        }
        cap.push_str(["colour ", &int(*k as i64 + 1), ": "].concat().as_str());
        cap.push_str(name);
    }
    if !names.is_empty() {
        cap.push('.');
    }
}

fn axes(s: &mut String) {
    line(s, "calc-axis", X0, Y1, X1, Y1);
    line(s, "calc-axis", X0, Y0, X0, Y1);
}

fn traffic_chart(s: &mut String, book: &PriceBook, sc: &Scenario, r: &Report) {
    let Some(best) = r.cheapest().map(|i| &r.rows[i]) else {
        return;
    };
    let Some(offer) = book
        .offers
        .iter()
        .find(|o| o.provider == best.provider && o.model == sc.model)
    else {
        return;
    };
    let Some(route) = offer.routes.get(best.route_index) else {
        return;
    };
    let lam = sc.requests_per_hour;
    let (lo, hi) = if lam > 0.0 {
        (libm::log10(lam) - 2.0, libm::log10(lam) + 2.0)
    } else {
        (-1.0, 3.0)
    };
    let (lo, hi) = (libm::floor(lo), libm::ceil(hi));
    let xs: Vec<f64> = (0..SAMPLES)
        .map(|i| lo + (hi - lo) * i as f64 / (SAMPLES - 1) as f64)
        .collect();
    let mut t = sc.clone();
    t.measured_hit_rate = None;
    let mut series: Vec<(Cache, Vec<f64>)> = Vec::new();
    for cache in Cache::ALL {
        let ys: Option<Vec<f64>> = xs
            .iter()
            .map(|lx| {
                t.requests_per_hour = libm::pow(10.0, *lx);
                price_row(offer, route, cache, &t)
                    .ok()
                    .map(|c| c.exact_total)
            })
            .collect();
        if let Some(ys) = ys {
            series.push((cache, ys));
        }
    }
    let all = series
        .iter()
        .flat_map(|(_, ys)| ys.iter().copied())
        .filter(|v| *v > 0.0);
    let (mut ylo, mut yhi) = (f64::MAX, 0.0f64);
    for v in all {
        ylo = ylo.min(v);
        yhi = yhi.max(v);
    }
    let mut title = String::from("Monthly cost against requests per hour (log scales), ");
    title.push_str(&best.provider_name);
    title.push_str(", ");
    title.push_str(&best.route_name);
    open(s, "calc-c2", &title);
    if yhi <= 0.0 {
        text(
            s,
            W / 2.0,
            H / 2.0,
            "middle",
            "Nothing to charge: every token count is zero",
        );
        close(s, "");
        return;
    }
    let (ylo, yhi) = (
        libm::floor(libm::log10(ylo)),
        libm::ceil(libm::log10(yhi)).max(libm::floor(libm::log10(ylo)) + 1.0),
    );
    let x = |lx: f64| X0 + (lx - lo) / (hi - lo) * (X1 - X0);
    let y = |v: f64| {
        let lv = if v > 0.0 { libm::log10(v) } else { ylo };
        Y1 - (lv.max(ylo) - ylo) / (yhi - ylo) * (Y1 - Y0)
    };
    axes(s);
    let mut d = lo;
    while d <= hi {
        line(s, "calc-grid", x(d), Y0, x(d), Y1);
        text(
            s,
            x(d),
            Y1 + 18.0,
            "middle",
            &decimal(libm::pow(10.0, d), 0, 2),
        );
        d += 1.0;
    }
    let step = if yhi - ylo > 6.0 { 2.0 } else { 1.0 };
    let mut e = ylo;
    while e <= yhi {
        let v = libm::pow(10.0, e);
        line(s, "calc-grid", X0, y(v), X1, y(v));
        text(
            s,
            X0 - 6.0,
            y(v) + 4.0,
            "end",
            &money(crate::format::round_i64(v * 100.0)),
        );
        e += step;
    }
    text(
        s,
        (X0 + X1) / 2.0,
        H - 6.0,
        "middle",
        "requests per hour while active",
    );
    for (k, (_, ys)) in series.iter().enumerate() {
        let pts: Vec<(f64, f64)> = xs.iter().zip(ys).map(|(lx, v)| (x(*lx), y(*v))).collect();
        polyline(s, &["calc-s", &int(k as i64)].concat(), &pts);
    }
    // Crossovers: sign changes of the difference between two series, interpolated in log x.
    let mut crossings = 0;
    for a in 0..series.len() {
        for b in a + 1..series.len() {
            let (ya, yb) = (&series[a].1, &series[b].1);
            for i in 1..xs.len() {
                let (d0, d1) = (ya[i - 1] - yb[i - 1], ya[i] - yb[i]);
                if d0 == 0.0 || d0.signum() == d1.signum() {
                    continue;
                }
                let f = d0 / (d0 - d1);
                let lx = xs[i - 1] + f * (xs[i] - xs[i - 1]);
                let v = ya[i - 1] + f * (ya[i] - ya[i - 1]);
                let mut label = String::from(series[a].0.label());
                label.push_str(" and ");
                label.push_str(&series[b].0.label().to_ascii_lowercase());
                label.push_str(" cost the same at ");
                label.push_str(&decimal(libm::pow(10.0, lx), 0, 2));
                label.push_str(" requests an hour");
                dot(s, "calc-cross", x(lx), y(v), &label);
                crossings += 1;
            }
        }
    }
    if lam > 0.0 {
        line(
            s,
            "calc-now",
            x(libm::log10(lam)),
            Y0,
            x(libm::log10(lam)),
            Y1,
        );
    }
    let mut cap = String::new();
    for (k, (c, _)) in series.iter().enumerate() {
        if k > 0 {
            cap.push_str(", ");
        }
        cap.push_str(["colour ", &int(k as i64 + 1), ": "].concat().as_str());
        cap.push_str(&c.label().to_ascii_lowercase());
    }
    cap.push_str(". Hit rates from the traffic model; ");
    push_int(&mut cap, crossings);
    cap.push_str(if crossings == 1 {
        " crossover marked"
    } else {
        " crossovers marked"
    });
    cap.push_str("; the vertical line is this scenario's traffic.");
    close(s, &cap);
}
