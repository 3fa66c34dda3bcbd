//! `kadry serve` for the tests: a run on a free port of 127.0.0.1, stopped
//! when dropped, whose standard error is read line by line; and raw
//! HTTP/1.1 requests to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long a test waits for a line from the server.
const PATIENCE: Duration = Duration::from_secs(90);

pub struct Serve {
    child: Child,
    pub port: u16,
    lines: Receiver<String>,
    /// Every line of standard error read so far.
    pub log: Vec<String>,
}

/// A port free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Serve {
    /// Starts `kadry serve --port P --root ROOT ARGS…` (`setup` may change
    /// the command, e.g. its environment) and waits until it says it serves.
    pub fn start(root: &Path, args: &[&str], setup: impl FnOnce(&mut Command)) -> Serve {
        let port = free_port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_kadry"));
        command
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        setup(&mut command);
        let mut child = command.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        let mut serve = Serve {
            child,
            port,
            lines,
            log: Vec::new(),
        };
        let started = format!("Сайт: http://127.0.0.1:{port}/");
        serve.wait_for(|l| l == started);
        serve
    }

    /// Reads standard error until a line satisfies `wanted`; returns the
    /// lines read on the way (that one included). Fails after a while or
    /// when the server stops, showing what it said.
    pub fn wait_for(&mut self, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let end = Instant::now() + PATIENCE;
        let mut read = Vec::new();
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    let done = wanted(&line);
                    read.push(line);
                    if done {
                        return read;
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!(
                        "kadry serve did not say it; it said:\n{}",
                        self.log.join("\n")
                    )
                }
            }
        }
    }

    /// `GET target` on the server's own address: (status, body).
    pub fn get(&self, target: &str) -> (u16, String) {
        let (status, response) =
            request(self.port, target, Some(&format!("127.0.0.1:{}", self.port)));
        let body = response
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        (status, body)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.1 request with the `Host` given (or none): (status, whole
/// response).
pub fn request(port: u16, target: &str, host: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
    write!(
        stream,
        "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    // an event stream never ends: its head is enough
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{response:?}"));
    (status, response)
}
