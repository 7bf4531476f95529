//! The chat pane: the focused conversation's lines (time, sender, text; wrapped to the pane),
//! reply quotes, numbered attachments, delivery marks on own messages, the selected line
//! (kept on screen), "… is typing", hold and end in the header, scrolling; or a friendly
//! empty state.

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::sla::SlaPhase;
use crate::app::{Author, ChatLine, Connection, Conversation, Delivery, State};

use super::hyperlink::Hyperlink;
use super::keymap::{self, Does};
use super::text::{clean, truncate, width, wrap_linked, LinkSpan, Wrapped};
use super::theme::Theme;
use super::time;

/// Columns of the `HH:MM ` prefix; wrapped lines are indented by as much.
const TIME_COLS: usize = 6;

/// Chat text is wrapped at most this many columns wide (time and sender included), so lines
/// stay readable on wide terminals (typography's 60–100 characters per line); the pane
/// beyond stays blank.
pub const READING_COLS: usize = 100;

fn author_style(theme: &Theme, author: &Author) -> Style {
    match author {
        Author::Customer => theme.customer,
        Author::Me => theme.me,
        Author::Agent => theme.agent,
        Author::Bot => theme.bot,
        Author::System => theme.system,
    }
}

fn fallback_name(author: &Author) -> &'static str {
    match author {
        Author::Customer => "Customer",
        Author::Me => crate::app::conversation::OWN_NAME,
        Author::Agent => "Agent",
        Author::Bot => "Bot",
        Author::System => "system",
    }
}

/// The delivery mark of an own message: pending `…`, sent `✓`, delivered `✓✓`, read `✓✓` (in
/// the `read` colour), failed `✗ not delivered`.
pub fn delivery_mark(delivery: Option<Delivery>, theme: &Theme) -> Option<(&'static str, Style)> {
    Some(match delivery? {
        Delivery::Pending { .. } => ("…", theme.pending),
        Delivery::Sent => ("✓", theme.sent),
        Delivery::Delivered => ("✓✓", theme.sent),
        Delivery::Read => ("✓✓ read", theme.read),
        Delivery::Queued => ("◷ queued", theme.pending),
        Delivery::NotSent => ("✗ not sent (F12 resends)", theme.failed),
        Delivery::NotConfirmed => ("? not confirmed (F12 resends)", theme.pending),
        Delivery::Failed => ("✗ not delivered", theme.failed),
    })
}

/// The sender as shown: own lines always "You" (in text, not only in colour); anyone else by
/// name — and someone whose name is "You" gets their role beside it, so they cannot pass for
/// the agent.
pub fn sender_name(line: &ChatLine) -> String {
    use crate::app::conversation::OWN_NAME;
    if line.author == Author::Me {
        return OWN_NAME.to_string();
    }
    let name = if line.sender.trim().is_empty() {
        fallback_name(&line.author).to_string()
    } else {
        clean(&line.sender).into_owned()
    };
    if name.trim().eq_ignore_ascii_case(OWN_NAME) {
        let role = match line.author {
            Author::Customer => "customer",
            Author::Bot => "bot",
            _ => "agent",
        };
        format!("{name} ({role})")
    } else {
        name
    }
}

/// The wrapped screen lines of one chat line (see [`chat_line_linked`]).
pub fn chat_line(line: &ChatLine, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    chat_line_linked(line, theme, cols).lines
}

