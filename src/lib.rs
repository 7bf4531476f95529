//! agentdesk — a keyboard-driven terminal agent desk for the ExpertFlow CX Agent Manager.
//!
//! Layers, one way each (see `../shared/ARCHITECTURE.md`):
//! `protocol` (serde types, no I/O) → `client` (REST + socket session; typed events in,
//! typed commands out) → `app` (pure state, `update(state, input) -> effects`) → `ui`
//! (ratatui rendering and key handling). `sim` is the built-in Agent Manager simulator.

pub mod app;
pub mod archive;
pub mod cli;
pub mod client;
pub mod config;
pub mod credentials;
pub mod desktop;
pub mod doctor;
pub mod followed_lists;
pub mod logging;
pub mod notifier;
pub mod persist;
pub mod protocol;
pub mod runtime;

#[cfg(feature = "sim")]
pub mod sim;
pub mod ui;
