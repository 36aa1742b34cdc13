//! The catalog's side of why-not: each absent object of [`crate::mapping::absent`] with its
//! owner's place in convox.yml and its fix made applicable — the text edits of the fix
//! ([`super::edit`]) and the rack parameters it sets.

use super::edit::{edits, Edit};
use super::Source;
use crate::manifest::SourceMap;
use crate::mapping::absent::{self, Action};
use crate::mapping::Concept;

/// An object the rack does not create for a service, timer or resource: the contract's
/// `absent[]` item, with byte spans where the contract has line/column.
#[derive(Debug, Clone)]
pub struct Absent {
    pub concept: Concept,
    pub owner: String,
    pub kind: &'static str,
    pub name: String,
    /// `no <Kind>: <the deciding rule>`.
    pub reason: String,
    /// The fix in words.
    pub fix: String,
    /// The fix's edits of the user's text, in text order. With `params`, applying all of them
    /// produces the object; both are empty when the tool cannot apply the fix.
    pub edits: Vec<Edit>,
    /// The rack parameters the fix sets, `(name, value)`.
    pub params: Vec<(&'static str, &'static str)>,
    /// The owner's place: its key and everything under it.
    pub source: Option<Source>,
}

/// The absent objects with their owners' places and applicable fixes, for `text` (the text
/// the source map's spans point into).
pub fn build(list: Vec<absent::NotCreated>, map: &SourceMap, text: &str) -> Vec<Absent> {
    list.into_iter()
        .map(|a| {
            let path = match a.concept {
                Concept::Timer => "timers.",
                Concept::Resource => "resources.",
                _ => "services.",
            };
            let path = [path, a.owner.as_str()].concat();
            let source = map.get(&path).map(|span| Source {
                range: map.extent(&path).unwrap_or(span),
                span,
                path,
                keys: Vec::new(),
            });
            let actions = a.fix.actions.as_deref().unwrap_or_default();
            let params: Vec<_> = actions
                .iter()
                .filter_map(|x| match x {
                    Action::Param { name, value } => Some((*name, *value)),
                    _ => None,
                })
                .collect();
            let (edits, params) = match edits(text, map, actions) {
                Some(e) if !e.is_empty() || !params.is_empty() => (e, params),
                _ => (Vec::new(), Vec::new()),
            };
            Absent {
                concept: a.concept,
                owner: a.owner,
                kind: a.kind,
                name: a.name,
                reason: a.reason,
                fix: a.fix.text,
                edits,
                params,
                source,
            }
        })
        .collect()
}
