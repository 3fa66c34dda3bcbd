//! The text of `kadry.toml`: parsed into settings, or refused with
//! diagnostics; a base address that passes its check is normalised.

#![no_main]

use kadry::address::Urls;
use kadry::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Config::parse(text) {
        Ok(mut config) => {
            // an address that passes the check is normalised
            if config.set_base_url(&config.base_url.clone()).is_ok() {
                assert!(config.base_url.ends_with('/'));
                let urls = Urls::new(&config.base_url);
                assert!(urls.base_path().starts_with('/') && urls.base_path().ends_with('/'));
            }
        }
        Err(diags) => assert!(diags.has_errors()),
    }
});