/// The wrapped screen lines of one chat line: the quote it replies to, its text (each `\n`
/// line wrapped at spaces, continuation lines indented under the text, web addresses never
/// broken after text), then its attachments numbered as `/open n` and `/copy n` count them;
/// with where the web addresses are on each line.
pub fn chat_line_linked(line: &ChatLine, theme: &Theme, cols: usize) -> Wrapped {
    let indent = " ".repeat(TIME_COLS);
    let mut out = Wrapped::default();
    let extend = |out: &mut Wrapped, more: Wrapped| {
        out.lines.extend(more.lines);
        out.links.extend(more.links);
    };
    if let Some(quote) = &line.reply_to {
        let text = if quote.sender.trim().is_empty() {
            format!("↳ {}", clean(&quote.excerpt))
        } else {
            format!("↳ {}: {}", clean(&quote.sender), clean(&quote.excerpt))
        };
        out.lines.push(Line::from(vec![
            Span::raw(indent.clone()),
            Span::styled(truncate(&text, cols.saturating_sub(TIME_COLS)), theme.quote),
        ]));
        out.links.push(Vec::new());
    }
    let mut spans = vec![(format!("{} ", time::clock(line.at_ms)), theme.time)];
    if line.author == Author::System {
        spans.push((format!("· {}", line.text), theme.system));
        extend(
            &mut out,
            wrap_linked(&spans, cols, TIME_COLS, Some(theme.link)),
        );
        return out;
    }
    let sender = sender_name(line);
    // A whisper says so in words, not by colour alone: `whisper Sam: …`.
    if line.whisper {
        spans.push(("whisper ".into(), theme.whisper));
    }
    spans.push((sender, author_style(theme, &line.author)));
    spans.push((": ".into(), theme.dim));
    let text_style = if line.whisper {
        theme.whisper
    } else {
        theme.text
    };
    spans.push((line.text.to_string(), text_style));
    // A no-break space keeps the mark on the line of the last word when wrapping.
    if let Some((mark, style)) = delivery_mark(line.delivery, theme) {
        spans.push((format!("\u{a0}{mark}"), style));
    }
    extend(
        &mut out,
        wrap_linked(&spans, cols, TIME_COLS, Some(theme.link)),
    );
    for (i, attachment) in line.attachments.iter().enumerate() {
        let mut details: Vec<String> = Vec::new();
        if let Some(mime) = attachment.mime_type.as_deref().filter(|m| !m.is_empty()) {
            details.push(clean(mime).into_owned());
        }
        if let Some(size) = attachment.size {
            details.push(crate::app::body::human_size(size));
        }
        let mut spans = vec![
            (format!("{indent}[{}] ", i + 1), theme.attachment),
            (clean(&attachment.name).into_owned(), theme.attachment),
        ];
        if !details.is_empty() {
            spans.push((format!(" ({})", details.join(", ")), theme.dim));
        }
        if !attachment.url.is_empty() {
            spans.push((" ".into(), theme.dim));
            spans.push((clean(&attachment.url).into_owned(), theme.link));
        }
        extend(
            &mut out,
            wrap_linked(&spans, cols, TIME_COLS + 4, Some(theme.link)),
        );
    }
    out
}

/// A role as words ([`crate::app::plain::role`]): `SILENT_MONITOR` → `silent monitor`,
/// `PRIMARY` (or none) → `agent`.
pub fn role_words(role: &str) -> String {
    crate::app::plain::role(&clean(role)).map_or_else(|| "agent".to_string(), |r| r.into_owned())
}

/// The participants other than me, with their roles (`Rasa (bot) · Bob Agent (primary)`);
/// silent monitors only when I monitor too. `None` when nobody else but the customer is in.
pub fn participants_text(c: &Conversation) -> Option<String> {
    let others: Vec<String> = c
        .roster
        .shown(c.monitored)
        .filter(|p| p.kind != crate::app::roster::PartyKind::Customer)
        .map(|p| {
            let role = match p.kind {
                crate::app::roster::PartyKind::Bot => "bot".to_string(),
                _ => role_words(&p.role),
            };
            format!("{} ({role})", clean(&p.name))
        })
        .collect();
    (!others.is_empty()).then(|| others.join(" · "))
}

