//! `cargo xtask serve`: build, serve `public/`, watch the sources, rebuild and live-reload.
//!
//! Threads: one accepts HTTP requests and hands each to a short-lived thread (event streams live
//! as long as their tab); the main thread waits for file changes and runs builds one at a time.

mod events;
mod files;
mod headers;
mod watch;

use crate::site::{self, BuildOptions};
use crate::util::{step, warn};
use anyhow::{bail, Result};
use events::Hub;
use std::net::TcpListener;
use std::sync::Arc;

const RELOAD_JS: &str = include_str!("reload.js");

#[derive(Debug)]
pub struct ServeOptions {
    pub address: String,
    pub port: u16,
    pub release: bool,
}

pub fn run(opts: ServeOptions) -> Result<()> {
    // Bind before the first build so a busy port is reported at once, not minutes later.
    let listener = match TcpListener::bind((opts.address.as_str(), opts.port)) {
        Ok(listener) => listener,
        Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "port {} on {} is already in use (another `cargo xtask serve`?): stop it or pick \
             another port with `cargo xtask serve --port N`",
            opts.port,
            opts.address
        ),
        Err(err) => bail!("could not listen on {}:{}: {err}", opts.address, opts.port),
    };
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| anyhow::anyhow!("could not start the HTTP server: {e}"))?;
    let url = format!("http://{}:{}/", opts.address, opts.port);
    step(format!(
        "listening on {url}; building first (the page reloads when it is done)"
    ));
    let hub = Hub::new();
    {
        let hub = Arc::clone(&hub);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let hub = Arc::clone(&hub);
                std::thread::spawn(move || handle(request, &hub));
            }
        });
    }

    let watch = watch::start()?;
    let mut opts_build = BuildOptions {
        precompress: "off",
        ..BuildOptions::publish(opts.release)
    };
    rebuild(&hub, opts_build);
    step(format!(
        "serving {} at {url} (watching {}; Ctrl-C stops)",
        site::public_dir().display(),
        watch::WATCHED.join("/, ") + "/"
    ));
    while let Some(changed) = watch.next() {
        step(format!("changed: {}", watch::describe(&changed)));
        opts_build.wasm = watch::touches_calculator(&changed);
        // Data, content and static files are read when the generator runs; templates are
        // compiled into it.
        opts_build.generator = watch::touches_templates(&changed);
        rebuild(&hub, opts_build);
    }
    bail!("the file watcher stopped")
}

/// One build; the tabs reload after a good one and show the errors after a failed one. The
/// generator only swaps `public/` in when every page rendered, so a failure leaves it serving.
fn rebuild(hub: &Hub, opts: BuildOptions) {
    hub.building();
    match site::build(opts) {
        Ok(()) => {
            hub.built();
            step("reloading open tabs");
        }
        Err(errors) => {
            warn("build failed: still serving the last good build (errors above, and in the open tabs)");
            hub.failed(errors);
        }
    }
}

fn handle(request: tiny_http::Request, hub: &Hub) {
    use tiny_http::Method;
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_string();
    // The headers production sends for this path (from the build's `_headers`).
    let policy = headers::Rules::load(&site::public_dir()).for_path(&path);
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = files::with_headers(
            tiny_http::Response::from_string("only GET and HEAD are served"),
            "text/plain; charset=utf-8",
            &policy,
        )
        .with_status_code(405)
        .with_header(files::header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    match path.as_str() {
        "/__dev/events" => events::stream(hub, request),
        "/__dev/reload.js" => {
            let response = files::with_headers(
                tiny_http::Response::from_string(RELOAD_JS),
                "text/javascript; charset=utf-8",
                &policy,
            );
            let _ = request.respond(response);
        }
        _ => files::respond(request, &site::public_dir()),
    }
}
