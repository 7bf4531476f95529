//! Channel logos: `onChannelTypes[].channelLogo` names them (`_WEB.svg`, …) and the real web
//! desk fetches each as `GET /file-engine/api/downloadFileStream?filename=<channelLogo>`
//! (PROTOCOL.md §7.7). Small SVGs shipped in the binary (`assets/logos/`), served by the file
//! engine like the built-in demo files, one per channel type of `channels.rs`.

use super::files::BuiltIn;

macro_rules! logo {
    ($name:literal) => {
        BuiltIn {
            name: $name,
            mime: "image/svg+xml",
            bytes: include_bytes!(concat!("assets/logos/", $name)),
        }
    };
}

/// Every channel logo.
pub(crate) const LOGOS: [BuiltIn; 7] = [
    logo!("_FACEBOOK.svg"),
    logo!("_WHATSAPP.svg"),
    logo!("_SMS.svg"),
    logo!("_WEB.svg"),
    logo!("_GENERIC.svg"),
    logo!("_EMAIL.svg"),
    logo!("_CX_VOICE.svg"),
];

/// The logo with this file name.
pub(crate) fn find(name: &str) -> Option<&'static BuiltIn> {
    LOGOS.iter().find(|l| l.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_type_has_its_logo() {
        let types = super::super::channels::channel_types();
        for t in types.as_array().unwrap() {
            let name = t["channelLogo"].as_str().unwrap();
            let logo = find(name).unwrap_or_else(|| panic!("no logo {name}"));
            let text = std::str::from_utf8(logo.bytes).unwrap();
            assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"));
        }
    }
}