/// The chat header: customer · channel, then the supervisor's mark (monitoring / barged
/// in), hold, customer-left, wrap-up and end marks (in words). My role and the other participants are on the pane's
/// first row ([`participants_text`]).
fn header(
    c: &Conversation,
    now_ms: i64,
    theme: &Theme,
    cols: usize,
    right_cols: usize,
) -> Line<'static> {
    let mut parts = vec![clean(&c.customer_name).into_owned()];
    if !c.channel.is_empty() {
        parts.push(clean(&c.channel).into_owned());
    }
    let mut marks: Vec<Span<'static>> = Vec::new();
    if let Some(mark) = c.supervision_marker().filter(|_| c.ended.is_none()) {
        marks.push(Span::styled(format!(" {mark} "), theme.supervision));
        marks.push(Span::raw(" "));
    }
    if let Some(reason) = &c.ended {
        marks.push(Span::styled(
            truncate(
                &format!(
                    "· ended: {} ",
                    crate::app::plain::end_reason(&clean(reason))
                ),
                32,
            ),
            theme.notice_warning,
        ));
    } else if c.leaving {
        marks.push(Span::styled("· leaving… ", theme.notice_warning));
    } else if let Some(hold) = c.hold {
        let text = match hold.until_ms {
            Some(until) => format!("ON HOLD {} left", time::duration(until - now_ms)),
            None => format!("ON HOLD {}", time::duration(now_ms - hold.since_ms)),
        };
        marks.push(Span::styled("· ", theme.dim));
        marks.push(Span::styled(text, theme.hold));
        marks.push(Span::raw(" "));
    } else if c.customer_left {
        marks.push(Span::styled("· customer left ", theme.notice_warning));
    }
    if c.ended.is_none() && c.wrapup.as_ref().is_some_and(|w| w.submitted) {
        marks.push(Span::styled("· wrap-up sending… ", theme.wrapup));
    }
    let title = format!(" {} ", parts.join(" · "));
    // Borders, and the ` chat n of m ` title on the right: the rest is this title's.
    let room = cols.saturating_sub(4 + right_cols);
    // The customer's name keeps at least this much before the marks take the rest.
    let name_room = width(&title).min(16);
    let spans_width = |spans: &[Span<'_>]| spans.iter().map(|s| width(&s.content)).sum::<usize>();
    let mut aids = aid_marks(c, now_ms, theme, Words::Full);
    for shorter in [Words::Short, Words::Shortest] {
        if name_room + spans_width(&marks) + spans_width(&aids) <= room {
            break;
        }
        aids = aid_marks(c, now_ms, theme, shorter);
    }
    marks.extend(aids);
    let mut spans = vec![Span::styled(
        truncate(
            &title,
            room.saturating_sub(spans_width(&marks)).max(name_room),
        ),
        theme.title,
    )];
    spans.extend(marks);
    Line::from(clip_spans(spans, room))
}

/// Cuts `spans` to `room` columns (the last ones go first; a cut span ends in `…`), so a
/// title never runs into the one on the right.
fn clip_spans(spans: Vec<Span<'static>>, room: usize) -> Vec<Span<'static>> {
    let mut left = room;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if left == 0 {
            break;
        }
        let w = width(&span.content);
        if w <= left {
            left -= w;
            out.push(span);
        } else {
            out.push(Span::styled(truncate(&span.content, left), span.style));
            break;
        }
    }
    out
}

/// How many words the header's marks may take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    /// "hand raised: dana", "reply overdue 0:12 · /extend".
    Full,
    /// Shorter words, with `/extend`: "hand up" (mine) or "hand: dana", "overdue 0:12 ·
    /// /extend".
    Short,
    /// The conversation list's words alone: "hand up" (mine) or "hand", "overdue 0:12".
    Shortest,
}

/// The header's marks for a raised hand and the response SLA (issue 12), in words; a
/// narrow pane takes shorter ones.
fn aid_marks(c: &Conversation, now_ms: i64, theme: &Theme, words: Words) -> Vec<Span<'static>> {
    let compact = words != Words::Full;
    let mut marks = Vec::new();
    if c.ended.is_some() {
        return marks;
    }
    if let Some(hand) = &c.hand {
        let text = if hand.mine && compact {
            " hand up ".to_string()
        } else if words == Words::Shortest {
            " hand ".to_string()
        } else if compact {
            format!(" hand: {} ", clean(&hand.name))
        } else if hand.mine {
            " hand raised ".to_string()
        } else {
            format!(" hand raised: {} ", clean(&hand.name))
        };
        marks.push(Span::styled(truncate(&text, 28), theme.hand));
        marks.push(Span::raw(" "));
    }
    if let Some(sla) = &c.sla {
        let (text, style) = if compact {
            let (mut text, style) = super::sla::list(sla, now_ms, theme);
            let extend = !c.whispers_only() && sla.phase(now_ms) == SlaPhase::Expired;
            if words == Words::Short && extend {
                text.push_str(" · /extend");
            }
            (text, style)
        } else {
            super::sla::header(sla, now_ms, !c.whispers_only(), theme)
        };
        marks.push(Span::styled("· ", theme.dim));
        marks.push(Span::styled(text, style));
        marks.push(Span::raw(" "));
    }
    marks
}

/// Where the chat stands among the open ones, for the header's right: ` chat 2 of 3 `, or
/// ` chat 3 · 2 open ` while the numbers have a gap (chat numbers stay while a chat lives, so
/// "3 of 2" would mislead); when the conversation list is not on screen (narrow terminals)
/// also how many other chats have unread messages, so they never go unnoticed:
/// ` chat 2 of 3 · 1 unread `.
pub fn position(state: &State, conversation: &Conversation, list_shown: bool) -> String {
    let count = state.conversations.len();
    let contiguous = state
        .conversations
        .iter()
        .enumerate()
        .all(|(i, c)| c.number == i + 1);
    let mut text = if contiguous {
        format!(" chat {} of {count}", conversation.number)
    } else {
        format!(" chat {} · {count} open", conversation.number)
    };
    let unread_elsewhere = state
        .conversations
        .iter()
        .filter(|c| c.id != conversation.id && c.unread > 0)
        .count();
    if !list_shown && unread_elsewhere > 0 {
        text.push_str(&format!(" · {unread_elsewhere} unread"));
    }
    text.push(' ');
    text
}

