//! For `kadry serve`: what each page of many measures (a listing, a
//! section, an executor) was rendered from in the last build, digested
//! (its template and whole context), so that a rebuild after an edit leaves
//! out the pages the edit did not change. At 10,000 pages the listings are
//! megabytes each and were most of a rebuild's work, though an edit of a
//! report's text changes none of them. Takes each such page's context as
//! it is rendered; gives the digests, which the build's summary keeps for
//! the next rebuild.

use anyhow::{anyhow, Result};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::BufWriter;
use std::sync::Mutex;
use tera::Context;

/// Digests of what pages were rendered from, by page address.
pub type Digests = HashMap<String, u64>;

/// The digests of this build's pages of many measures, and those of the
/// build whose files this one's are merged into.
pub struct Memo<'p> {
    /// `None` for a whole build, which renders every page.
    last: Option<&'p Digests>,
    now: Mutex<Digests>,
}

impl<'p> Memo<'p> {
    /// `last`: the digests of the build whose files stay where this one
    /// renders nothing. Those of pages this build does not render stay
    /// true of their files, and are kept.
    pub fn new(last: Option<&'p Digests>) -> Self {
        Memo {
            last,
            now: Mutex::new(last.cloned().unwrap_or_default()),
        }
    }

    /// Records what the page at `path` is rendered from (its template and
    /// whole context), and tells whether the last build rendered it from
    /// the same: then its file there is this build's, byte for byte.
    pub(super) fn unchanged(
        &self,
        path: &str,
        template: &str,
        context: Context,
    ) -> Result<(Context, bool)> {
        // the context as JSON, and back without a copy
        let json = context.into_json();
        let mut hasher = DefaultHasher::new();
        hasher.write(template.as_bytes());
        // serde_json writes a token at a time: hash it in large chunks
        let mut writer = BufWriter::with_capacity(1 << 16, HashWriter(hasher));
        serde_json::to_writer(&mut writer, &json)?;
        let digest = writer.into_inner().map_err(|e| anyhow!("{e}"))?.0.finish();
        let context = Context::from_value(json).map_err(|e| anyhow!("{e}"))?;
        let same = self.last.and_then(|last| last.get(path)) == Some(&digest);
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), digest);
        Ok((context, same))
    }

    /// The digests of the pages of many measures, as this build leaves
    /// their files.
    pub fn into_digests(self) -> Digests {
        self.now.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// Feeds what is written into a hasher.
struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
