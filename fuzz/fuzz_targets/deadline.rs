//! A measure's deadline text: parsed, or refused with a message; only
//! digits, `-` and `/` are accepted, and a parsed deadline reads back the
//! same from its own text.

#![no_main]

use kadry::model::deadline::Deadline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Deadline::parse(text) {
        Ok(d) => {
            assert!(
                text.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'/'),
                "«{text}» is not ISO 8601"
            );
            assert!(d.starts() <= d.due());
            let again = Deadline::parse(&d.to_string()).expect("its own text parses");
            assert_eq!(again, d);
        }
        Err(message) => assert!(!message.is_empty()),
    }
});
