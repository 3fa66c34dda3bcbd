//! The text of `kadry.toml`: parsed into settings, or refused with
//! diagnostics; the base address of parsed settings is normalised.

#![no_main]

use kadry::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Config::parse(text) {
        Ok(mut config) => {
            config.set_base_url(&config.base_url.clone());
            assert!(config.base_url.ends_with('/'));
            assert!(config.base_path().starts_with('/'));
        }
        Err(diags) => assert!(diags.has_errors()),
    }
});
