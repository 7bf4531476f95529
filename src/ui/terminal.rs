//! Taking over the terminal and giving it back: raw mode, the alternate screen and bracketed
//! paste (a paste arrives as one text, never as keys: a pasted line break must not press
//! Enter), mouse reporting only with `mouse = true`, and the kitty keyboard protocol's
//! "disambiguate" level (so Shift+Enter and Alt+Enter reach the desk as themselves in
//! kitty, foot, WezTerm, Ghostty; terminals without it ignore the request, as helix relies
//! on). No other enhancement: key releases are not reported.
//! [`restore`] is safe to call any number of times, and the panic hook calls it before the
//! panic message is printed. [`enter`] takes the terminal again after [`restore`] (back
//! from Ctrl+Z or from `$EDITOR`), for the same ratatui terminal to draw on.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    KeyboardEnhancementFlags, PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

/// Set while the terminal is in raw mode / the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Set while mouse reporting is on (so [`restore`] turns it off).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Set while the keyboard enhancement flags are pushed (so [`restore`] pops them).
static ENHANCED: AtomicBool = AtomicBool::new(false);

/// The `mouse` of the last [`enter`], kept across [`restore`] (for resuming).
static MOUSE_WANTED: AtomicBool = AtomicBool::new(false);

/// Enters raw mode and the alternate screen (with mouse reporting when `mouse`) and returns
/// a ratatui terminal on stdout. On failure the terminal is restored before the error is
/// returned.
pub fn init(mouse: bool) -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    let setup = || -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
        enter(mouse)?;
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        terminal.clear()?;
        Ok(terminal)
    };
    setup().inspect_err(|_| {
        let _ = restore();
    })
}

/// Takes the terminal: raw mode, the alternate screen, bracketed paste, and mouse reporting
/// when `mouse`. The caller clears its ratatui terminal after, so the next frame is drawn
/// whole.
pub fn enter(mouse: bool) -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE_WANTED.store(mouse, Ordering::SeqCst);
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    // Pushed on the alternate screen (kitty keeps a stack per screen) and popped before
    // leaving it. Not on Windows, whose console API cannot take it.
    if cfg!(unix)
        && execute!(
            io::stdout(),
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        )
        .is_ok()
    {
        ENHANCED.store(true, Ordering::SeqCst);
    }
    if mouse {
        MOUSE.store(true, Ordering::SeqCst);
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// True when the terminal was last taken with mouse reporting (it is given back without).
pub fn mouse_was_on() -> bool {
    MOUSE_WANTED.load(Ordering::SeqCst)
}

/// Leaves the alternate screen, disables raw mode and shows the cursor. Does nothing when the
/// terminal was not taken (or was already restored).
pub fn restore() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    // Try every step even if one fails; report the first failure.
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    if ENHANCED.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), PopKeyboardEnhancementFlags);
    }
    let raw = disable_raw_mode();
    let screen = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    raw.and(screen)
}

/// Installs a panic hook that restores the terminal, runs the previous hook (which prints
/// the panic message on the normal screen), then ends the process with status 101. A panic
/// in any task (the network task included) ends the desk: drawing on after the terminal was
/// given back would leave a broken screen. Install it only where the TUI runs.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore();
        previous(info);
        std::process::exit(101);
    }));
}
