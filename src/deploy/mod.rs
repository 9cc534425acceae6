//! Publishing: the one response-header policy and what is rendered from it (`_headers` in the
//! output, `deploy/nginx.conf` in the repository), plus a small nginx runner and HTTP client that
//! the tests and the benchmark use to see the site as a real server sends it.

pub mod http;
pub mod netlify;
pub mod nginx;
pub mod policy;
pub mod run;

pub use policy::POLICY;