/// Draws the chat pane (`list_shown`: the conversation list is on screen beside it).
/// Returns the furthest the pane can scroll back when the scroll asked for more (so the
/// runtime can tell the app, see [`crate::app::Input::ChatScrollLimit`]).
pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    theme: &Theme,
    list_shown: bool,
) -> ChatDrawn {
    let Some(conversation) = state.focused_conversation() else {
        render_empty(frame, area, state, theme);
        return ChatDrawn::default();
    };
    let position = position(state, conversation, list_shown);
    let mut block = Block::bordered()
        .border_style(theme.border)
        .title(header(
            conversation,
            state.now_ms,
            theme,
            area.width as usize,
            width(&position),
        ))
        .title(Line::from(Span::styled(position, theme.dim)).alignment(Alignment::Right));
    let mut inner = block.inner(area);
    // My role and who else is in the conversation, on the pane's first row.
    let people_row = (inner.height > 2).then(|| {
        let row = Rect::new(inner.x, inner.y, inner.width, 1);
        inner = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        row
    });
    let cols = inner.width as usize;
    // Text lines stay readable on wide screens: wrapped at most this wide.
    let text_cols = cols.min(READING_COLS);
    let rows = inner.height as usize;
    // Wrap from the newest line back, only as far as the view (and the selected line) reaches,
    // so long histories stay cheap to draw; `from_bottom[0]` is the last screen line.
    let needed = rows.saturating_add(conversation.scroll);
    let mut from_bottom: Vec<(Line, Vec<LinkSpan>)> = Vec::new();
    if conversation.customer_typing(state.now_ms) {
        from_bottom.push((
            Line::from(vec![
                Span::raw(" ".repeat(TIME_COLS)),
                Span::styled(
                    truncate(
                        &format!("{} is typing…", clean(&conversation.customer_name)),
                        cols.saturating_sub(TIME_COLS),
                    ),
                    theme.typing,
                ),
            ]),
            Vec::new(),
        ));
    }
    let selected_id = conversation.selected.as_deref();
    // Bot suggestions only where this desk writes to the customer (not as a silent monitor).
    let suggestions = (!conversation.whispers_only() && !conversation.suggestions.is_empty())
        .then_some(&conversation.suggestions);
    // `from_bottom` indices of the selected line's screen lines: `lo..hi`.
    let mut selected_range = None;
    for line in conversation.lines.iter().rev() {
        if let Some(set) = suggestions.and_then(|s| s.for_message(&line.id)) {
            let block = super::suggestions::block(set, theme, text_cols);
            from_bottom.extend(block.into_iter().rev().map(|l| (l, Vec::new())));
        }
        let Wrapped { mut lines, links } = chat_line_linked(line, theme, text_cols);
        let is_selected = selected_id == Some(&*line.id);
        if is_selected {
            lines = lines
                .into_iter()
                .map(|l| highlight(l, cols, theme))
                .collect();
            selected_range = Some((from_bottom.len(), from_bottom.len() + lines.len()));
        }
        from_bottom.extend(lines.into_iter().zip(links).rev());
        let selection_reached = selected_id.is_none() || selected_range.is_some();
        if from_bottom.len() >= needed && selection_reached {
            break;
        }
    }
    let limit = from_bottom.len().saturating_sub(rows);
    let over_the_top = (conversation.scroll > limit).then_some(limit);
    let mut scroll = conversation.scroll.min(limit);
    // Keep the selected line on screen (its top when it is taller than the pane).
    if let Some((lo, hi)) = selected_range {
        if lo < scroll {
            scroll = lo;
        }
        if hi > scroll + rows {
            scroll = hi - rows;
        }
    }
    if selected_range.is_some() {
        let reply_key =
            keymap::label_for(Does::Command("/reply")).unwrap_or_else(|| "/reply".into());
        block = block.title_bottom(
            Line::from(vec![
                Span::styled(format!(" {reply_key}"), theme.help_key),
                Span::styled(" reply · ", theme.dim),
                Span::styled("/open n", theme.help_key),
                Span::styled(" · ", theme.dim),
                Span::styled("Esc", theme.help_key),
                Span::styled(" unselect ", theme.dim),
            ])
            .alignment(Alignment::Right),
        );
    } else if scroll > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(
                    " ↑ {scroll} {} back · PgDn ↓ ",
                    if scroll == 1 { "line" } else { "lines" }
                ),
                theme.hint,
            ))
            .alignment(Alignment::Right),
        );
    }
    frame.render_widget(block, area);
    if let Some(row) = people_row {
        let role = role_words(&conversation.role);
        let mut spans = vec![
            Span::styled(" you: ", theme.dim),
            Span::styled(role.clone(), theme.me),
        ];
        if let Some(people) = participants_text(conversation) {
            let room = cols.saturating_sub(6 + width(&role) + 8);
            spans.push(Span::styled(" · with ", theme.dim));
            spans.push(Span::styled(truncate(&people, room), theme.agent));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), row);
    }
    let visible: Vec<(Line, Vec<LinkSpan>)> =
        from_bottom.into_iter().skip(scroll).take(rows).collect();
    // Newest at the bottom: pad above when the conversation is short.
    let pad = rows.saturating_sub(visible.len());
    let mut shown = vec![Line::default(); pad];
    let mut links = Vec::new();
    for (row, (line, spans)) in visible.into_iter().rev().enumerate() {
        let y = inner.y + (pad + row) as u16;
        for span in spans {
            let x = inner.x + span.col as u16;
            let width = (span.width as u16).min(inner.right().saturating_sub(x));
            if width > 0 {
                links.push(Hyperlink {
                    x,
                    y,
                    width,
                    url: span.url,
                });
            }
        }
        shown.push(line);
    }
    frame.render_widget(Paragraph::new(shown), inner);
    ChatDrawn {
        scroll_limit: over_the_top,
        links,
    }
}

