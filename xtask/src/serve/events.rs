//! Live reload: a hub that tells every open tab about builds over Server-Sent Events.
//!
//! Each tab holds one `/__dev/events` stream. A good build sends a new build id (the tab reloads
//! when the id changes); a failed build sends the error text (the tab shows it as an overlay).

use std::io::Write;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What a tab is told.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A rebuild started (the overlay says so; the page keeps working).
    Building,
    /// A good build is being served; its id differs from every earlier one.
    Built(String),
    /// The last rebuild failed; the text is the errors as printed in the terminal.
    Failed(String),
}

/// Shared by the build loop (which publishes) and the HTTP threads (which subscribe).
pub struct Hub {
    state: Mutex<State>,
}

struct State {
    /// Starts from the clock so a restarted server never repeats an id a tab has seen.
    epoch: u128,
    builds: u64,
    error: Option<String>,
    clients: Vec<Sender<Event>>,
}

impl Hub {
    pub fn new() -> Arc<Hub> {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        Arc::new(Hub {
            state: Mutex::new(State {
                epoch,
                builds: 0,
                error: None,
                clients: Vec::new(),
            }),
        })
    }

    pub fn building(&self) {
        self.publish(|_| Event::Building);
    }

    pub fn built(&self) {
        self.publish(|state| {
            state.builds += 1;
            state.error = None;
            Event::Built(state.id())
        });
    }

    pub fn failed(&self, errors: String) {
        self.publish(|state| {
            state.error = Some(errors.clone());
            Event::Failed(errors)
        });
    }

    /// A new stream: the events that describe the current state, then a receiver for the rest.
    pub fn subscribe(&self) -> (Vec<Event>, Receiver<Event>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut now = vec![Event::Built(state.id())];
        if let Some(error) = &state.error {
            now.push(Event::Failed(error.clone()));
        }
        let (tx, rx) = channel();
        state.clients.push(tx);
        (now, rx)
    }

    fn publish(&self, make: impl FnOnce(&mut State) -> Event) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let event = make(&mut state);
        // A closed tab's receiver is gone: drop its sender.
        state.clients.retain(|tx| tx.send(event.clone()).is_ok());
    }
}

impl State {
    fn id(&self) -> String {
        format!("{}-{}", self.epoch, self.builds)
    }
}

/// The wire form of one event (`text/event-stream`); multi-line text becomes several `data:` lines.
pub fn encode(event: &Event) -> String {
    let (name, data) = match event {
        Event::Building => ("building", ""),
        Event::Built(id) => ("build", id.as_str()),
        Event::Failed(text) => ("build-error", text.as_str()),
    };
    let mut out = format!("event: {name}\n");
    let data = data.replace('\r', "");
    if data.is_empty() {
        out.push_str("data:\n");
    }
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Serves one `/__dev/events` stream until the tab goes away.
pub fn stream(hub: &Hub, request: tiny_http::Request) {
    let (initial, rx) = hub.subscribe();
    // The stream never ends, so it is written raw: no Content-Length, closed by the client.
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                Cache-Control: no-store\r\nConnection: close\r\n\r\n";
    let mut send = |text: &str| out.write_all(text.as_bytes()).and_then(|_| out.flush());
    if send(head).is_err() {
        return;
    }
    for event in &initial {
        if send(&encode(event)).is_err() {
            return;
        }
    }
    loop {
        let text = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => encode(&event),
            // A comment line keeps proxies from closing an idle stream and finds dead tabs.
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&text).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_multi_line_errors_as_data_lines() {
        let text = encode(&Event::Failed("data/a.yaml:1:2: bad\r\n  | x\n".into()));
        assert_eq!(
            text,
            "event: build-error\ndata: data/a.yaml:1:2: bad\ndata:   | x\n\n"
        );
        assert_eq!(encode(&Event::Building), "event: building\ndata:\n\n");
    }

    #[test]
    fn subscribers_see_current_state_then_updates() {
        let hub = Hub::new();
        hub.failed("boom".into());
        let (now, rx) = hub.subscribe();
        assert_eq!(now.len(), 2);
        assert_eq!(now[1], Event::Failed("boom".into()));
        let Event::Built(first) = &now[0] else {
            panic!("first event must be the build id")
        };
        hub.built();
        let Event::Built(second) = rx.recv().unwrap() else {
            panic!("a good build must send a build id")
        };
        assert_ne!(first, &second, "a new build must have a new id");
        let (now, _rx) = hub.subscribe();
        assert_eq!(now.len(), 1, "a good build clears the error");
    }
}
