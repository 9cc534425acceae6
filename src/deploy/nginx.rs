//! `deploy/nginx.conf`: the policy as an nginx server block, serving the build's `.br`/`.gz`
//! copies and the site's 404 page. The repository keeps the rendered file; a test fails (and
//! rewrites it) when it no longer matches the policy.

use super::policy::Policy;
use std::path::PathBuf;

/// Where the server block lives in the repository.
pub fn project_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf")
}

/// The directive a deployment (and the test runner) replaces: where the built `public/` is.
pub const ROOT_PLACEHOLDER: &str = "/var/www/claude-api-vs-bedrock";

/// The server block for `policy`.
pub fn render(policy: &Policy) -> String {
    let mut s = String::from(
        "# nginx server block for the site, generated from its one header policy\n\
         # (policy/src/lib.rs) like public/_headers. Edit the policy, then run\n\
         # `cargo test -p sitegen --test deploy`, which rewrites this file when it is stale.\n\
         #\n\
         # Include it from the http block (e.g. copy to /etc/nginx/sites-enabled/) and point `root`\n\
         # at a copy of the built public/. Terminate TLS in front of it or add a listen 443 ssl\n\
         # block, and send Strict-Transport-Security there once HTTPS is settled.\n\
         server {\n    listen 80;\n    listen [::]:80;\n    server_name _;\n",
    );
    s.push_str(&format!("    root {ROOT_PLACEHOLDER};\n"));
    s.push_str(
        "    index index.html;\n    \
         # Relative redirects (/calculator -> /calculator/) stay right behind a proxy or CDN.\n    \
         absolute_redirect off;\n    server_tokens off;\n\n    \
         # Only the types the site serves (replaces mime.types).\n    types {\n",
    );
    for t in policy.types {
        s.push_str(&format!("        {} {};\n", t.mime, t.ext));
    }
    s.push_str(&format!(
        "    }}\n    default_type {};\n",
        policy.default_type
    ));
    let mut utf8: Vec<&str> = policy
        .types
        .iter()
        .filter(|t| t.utf8 && t.mime != "text/html")
        .map(|t| t.mime)
        .collect();
    utf8.dedup();
    s.push_str(&format!(
        "    charset utf-8;\n    charset_types {};\n\n",
        utf8.join(" ")
    ));
    s.push_str(
        "    # The build writes .br and .gz copies of every text file; these serve them to clients\n    \
         # that accept them. brotli_static needs the brotli module (Debian:\n    \
         # libnginx-mod-http-brotli-static); delete that line where it is not installed.\n    \
         brotli_static on;\n    gzip_static on;\n    gzip_vary on;\n\n    \
         error_page 404 /404.html;\n\n    \
         # The host-specific header file is not part of the site.\n    \
         location = /_headers {\n        return 404;\n    }\n",
    );
    // add_header in a location replaces every add_header of the levels above, so each location
    // carries the full set; `always` adds them to the 404 page too.
    let (catch_all, folders) = policy
        .cache
        .split_last()
        .expect("a policy has a catch-all cache rule");
    for rule in folders.iter().chain([catch_all]) {
        s.push_str(&format!("\n    location {} {{\n", rule.prefix));
        let mut add = |name: &str, value: &str| {
            s.push_str(&format!(
                "        add_header {name} \"{}\" always;\n",
                value.replace('"', "\\\"")
            ));
        };
        add("Cache-Control", rule.cache_control);
        for (name, value) in policy.security {
            add(name, value);
        }
        s.push_str("    }\n");
    }
    s.push_str("}\n");
    s
}

#[cfg(test)]
mod tests {
    use super::super::policy::POLICY;
    use super::*;

    #[test]
    fn every_location_has_every_header() {
        let conf = render(&POLICY);
        assert!(conf.contains("        application/wasm wasm;\n"));
        assert!(conf.contains("    error_page 404 /404.html;\n"));
        for block in conf.split("\n    location ").skip(2) {
            for (name, _) in POLICY.security {
                assert_eq!(
                    block.matches(&format!("add_header {name} ")).count(),
                    1,
                    "{block}"
                );
            }
            assert!(block.contains("add_header Cache-Control "), "{block}");
        }
        assert!(conf.contains(&format!(
            "    location /assets/ {{\n        add_header Cache-Control \"{}\" always;",
            crate::deploy::policy::IMMUTABLE
        )));
    }
}