/// What drawing the chat pane tells the runtime.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatDrawn {
    /// Set when the conversation's scroll asked for more than the pane can scroll back: the
    /// furthest it can (screen lines).
    pub scroll_limit: Option<usize>,
    /// Where web addresses are on screen (for OSC 8 hyperlinks).
    pub links: Vec<Hyperlink>,
}

/// `line` padded to `cols` and drawn in the `selected` style.
fn highlight(mut line: Line<'static>, cols: usize, theme: &Theme) -> Line<'static> {
    let pad = cols.saturating_sub(line.width());
    if pad > 0 {
        line.spans.push(Span::raw(" ".repeat(pad)));
    }
    line.spans = line
        .spans
        .into_iter()
        .map(|span| {
            let style = span.style.patch(theme.selected);
            span.style(style)
        })
        .collect();
    line
}

fn render_empty(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(" agentdesk ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // " (F2)" with the live key, "" when the command has none.
    let key = |command: &'static str| {
        keymap::label_for(Does::Command(command))
            .map(|k| format!(" ({k})"))
            .unwrap_or_default()
    };
    let headline = if state.connection != Connection::Online {
        "Waiting for the connection…".to_string()
    } else if !state.offers.is_empty() {
        format!("A chat is waiting — /accept{} takes it", key("/accept"))
    } else if state.agent.state == "READY" {
        "You are ready — new chats will appear here".to_string()
    } else {
        "No conversation open".to_string()
    };
    let row = |key: &str, what: &str| {
        Line::from(vec![
            Span::styled(format!("{key:<11}"), theme.help_key),
            Span::styled(what.to_string(), theme.dim),
        ])
    };
    let body = vec![
        Line::from(Span::styled(headline, theme.title)),
        Line::default(),
        if state.agent.state == "READY" {
            row(
                "/notready",
                &format!("stop receiving chats{}", key("/notready")),
            )
        } else {
            row(
                "/ready",
                &format!("get ready to receive chats{}", key("/ready")),
            )
        },
        row("/accept", &format!("take an offer{}", key("/accept"))),
    ];
    let mut body = body;
    if state.is_supervisor() {
        body.push(row(
            "/team",
            &format!("team board: monitor a live chat{}", key("/team")),
        ));
    }
    body.push(row("?", "all commands and keys"));
    let height = body.len() as u16;
    let width = body.iter().map(Line::width).max().unwrap_or(0) as u16;
    let x = inner.x + inner.width.saturating_sub(width) / 2;
    let y = inner.y + inner.height.saturating_sub(height) / 2;
    let target = Rect::new(x, y, width.min(inner.width), height.min(inner.height));
    frame.render_widget(Paragraph::new(body), target);
}
