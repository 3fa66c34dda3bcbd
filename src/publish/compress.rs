//! Precompressed twins of the text files a build writes: `page/index.html`
//! gets `page/index.html.gz` and `page/index.html.br` beside it, for a web
//! server to send as they are (nginx's `gzip_static` and `brotli_static`)
//! instead of compressing every response, or not compressing at all.
//!
//! Takes a rendered file, gives its twins: only for text formats, only when
//! smaller than the file, and byte for byte the same for the same file (the
//! gzip header carries no time or name), so two builds stay identical and an
//! unchanged file keeps unchanged twins.

use crate::render::OutputFile;
use std::io::Write;
use std::path::Path;

/// Extensions of the files worth compressing: everything the portal writes
/// as text. Images, office documents and the search index's fragments are
/// compressed already.
const TEXT: [&str; 9] = [
    "html",
    "css",
    "js",
    "xml",
    "json",
    "csv",
    "svg",
    "txt",
    "webmanifest",
];

/// Brotli's quality (0–11) and window (log2 of bytes). Measured on the
/// pages of a 10k-page portal: 5 is 4 times faster than 9 for files 1 %
/// larger; below 5 they grow by 12 % and more.
const BROTLI_QUALITY: i32 = 5;
const BROTLI_WINDOW: i32 = 22;

/// Gzip's level: 6 (zlib's default) is 1.5 times faster than 9 for files
/// 1 % larger.
const GZIP_LEVEL: u32 = 6;

/// Whether a file of this path gets twins.
pub fn is_text(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT.iter().any(|t| e.eq_ignore_ascii_case(t)))
}

/// The `.gz` and `.br` twins of `file` that are smaller than it.
pub fn twins(file: &OutputFile) -> Vec<OutputFile> {
    if !is_text(&file.path) {
        return Vec::new();
    }
    [("gz", gzip(&file.bytes)), ("br", brotli(&file.bytes))]
        .into_iter()
        .filter(|(_, bytes)| bytes.len() < file.bytes.len())
        .map(|(ext, bytes)| {
            let mut name = file.path.clone().into_os_string();
            name.push(".");
            name.push(ext);
            OutputFile {
                path: name.into(),
                bytes,
            }
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // GzBuilder writes no name and a zero time: the same bytes every build
    let mut out = flate2::GzBuilder::new().write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(GZIP_LEVEL),
    );
    // writing into a Vec cannot fail
    let _ = out.write_all(bytes);
    out.finish().unwrap_or_default()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        // the encoder sizes its tables by this: a page is small, and zeroing
        // tables for megabytes took more time than compressing it
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 4);
    // reading a slice and writing into a Vec cannot fail
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::path::PathBuf;

    fn file(path: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn text_files_get_twins_that_decompress_to_them() {
        let page = "<p>Мероприятие выполнено</p>\n".repeat(200);
        let twins = twins(&file("roadmap/index.html", page.as_bytes()));
        let names: Vec<_> = twins.iter().map(|t| t.path.to_string_lossy()).collect();
        assert_eq!(names, ["roadmap/index.html.gz", "roadmap/index.html.br"]);

        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&twins[0].bytes[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, page);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&twins[1].bytes[..], 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, page);
    }

    #[test]
    fn the_same_file_gives_the_same_twins() {
        let css = b"body { color: #1b1b1b; margin: 0 auto; }\n".repeat(50);
        let a = twins(&file("css/site.0123456789.css", &css));
        let b = twins(&file("css/site.0123456789.css", &css));
        assert_eq!(a.len(), 2);
        assert!(a.iter().zip(&b).all(|(x, y)| x.bytes == y.bytes));
    }

    #[test]
    fn no_twins_for_binary_files_or_when_not_smaller() {
        assert!(twins(&file("reports/1.1/x/plan.pdf", &[b'%'; 4000])).is_empty());
        assert!(twins(&file("pagefind/fragment/ru_1.pf_fragment", &[0; 4000])).is_empty());
        // a tiny file grows when compressed
        assert!(twins(&file("robots.txt", b"ok")).is_empty());
        assert!(is_text(Path::new("opendata/list.CSV")));
    }
}
