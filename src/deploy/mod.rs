//! Publishing: the one response-header policy (the `site-policy` crate, re-exported here) and
//! what is rendered from it: `_headers` in the output and `deploy/nginx.conf` in the repository.
//! The nginx runner and HTTP client the tests use live in the `testsupport` crate.

pub mod netlify;
pub mod nginx;

pub use site_policy as policy;
pub use site_policy::POLICY;
